package tests

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/internal/packinput"
	"github.com/vpconly/sagemaker-landing-zone/internal/packtest"
	"github.com/vpconly/sagemaker-landing-zone/policypack/policies"
)

// Every stack file's program, run under the recording mock, passes the policy pack: every
// registered resource is sent to the running pack over the Analyzer protocol (Analyze each, then
// AnalyzeStack) and evaluated by policies.Evaluate, with no violation at all, and none either
// under the shipped prod pack configuration (required tags and home retention mandatory).
// The leak programs that must fail are in tests/leaks.
func TestPolicyPackPassesStacks(t *testing.T) {
	t.Parallel()
	bin, err := packtest.Build(t.TempDir()) // this test's own directory, removed after its subtests
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join(repoRoot(), "policypack", "config", "prod.json"))
	require.NoError(t, err)
	var raw map[string]any
	require.NoError(t, json.Unmarshal(data, &raw))
	prodCfg, err := policies.ParseConfig(raw)
	require.NoError(t, err)

	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, _ := runStack(t, stack)
			rs := packinput.FromRecording(rec)
			require.NotEmpty(t, rs)

			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			p, err := packtest.Start(bin)
			require.NoError(t, err)
			defer p.Close()
			require.NoError(t, p.Setup(ctx, "sagemaker-landing-zone", stack, nil))
			vs, mismatch, err := packtest.Compare(ctx, p, rs)
			require.NoError(t, err)
			assert.Empty(t, mismatch)
			assert.Empty(t, vs, "stack %s", stack)
			assert.Empty(t, policies.Evaluate(rs, prodCfg), "stack %s under policypack/config/prod.json", stack)

			// The pack really looked: the program's domains are there and would fail if their
			// access type fell back to the default (PublicInternetOnly).
			var domains int
			for _, r := range rs {
				if r.Type != "aws:sagemaker/domain:Domain" {
					continue
				}
				domains++
				flipped := r
				flipped.Properties = r.Properties.Delete("appNetworkAccessType")
				got := policies.Evaluate([]policies.Resource{flipped}, policies.DefaultConfig())
				if assert.NotEmpty(t, got) {
					assert.Equal(t, "sagemaker-domain-vpc-only", got[0].Policy)
				}
			}
			assert.NotZero(t, domains, "stack %s registers SageMaker domains", stack)

			// The stack policy links the program's domains to their VPCs: an internet gateway
			// planted in each domain's VPC is caught once per domain.
			planted := append([]policies.Resource(nil), rs...)
			want := map[string]bool{}
			for _, r := range rs {
				if r.Type == "aws:sagemaker/domain:Domain" {
					want[r.URN] = true
					planted = append(planted, policies.Resource{URN: r.URN + "-igw", Type: "aws:ec2/internetGateway:InternetGateway",
						Name: r.Name + "-igw", Properties: property.NewMap(map[string]property.Value{"vpcId": r.Properties.Get("vpcId")})})
				}
			}
			got := map[string]bool{}
			for _, v := range policies.Evaluate(planted, policies.DefaultConfig()) {
				if v.Policy == "sagemaker-domain-private-vpc" {
					got[v.URN] = true
				}
			}
			assert.Equal(t, want, got)
		})
	}
}
