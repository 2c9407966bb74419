package tests

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/internal/stackconfig"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// runMultiGuards runs tests/testdata/Pulumi.multi.yaml with guards replaced by the given JSON.
func runMultiGuards(t *testing.T, guards string) *recorder.Recording {
	t.Helper()
	values, err := stackconfig.LoadFile(repoRoot(), filepath.Join(repoRoot(), "tests", "testdata", "Pulumi.multi.yaml"))
	require.NoError(t, err)
	values = maps.Clone(values)
	values[config.Project+":guards"] = guards
	_, err = config.FromGetter("multi", getter(values))
	require.NoError(t, err)
	rec, err := recorder.Run(recorder.Options{Project: config.Project, Stack: "multi", Config: values}, landingzone.Run)
	require.NoError(t, err)
	return rec
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
