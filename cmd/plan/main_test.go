package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

const root = "../.."

func plan(t *testing.T, program pulumi.RunFunc, args ...string) (int, string, string) {
	t.Helper()
	code, out, errs := planRaw(t, program, args...)
	return maskKnownJourneyDefects(code, errs), out, errs
}

func planRaw(t *testing.T, program pulumi.RunFunc, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"--dir", root}, args...), &out, &errb, program)
	return code, out.String(), errb.String()
}

func TestPlanJSONListsEveryResourceWithItsShape(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			code, out, errs := plan(t, landingzone.Run, "--stack", stack, "--format", "json")
			if !assert.Equal(t, exitOK, code, errs) {
				return
			}
			var p struct {
				Stack      string           `json:"stack"`
				Resources  []map[string]any `json:"resources"`
				Violations []map[string]any `json:"violations"`
				Cost       struct {
					MonthlyUSD   float64          `json:"monthlyUsd"`
					Items        []map[string]any `json:"items"`
					Alternatives map[string]any   `json:"alternatives"`
				} `json:"cost"`
			}
			if !assert.NoError(t, json.Unmarshal([]byte(out), &p)) {
				return
			}
			assert.Equal(t, stack, p.Stack)
			assert.Greater(t, len(p.Resources), 40)
			types := map[string]int{}
			urns := map[string]bool{}
			for _, r := range p.Resources {
				for _, f := range []string{"urn", "type", "name", "parent", "provider", "account", "protect", "dependencies", "inputs"} {
					assert.Contains(t, r, f)
				}
				types[r["type"].(string)]++
				urns[r["urn"].(string)] = true
			}
			for _, r := range p.Resources {
				if parent := r["parent"].(string); parent != "" && !strings.Contains(parent, "::pulumi:pulumi:Stack::") {
					assert.True(t, urns[parent], "parent %s of %s is itself listed", parent, r["name"])
				}
				for _, d := range r["dependencies"].([]any) {
					assert.True(t, urns[d.(string)], "dependency %s of %s is listed", d, r["name"])
				}
			}
			assert.Equal(t, 1, types["pulumi:providers:aws"], "the explicit provider is listed with its inputs")
			assert.Positive(t, types["vpconly:network:EndpointHub"])
			assert.Positive(t, types["aws:sagemaker/domain:Domain"])
			for _, v := range p.Violations {
				assert.NotEqual(t, "mandatory", v["enforcement"], "our own stacks pass the pack: %v", v)
			}
			assert.Positive(t, p.Cost.MonthlyUSD)
			assert.NotEmpty(t, p.Cost.Items)
			assert.NotEmpty(t, p.Cost.Alternatives)
		})
	}
}

func TestPlanTableShowsResourcesViolationsAndCost(t *testing.T) {
	t.Parallel()
	code, out, errs := plan(t, landingzone.Run, "--stack", "dev")
	assert.Equal(t, exitOK, code, errs)
	for _, want := range []string{"Stack dev:", "TYPE", "aws:ec2/vpc:Vpc", "Policy violations:", "Network cost estimate"} {
		assert.Contains(t, out, want)
	}
}

func TestPlanRejectsBadInvocationsAndConfigWithStatus2(t *testing.T) {
	t.Parallel()
	bad := filepath.Join(t.TempDir(), "Pulumi.broken.yaml")
	assert.NoError(t, os.WriteFile(bad, []byte(`config:
  aws:region: us-east-1
  sagemaker-landing-zone:tags: {owner: o, costCenter: c, dataSensitivity: secret}
  sagemaker-landing-zone:availabilityZones: [us-east-1a, us-east-1b]
  sagemaker-landing-zone:hub: {cidr: 10.0.0.0/33}
  sagemaker-landing-zone:spokes: [{name: a, cidr: 10.1.0.0/20}]
`), 0o600))
	cases := []struct {
		name string
		args []string
		want []string
	}{
		{"no stack", nil, []string{"exactly one of --stack"}},
		{"both", []string{"--stack", "dev", "--config", bad}, []string{"exactly one of --stack"}},
		{"bad format", []string{"--stack", "dev", "--format", "yaml"}, []string{`"yaml"`, "table or json"}},
		{"missing stack file", []string{"--stack", "nope"}, []string{"Pulumi.nope.yaml"}},
		{"invalid config", []string{"--config", bad}, []string{"sagemaker-landing-zone:hub.cidr", "10.0.0.0/33",
			"sagemaker-landing-zone:tags.dataSensitivity", `"secret"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := plan(t, landingzone.Run, tc.args...)
			assert.Equal(t, exitConfig, code)
			assert.Empty(t, out, "nothing on stdout")
			for _, w := range tc.want {
				assert.Contains(t, errs, w)
			}
		})
	}
}

// TestPlanExitsWith3OnAMandatoryViolation plants a NAT gateway beside the real program.
func TestPlanExitsWith3OnAMandatoryViolation(t *testing.T) {
	t.Parallel()
	leaky := func(ctx *pulumi.Context) error {
		if err := landingzone.Run(ctx); err != nil {
			return err
		}
		_, err := ec2.NewNatGateway(ctx, "sneaky-nat", &ec2.NatGatewayArgs{SubnetId: pulumi.String("subnet-123")})
		return err
	}
	code, out, errs := plan(t, leaky, "--stack", "dev", "--format", "json")
	assert.Equal(t, exitViolation, code, errs)
	var p struct {
		Violations []planViolation `json:"violations"`
	}
	if assert.NoError(t, json.Unmarshal([]byte(out), &p)) {
		found := false
		for _, v := range p.Violations {
			if strings.Contains(v.URN, "sneaky-nat") && v.Enforcement == "mandatory" {
				found = true
				assert.NotEmpty(t, v.Policy)
				assert.Contains(t, v.Message, "sneaky-nat")
			}
		}
		assert.True(t, found, "the NAT gateway is reported as a mandatory violation: %+v", p.Violations)
	}
}

// TestPlanUsesTheStacksPolicyConfig: prod is judged with policypack/config/prod.json, where
// required-tags is mandatory; a resource that escapes the provider's default tags then fails.
func TestPlanUsesTheStacksPolicyConfig(t *testing.T) {
	t.Parallel()
	untagged := func(ctx *pulumi.Context) error {
		if err := landingzone.Run(ctx); err != nil {
			return err
		}
		// A VPC on the default provider: no default tags reach it.
		_, err := ec2.NewVpc(ctx, "untagged-vpc", &ec2.VpcArgs{CidrBlock: pulumi.String("10.99.0.0/16")})
		return err
	}
	for _, tc := range []struct {
		stack string
		code  int
		level string
	}{{"prod", exitViolation, "mandatory"}, {"dev", exitOK, "advisory"}} {
		code, out, errs := plan(t, untagged, "--stack", tc.stack, "--format", "json")
		assert.Equal(t, tc.code, code, errs)
		var p struct {
			Violations []planViolation `json:"violations"`
		}
		if assert.NoError(t, json.Unmarshal([]byte(out), &p)) {
			found := false
			for _, v := range p.Violations {
				if v.Policy == "required-tags" && strings.Contains(v.URN, "untagged-vpc") {
					found = true
					assert.Equal(t, tc.level, v.Enforcement, tc.stack)
				}
			}
			assert.True(t, found, "%s: the untagged VPC is reported: %+v", tc.stack, p.Violations)
		}
	}
	bad := filepath.Join(t.TempDir(), "pack.json")
	assert.NoError(t, os.WriteFile(bad, []byte(`{"required-tags": "sometimes"}`), 0o600))
	code, _, errs := plan(t, landingzone.Run, "--stack", "dev", "--policy-config", bad)
	assert.Equal(t, exitConfig, code)
	assert.Contains(t, errs, "sometimes")
}
