package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components"
	"github.com/vpconly/sagemaker-landing-zone/cost"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

const (
	tokBpaOptions   = "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions"
	tokFwAssoc      = "aws:route53/resolverFirewallRuleGroupAssociation:ResolverFirewallRuleGroupAssociation"
	tokFwConfig     = "aws:route53/resolverFirewallConfig:ResolverFirewallConfig"
	tokFwDomainList = "aws:route53/resolverFirewallDomainList:ResolverFirewallDomainList"
	tokQueryLogAsc  = "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation"
	tokConfigRule   = "aws:cfg/rule:Rule"
	tokDashboard    = "aws:cloudwatch/dashboard:Dashboard"
	tokTopic        = "aws:sns/topic:Topic"
	tokBudget       = "aws:budgets/budget:Budget"
	tokOrgPolicy    = "aws:organizations/policy:Policy"
)

func rtStr(r recorder.Resource, path string) string {
	if v := r.Input(path); v.IsString() {
		return v.StringValue()
	}
	return ""
}

// Every stack builds the runtime controls it enables (dev and prod all of them, the multi fixture
// all but the DNS Firewall); prod protects what deleting would weaken.
func TestStacksBuildTheRuntimeControls(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			protect := cfg.Protect()

			// Block Public Access: bidirectional, protected in prod.
			bpa := mustFind(t, rec, tokBpaOptions, "block-public-access-options")
			assert.Equal(t, components.BlockPublicAccessMode, rtStr(bpa, "internetGatewayBlockMode"))
			assert.Equal(t, protect, bpa.Protect)

			// DNS Firewall on the hub and every spoke, fail closed, query logs. The multi fixture
			// turns it off: it is not built across accounts (validation requires enabled false
			// while a spoke is in another account than the hub; README "Multi-account").
			if !cfg.Runtime.DnsFirewallEnabled() {
				for _, typ := range []string{tokFwAssoc, tokFwConfig, tokFwDomainList, tokQueryLogAsc} {
					assert.Empty(t, rec.ByType(typ), "DNS Firewall off: no %s", typ)
				}
			} else {
				vpcs := map[string]string{"hub": mustFind(t, rec, tokVpc, "hub-vpc").ID}
				for _, s := range cfg.Spokes {
					vpcs["spoke-"+s.Name] = mustFind(t, rec, tokVpc, "spoke-"+s.Name+"-vpc").ID
				}
				assert.Len(t, rec.ByType(tokFwAssoc), len(vpcs))
				for key, id := range vpcs {
					a := mustFind(t, rec, tokFwAssoc, "dns-firewall-"+key)
					assert.Equal(t, id, rtStr(a, "vpcId"))
					assert.Equal(t, protect, a.Protect)
					c := mustFind(t, rec, tokFwConfig, "dns-firewall-"+key+"-config")
					assert.Equal(t, id, rtStr(c, "resourceId"))
					assert.Equal(t, "DISABLED", rtStr(c, "firewallFailOpen"))
					assert.Equal(t, id, rtStr(mustFind(t, rec, tokQueryLogAsc, "dns-firewall-"+key+"-query-log"), "resourceId"))
				}
				allowed := recorder.Strings(mustFind(t, rec, tokFwDomainList, "dns-firewall-allowed").Input("domains"))
				for _, k := range cfg.Hub.Endpoints {
					e, ok := components.LookupEndpoint(k)
					require.True(t, ok)
					assert.Contains(t, allowed, e.ZoneName(cfg.Region), k)
					assert.Contains(t, allowed, e.RecordName(cfg.Region), k)
				}
				for _, d := range cfg.Runtime.DnsFirewall.ExtraAllowedDomains {
					assert.Contains(t, allowed, d)
				}
			}

			// Detective rules, the dashboard, the encrypted topic the budget notifies.
			assert.Len(t, rec.ByType(tokConfigRule), len(components.DetectiveRules()))
			assert.Len(t, rec.ByType(tokDashboard), 1)
			topics := rec.ByType(tokTopic)
			require.Len(t, topics, 1)
			assert.NotEmpty(t, rtStr(topics[0], "kmsMasterKeyId"))
			if cfg.Budget != nil {
				arn := topics[0].Outputs["arn"].StringValue()
				for _, n := range rec.ByType(tokBudget)[0].Input("notifications").ArrayValue() {
					assert.Equal(t, []string{arn}, recorder.Strings(recorder.Lookup(n.ObjectValue(), "subscriberSnsTopicArns")))
				}
			}
			// Organization guardrails are rendered, not created, unless configured.
			if !cfg.Runtime.OrganizationGuardrails.Create && !cfg.Guards.CreateServiceControlPolicy {
				assert.Empty(t, rec.ByType(tokOrgPolicy))
			}
		})
	}
}

// The README documents the Config rules' Guard policies, managed rule identifiers and metric
// filter patterns exactly as the code has them.
func TestReadmeDocumentsRuntimePatterns(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(repoRoot(), "README.md"))
	require.NoError(t, err)
	readme := string(b)
	for _, r := range components.DetectiveRules() {
		if r.ManagedIdentifier != "" {
			assert.Contains(t, readme, "`"+r.ManagedIdentifier+"`")
		} else {
			assert.Contains(t, readme, r.GuardPolicy, "Guard policy of %s", r.Key)
		}
	}
	_, cfg := runStack(t, "dev")
	cidrs := []string{cfg.Hub.CIDR}
	for _, s := range cfg.Spokes {
		cidrs = append(cidrs, s.CIDR)
	}
	flow, err := components.FlowLogRejectOutsidePattern(cidrs)
	require.NoError(t, err)
	for _, p := range []string{
		flow,
		components.DnsFirewallBlockedPattern,
		components.ComplianceChangePattern(cfg.ConfigRuleNamePrefix()+"-"+components.DetectiveDomainVpcOnlyKey, "COMPLIANT"),
		components.ComplianceChangePattern(cfg.ConfigRuleNamePrefix()+"-"+components.DetectiveDomainVpcOnlyKey, "NON_COMPLIANT"),
	} {
		assert.True(t, strings.Contains(readme, p), "README lacks the metric filter pattern %s", p)
	}
}

// The README's runtime cost figures are what the cost model computes for dev and prod (±$1).
func TestReadmeRuntimeCostFigures(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(repoRoot(), "README.md"))
	require.NoError(t, err)
	readme := string(b)
	for stack, want := range map[string]float64{"dev": 34, "prod": 50} {
		_, cfg := runStack(t, stack)
		e, err := cost.ComputeRuntime(landingzone.RuntimeCostInputs(cfg))
		require.NoError(t, err)
		assert.InDelta(t, want, e.MonthlyUSD, 1, stack)
		assert.Contains(t, readme, fmt.Sprintf("%s ≈ **$%.0f/month**", stack, want))
	}
}
