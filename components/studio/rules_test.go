package studio

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/finops"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/guardfixture"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/netfixture"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
)

// TestExportedValidatorsAreTheConstructorsRules checks each exported Validate method on a passing
// and a failing case, that its problems are *ArgError values naming the field with the bad value,
// and that the constructor refuses the same arguments before registering anything.
func TestExportedValidatorsAreTheConstructorsRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		validate  func() error
		construct func(ctx *pulumi.Context) error
		field     string
		value     any
	}{
		{"SpokeVpc name too long for its flow-log role",
			func() error {
				return netfixture.SpokeArgs(2).Validate(strings.Repeat("s", network.MaxSpokeVpcNameLength+1))
			},
			func(ctx *pulumi.Context) error {
				_, err := network.NewSpokeVpc(ctx, strings.Repeat("s", network.MaxSpokeVpcNameLength+1), netfixture.SpokeArgs(2))
				return err
			}, "name", strings.Repeat("s", network.MaxSpokeVpcNameLength+1)},
		{"SpokeVpc bucket with '..'",
			func() error {
				a := netfixture.SpokeArgs(2)
				a.S3BucketNames = []string{"a..b"}
				return a.Validate("ml")
			},
			func(ctx *pulumi.Context) error {
				a := netfixture.SpokeArgs(2)
				a.S3BucketNames = []string{"a..b"}
				_, err := network.NewSpokeVpc(ctx, "ml", a)
				return err
			}, "S3BucketNames[0]", "a..b"},
		{"Guardrails name too long for the execution role",
			func() error {
				a := guardfixture.GuardrailsArgs()
				a.ExtraRoles = nil
				return a.Validate(strings.Repeat("g", security.MaxGuardrailsNameLength+1))
			},
			func(ctx *pulumi.Context) error {
				a := guardfixture.GuardrailsArgs()
				a.ExtraRoles = nil
				_, err := security.NewGuardrails(ctx, strings.Repeat("g", security.MaxGuardrailsNameLength+1), a)
				return err
			}, "name", strings.Repeat("g", security.MaxGuardrailsNameLength+1)},
		{"Guardrails log group ARN with :*",
			func() error {
				a := guardfixture.GuardrailsArgs()
				a.LogGroupArns = []string{"arn:aws:logs:us-east-1:123456789012:log-group:x:*"}
				return a.Validate("gr")
			},
			func(ctx *pulumi.Context) error {
				a := guardfixture.GuardrailsArgs()
				a.LogGroupArns = []string{"arn:aws:logs:us-east-1:123456789012:log-group:x:*"}
				_, err := security.NewGuardrails(ctx, "gr", a)
				return err
			}, "LogGroupArns[0]", "arn:aws:logs:us-east-1:123456789012:log-group:x:*"},
		{"Guardrails permissions too large for a managed policy",
			func() error {
				a := guardfixture.GuardrailsArgs()
				a.BucketNames = manyBuckets(100)
				return a.Validate("gr")
			},
			func(ctx *pulumi.Context) error {
				a := guardfixture.GuardrailsArgs()
				a.BucketNames = manyBuckets(100)
				_, err := security.NewGuardrails(ctx, "gr", a)
				return err
			}, "BucketNames", "100 buckets"},
		{"StudioDomain owner that is no AWS tag value",
			func() error { a := StudioTestArgs(); a.Users[1].Owner = "bob, team"; return a.Validate("d") },
			func(ctx *pulumi.Context) error {
				a := StudioTestArgs()
				a.Users[1].Owner = "bob, team"
				_, err := NewStudioDomain(ctx, "d", a)
				return err
			}, "Users[bob].Owner", "bob, team"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args, other := arg.Errors(tc.validate())
			require.Empty(t, other)
			require.Len(t, args, 1, "one problem: %v", args)
			assert.Equal(t, tc.field, args[0].Field)
			assert.Equal(t, tc.value, args[0].Value)
			assert.Contains(t, args[0].Error(), fmt.Sprintf("%s = %#v: want ", tc.field, tc.value))
			rec, err := componenttest.RunDev(t, tc.construct)
			componenttest.AssertRejected(t, rec, err, tc.field)
		})
	}
}

// TestExportedValidatorsAcceptValidArgs is the passing side: the valid fixtures, and names and
// lists right at the limits.
func TestExportedValidatorsAcceptValidArgs(t *testing.T) {
	t.Parallel()
	assert.NoError(t, netfixture.SpokeArgs(2).Validate(strings.Repeat("s", network.MaxSpokeVpcNameLength)))
	g := guardfixture.GuardrailsArgs()
	g.ExtraRoles = nil
	assert.NoError(t, g.Validate(strings.Repeat("g", security.MaxGuardrailsNameLength)))
	a := guardfixture.GuardrailsArgs()
	a.BucketNames = manyBuckets(10)
	assert.NoError(t, a.Validate("gr"))
	assert.NoError(t, StudioTestArgs().Validate("d"))
	assert.NoError(t, (&security.StudioSecurityGroupsArgs{VpcId: pulumi.String("vpc-1"), Hub: network.HubRef{Cidr: "10.0.0.0/20"},
		S3PrefixListId: pulumi.String("pl-1"), UserNames: []string{"alice"}}).Validate("sg"))
	assert.NoError(t, (&finops.NetworkBudgetArgs{MonthlyLimitUsd: 1, Emails: []string{"a@example.com"}}).Validate("b", "p-s-b"))
	assert.Error(t, (&finops.NetworkBudgetArgs{MonthlyLimitUsd: 1, Emails: []string{"a@example.com"}}).Validate("b", strings.Repeat("x", finops.BudgetNameMaxLength+1)))
	assert.NoError(t, (&network.EndpointHubArgs{Region: "us-east-1", CidrBlock: "10.0.0.0/22", AvailabilityZones: componenttest.NetAZs[:2]}).Validate("hub"))
}

func TestRulesHelpers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		got, want bool
	}{
		{network.ValidRegion("us-east-1"), true}, {network.ValidRegion("US East"), false},
		{network.ValidAvailabilityZone("us-east-1", "us-east-1a"), true}, {network.ValidAvailabilityZone("us-east-1", "us-east-1"), false},
		{network.ValidAvailabilityZone("us-east-1", "eu-west-1a"), false},
		{network.ValidSpokeName("research-1", 35), true}, {network.ValidSpokeName("Research", 35), false}, {network.ValidSpokeName("r-", 35), false},
		{network.ValidSpokeName(strings.Repeat("r", 36), 35), false},
		{network.ValidBucketName("my.data-1"), true}, {network.ValidBucketName("a..b"), false}, {network.ValidBucketName("arn:aws:s3:::x"), false},
		{arg.ValidTagValue("ml-platform@example.com"), true}, {arg.ValidTagValue("a, b"), false}, {arg.ValidTagValue(""), false},
		{arg.ValidTagValue(strings.Repeat("v", 257)), false},
		{arg.ValidEmail("a@example.com"), true}, {arg.ValidEmail("a@localhost"), false}, {arg.ValidEmail("A <a@example.com>"), false},
	} {
		assert.Equal(t, tc.want, tc.got)
	}
	assert.Equal(t, 64-8-len("guardrails-user-"), security.MaxExtraRoleKeyLength("guardrails"))
	assert.Equal(t, 41, network.MaxSpokeVpcNameLength)
	assert.Equal(t, "p-s-n", finops.DefaultBudgetName("p", "s", "n"))
	// ArgErrors finds problems through joins and wraps, and keeps other errors apart.
	p := core.NewProblems("X", "x")
	p.Bad("A", 1, "2")
	p.Missing("B", "set")
	args, other := arg.Errors(fmt.Errorf("wrapped: %w", p.Err()))
	require.Len(t, args, 2)
	assert.True(t, args[1].Missing)
	assert.Empty(t, other)
}

func manyBuckets(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("bucket-%02d-%s", i, strings.Repeat("b", 50))
	}
	return out
}
