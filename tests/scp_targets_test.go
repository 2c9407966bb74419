package tests

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// runMultiGuards runs tests/testdata/Pulumi.multi.yaml with guards replaced by the given JSON.
func runMultiGuards(t *testing.T, guards string) *recorder.Recording {
	t.Helper()
	return runMultiWith(t, map[string]string{"guards": guards})
}

// runMultiWith runs tests/testdata/Pulumi.multi.yaml with the given keys (without the project
// prefix) replaced by the given JSON.
func runMultiWith(t *testing.T, replace map[string]string) *recorder.Recording {
	t.Helper()
	values := maps.Clone(stackConfig(t, "multi"))
	for k, v := range replace {
		values[config.Project+":"+k] = v
	}
	_, err := landingzone.LoadConfig("multi", getter(values))
	require.NoError(t, err)
	rec, err := recorder.Run(recorder.Options{Project: config.Project, Stack: "multi", Config: values}, landingzone.Run)
	require.NoError(t, err)
	return rec
}

// TestMultiAccountOrganizationGuardrailsTargetTheWorkloadAccounts: with
// runtime.organizationGuardrails.create and no targetIds, each guardrail SCP is attached to
// every workload account that hosts a spoke (config.Config.WorkloadAccountIDs, the deny guard's
// default); explicit targets replace them. Policies and attachments are created by the policy
// account's provider (organization.policyAccount: the management account or the delegated
// administrator; default the deploying account), never the hub's by default.
func TestMultiAccountOrganizationGuardrailsTargetTheWorkloadAccounts(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, og, org string
		targets       []string
		provider      string
	}{
		{"default: the workload accounts", `{"create":true}`, "", []string{multiResearch, multiDeploying}, "aws-us-east-1"},
		{"explicit root", `{"create":true,"targetIds":["r-ab12"]}`, "", []string{"r-ab12"}, "aws-us-east-1"},
		{"delegated administrator: the network account", `{"create":true}`, `{"policyAccount":"network"}`,
			[]string{multiResearch, multiDeploying}, "aws-us-east-1-network"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			edits := map[string]string{"runtime": `{"dnsFirewall":{"enabled":false},"organizationGuardrails":` + tc.og + `}`}
			if tc.org != "" {
				edits["organization"] = tc.org
			}
			rec := runMultiWith(t, edits)
			network := mustFind(t, rec, "pulumi:providers:aws", tc.provider).URN
			policies := rec.ByType("aws:organizations/policy:Policy")
			require.Len(t, policies, 2, "the network and sagemaker guardrails")
			var want []string
			for _, p := range policies {
				require.True(t, strings.HasPrefix(p.Name, "organization-guardrails-"), p.Name)
				assert.True(t, strings.HasPrefix(p.Provider, network+"::"), p.Name)
				for _, target := range tc.targets {
					a := mustFind(t, rec, "aws:organizations/policyAttachment:PolicyAttachment", p.Name+"-"+target)
					assert.Equal(t, p.ID, str(a.Input("policyId")))
					assert.Equal(t, target, str(a.Input("targetId")))
					assert.True(t, strings.HasPrefix(a.Provider, network+"::"), a.Name)
					want = append(want, a.Name)
				}
			}
			var got []string
			for _, a := range rec.ByType("aws:organizations/policyAttachment:PolicyAttachment") {
				got = append(got, a.Name)
			}
			assert.ElementsMatch(t, want, got)
		})
	}
}

// TestMultiAccountScpAttachedToWorkloadAccounts: with createServiceControlPolicy, only the
// deploying account's guardrails create the SCPs (one set for the organization, on the deploying
// account's provider); by default each SCP is attached to every workload account that hosts a
// spoke, or to guards.scpTargetIds when set; its documents name every workload account's spoke
// subnets, so that no attached account is denied its own Studio.
func TestMultiAccountScpAttachedToWorkloadAccounts(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, guards string
		targets      []string
	}{
		{"default: the workload accounts", `{"createServiceControlPolicy":true}`, []string{multiResearch, multiDeploying}},
		{"explicit OU", `{"createServiceControlPolicy":true,"scpTargetIds":["ou-ab12-abcdefgh"]}`, []string{"ou-ab12-abcdefgh"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := runMultiGuards(t, tc.guards)
			deploying := mustFind(t, rec, "pulumi:providers:aws", "aws-us-east-1").URN
			policies := rec.ByType("aws:organizations/policy:Policy")
			require.NotEmpty(t, policies)
			var atts []string
			for _, p := range policies {
				require.True(t, strings.HasPrefix(p.Name, "guardrails-scp-"), "one SCP set, the deploying account's: %s", p.Name)
				assert.True(t, strings.HasPrefix(p.Provider, deploying+"::"), p.Name)
				for _, target := range tc.targets {
					a := mustFind(t, rec, "aws:organizations/policyAttachment:PolicyAttachment", p.Name+"-"+target)
					assert.Equal(t, p.ID, str(a.Input("policyId")))
					assert.Equal(t, target, str(a.Input("targetId")))
					assert.Equal(t, []string{p.URN}, a.Dependencies)
					assert.True(t, strings.HasPrefix(a.Provider, deploying+"::"), a.Name)
					atts = append(atts, a.Name)
				}
			}
			assert.Len(t, rec.ByType("aws:organizations/policyAttachment:PolicyAttachment"), len(atts))
			scpSubnets := str(mustFind(t, rec, "aws:organizations/policy:Policy", "guardrails-scp-subnets").Input("content"))
			for _, spoke := range []string{"research", "analytics"} {
				for _, az := range []string{"us-east-1a", "us-east-1b"} {
					sn := mustFind(t, rec, "aws:ec2/subnet:Subnet", "spoke-"+spoke+"-subnet-"+az)
					assert.Contains(t, scpSubnets, sn.ID, "the SCP names spoke %s's subnet", spoke)
				}
			}
			assert.False(t, slices.ContainsFunc(rec.Resources, func(r recorder.Resource) bool {
				return strings.HasPrefix(r.Name, "guardrails-research-scp")
			}), "the research account's guardrails create no SCP")
		})
	}
}
