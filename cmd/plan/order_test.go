package main

import (
	"encoding/json"
	"fmt"
	"sort"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// leakyProgram is the landing zone plus untagged VPCs and a NAT gateway, so that the plan has
// several violations of several policies to order.
func leakyProgram(ctx *pulumi.Context) error {
	if err := landingzone.Run(ctx); err != nil {
		return err
	}
	for i := range 3 {
		if _, err := ec2.NewVpc(ctx, fmt.Sprintf("untagged-vpc-%d", i), &ec2.VpcArgs{
			CidrBlock: pulumi.String(fmt.Sprintf("10.%d.0.0/16", 90+i))}); err != nil {
			return err
		}
	}
	_, err := ec2.NewNatGateway(ctx, "sneaky-nat", &ec2.NatGatewayArgs{SubnetId: pulumi.String("subnet-123")})
	return err
}

// TestPlanOutputIsDeterministic runs the plan twice per stack and format and compares the bytes
// (CI posts the plan as a pull request summary, so a reordering would show as a change), and
// checks the order itself: resources by URN, violations by policy then URN.
func TestPlanOutputIsDeterministic(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		program pulumi.RunFunc
		stack   string
		code    int
	}{
		{"dev", landingzone.Run, "dev", exitOK},
		{"prod", landingzone.Run, "prod", exitOK},
		{"dev with violations", leakyProgram, "dev", exitViolation},
	} {
		for _, format := range []string{"table", "json"} {
			t.Run(tc.name+"/"+format, func(t *testing.T) {
				t.Parallel()
				code1, out1, errs1 := plan(t, tc.program, "--stack", tc.stack, "--format", format)
				code2, out2, errs2 := plan(t, tc.program, "--stack", tc.stack, "--format", format)
				require.Equal(t, tc.code, code1, errs1)
				require.Equal(t, tc.code, code2, errs2)
				assert.Equal(t, out1, out2, "two runs print the same bytes")
				if format != "json" {
					return
				}
				var p planDoc
				require.NoError(t, json.Unmarshal([]byte(out1), &p))
				assert.True(t, sort.SliceIsSorted(p.Resources, func(i, j int) bool { return p.Resources[i].URN < p.Resources[j].URN }),
					"resources sorted by URN")
				assert.True(t, sort.SliceIsSorted(p.Violations, func(i, j int) bool {
					a, b := p.Violations[i], p.Violations[j]
					return a.Policy < b.Policy || (a.Policy == b.Policy && a.URN < b.URN)
				}), "violations sorted by policy, then URN")
				if tc.code == exitViolation {
					assert.GreaterOrEqual(t, len(p.Violations), 4)
				}
			})
		}
	}
}

// TestSortPlan orders a shuffled plan.
func TestSortPlan(t *testing.T) {
	t.Parallel()
	p := planDoc{
		Resources: []planResource{{URN: "urn:c"}, {URN: "urn:a"}, {URN: "urn:b"}},
		Violations: []planViolation{
			{Policy: "no-nat-gateway", URN: "urn:b"}, {Policy: "required-tags", URN: "urn:a"},
			{Policy: "no-nat-gateway", URN: "urn:a", Message: "y"}, {Policy: "no-nat-gateway", URN: "urn:a", Message: "x"},
		},
	}
	sortPlan(&p)
	assert.Equal(t, []planResource{{URN: "urn:a"}, {URN: "urn:b"}, {URN: "urn:c"}}, p.Resources)
	assert.Equal(t, []planViolation{
		{Policy: "no-nat-gateway", URN: "urn:a", Message: "x"}, {Policy: "no-nat-gateway", URN: "urn:a", Message: "y"},
		{Policy: "no-nat-gateway", URN: "urn:b"}, {Policy: "required-tags", URN: "urn:a"},
	}, p.Violations)
}
