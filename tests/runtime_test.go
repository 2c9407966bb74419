package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/runtime"
	"github.com/vpconly/sagemaker-landing-zone/config"
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

// Every stack builds the runtime controls it enables, in every account with a VPC of the landing
// zone (the hub's, then each other workload account: Block Public Access, the DNS Firewall on that
// account's VPCs, the Config rules, the dashboard and its encrypted alert topic, each on that
// account's provider); prod protects what deleting would weaken.
func TestStacksBuildTheRuntimeControls(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			protect := cfg.Protect()
			accounts := cfg.RuntimeAccounts()
			provOf := accountProviders(t, rec, cfg)
			on := onProviderOf(t, provOf)
			for _, acct := range accounts {
				name := func(base string) string { return landingzone.RuntimeName(cfg, base, acct) }

				// Block Public Access: bidirectional, protected in prod.
				bpa := mustFind(t, rec, tokBpaOptions, name("block-public-access")+"-options")
				assert.Equal(t, runtime.BlockPublicAccessMode, rtStr(bpa, "internetGatewayBlockMode"))
				assert.Equal(t, protect, bpa.Protect)
				on(bpa, acct)

				// DNS Firewall on this account's VPCs (the hub in the hub's), fail closed, query logs.
				if cfg.Runtime.DnsFirewallEnabled() {
					vpcs := map[string]string{}
					if acct == cfg.HubAccount() {
						vpcs["hub"] = mustFind(t, rec, tokVpc, "hub-vpc").ID
					}
					for _, s := range cfg.Spokes {
						if cfg.SpokeAccount(s.Name) == acct {
							vpcs["spoke-"+s.Name] = mustFind(t, rec, tokVpc, "spoke-"+s.Name+"-vpc").ID
						}
					}
					for key, id := range vpcs {
						a := mustFind(t, rec, tokFwAssoc, name("dns-firewall")+"-"+key)
						assert.Equal(t, id, rtStr(a, "vpcId"))
						assert.Equal(t, protect, a.Protect)
						on(a, acct)
						c := mustFind(t, rec, tokFwConfig, name("dns-firewall")+"-"+key+"-config")
						assert.Equal(t, id, rtStr(c, "resourceId"))
						assert.Equal(t, "DISABLED", rtStr(c, "firewallFailOpen"))
						on(c, acct)
						assert.Equal(t, id, rtStr(mustFind(t, rec, tokQueryLogAsc, name("dns-firewall")+"-"+key+"-query-log"), "resourceId"))
					}
					list := mustFind(t, rec, tokFwDomainList, name("dns-firewall")+"-allowed")
					on(list, acct)
					allowed := recorder.Strings(list.Input("domains"))
					for _, k := range cfg.Hub.Endpoints {
						e, ok := network.LookupEndpoint(k)
						require.True(t, ok)
						assert.Contains(t, allowed, e.ZoneName(cfg.Region), k)
						assert.Contains(t, allowed, e.RecordName(cfg.Region), k)
					}
					for _, d := range cfg.Runtime.DnsFirewall.ExtraAllowedDomains {
						assert.Contains(t, allowed, d)
					}
				}
				rules := 0
				for _, r := range rec.ByType(tokConfigRule) {
					if strings.HasSuffix(r.Parent, "::"+name("detective")) {
						on(r, acct)
						rules++
					}
				}
				assert.Equal(t, len(runtime.DetectiveRules()), rules, "the Config rules in account %q", acct)
				on(mustFind(t, rec, tokDashboard, name("kpi")), acct)
			}
			if cfg.Runtime.DnsFirewallEnabled() {
				assert.Len(t, rec.ByType(tokFwAssoc), 1+len(cfg.Spokes), "every VPC once")
			} else {
				for _, typ := range []string{tokFwAssoc, tokFwConfig, tokFwDomainList, tokQueryLogAsc} {
					assert.Empty(t, rec.ByType(typ), "DNS Firewall off: no %s", typ)
				}
			}

			// Detective rules, the dashboard, the encrypted topic, per account; the budget
			// notifies the hub account's topic.
			assert.Len(t, rec.ByType(tokConfigRule), len(accounts)*len(runtime.DetectiveRules()))
			assert.Len(t, rec.ByType(tokDashboard), len(accounts))
			topics := rec.ByType(tokTopic)
			require.Len(t, topics, len(accounts))
			for _, tp := range topics {
				assert.NotEmpty(t, rtStr(tp, "kmsMasterKeyId"), tp.Name)
			}
			if cfg.Budget != nil {
				hubTopic := mustFind(t, rec, tokTopic, "kpi-alerts")
				arn := hubTopic.Outputs["arn"].StringValue()
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

// runtimeDoc is the documentation page of the runtime controls.
const runtimeDoc = "docs/components/runtime.md"

// The runtime controls' page (with the other docs/*.md pages) documents the Config rules' Guard policies, managed rule identifiers
// and metric filter patterns exactly as the code has them.
func TestReadmeDocumentsRuntimePatterns(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(repoRoot(), runtimeDoc))
	require.NoError(t, err)
	docs, err := filepath.Glob(filepath.Join(repoRoot(), "docs", "*.md"))
	require.NoError(t, err)
	for _, d := range docs {
		more, err := os.ReadFile(d)
		require.NoError(t, err)
		b = append(append(b, '\n'), more...)
	}
	readme := string(b)
	for _, r := range runtime.DetectiveRules() {
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
	flow, err := runtime.FlowLogRejectOutsidePattern(cidrs)
	require.NoError(t, err)
	for _, p := range []string{
		flow,
		runtime.DnsFirewallBlockedPattern,
		runtime.ComplianceChangePattern(cfg.ConfigRuleNamePrefix()+"-"+runtime.DetectiveDomainVpcOnlyKey, "COMPLIANT"),
		runtime.ComplianceChangePattern(cfg.ConfigRuleNamePrefix()+"-"+runtime.DetectiveDomainVpcOnlyKey, "NON_COMPLIANT"),
	} {
		assert.True(t, strings.Contains(readme, p), runtimeDoc+" lacks the metric filter pattern %s", p)
	}
}

// The runtime controls' page's runtime cost figures are what the cost model computes for dev and prod (±$1).
func TestReadmeRuntimeCostFigures(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(repoRoot(), runtimeDoc))
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

// accountProviders maps each AccountKey of cfg's runtime accounts to its provider's URN:
// "aws-<region>" for the deploying account (""), "aws-<region>-<name>" for the others.
func accountProviders(t *testing.T, rec *recorder.Recording, cfg *config.Config) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, acct := range cfg.RuntimeAccounts() {
		name := "aws-" + cfg.Region
		if acct != "" {
			name += "-" + acct
		}
		out[acct] = mustFind(t, rec, "pulumi:providers:aws", name).URN
	}
	return out
}
