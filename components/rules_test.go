package components

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
			func() error { return netSpokeArgs(2).Validate(strings.Repeat("s", MaxSpokeVpcNameLength+1)) },
			func(ctx *pulumi.Context) error {
				_, err := NewSpokeVpc(ctx, strings.Repeat("s", MaxSpokeVpcNameLength+1), netSpokeArgs(2))
				return err
			}, "name", strings.Repeat("s", MaxSpokeVpcNameLength+1)},
		{"SpokeVpc bucket with '..'",
			func() error { a := netSpokeArgs(2); a.S3BucketNames = []string{"a..b"}; return a.Validate("ml") },
			func(ctx *pulumi.Context) error {
				a := netSpokeArgs(2)
				a.S3BucketNames = []string{"a..b"}
				_, err := NewSpokeVpc(ctx, "ml", a)
				return err
			}, "S3BucketNames[0]", "a..b"},
		{"Guardrails name too long for the execution role",
			func() error {
				a := grArgs()
				a.ExtraRoles = nil
				return a.Validate(strings.Repeat("g", MaxGuardrailsNameLength+1))
			},
			func(ctx *pulumi.Context) error {
				a := grArgs()
				a.ExtraRoles = nil
				_, err := NewGuardrails(ctx, strings.Repeat("g", MaxGuardrailsNameLength+1), a)
				return err
			}, "name", strings.Repeat("g", MaxGuardrailsNameLength+1)},
		{"Guardrails log group ARN with :*",
			func() error {
				a := grArgs()
				a.LogGroupArns = []string{"arn:aws:logs:us-east-1:123456789012:log-group:x:*"}
				return a.Validate("gr")
			},
			func(ctx *pulumi.Context) error {
				a := grArgs()
				a.LogGroupArns = []string{"arn:aws:logs:us-east-1:123456789012:log-group:x:*"}
				_, err := NewGuardrails(ctx, "gr", a)
				return err
			}, "LogGroupArns[0]", "arn:aws:logs:us-east-1:123456789012:log-group:x:*"},
		{"Guardrails permissions too large for a managed policy",
			func() error { a := grArgs(); a.BucketNames = manyBuckets(100); return a.Validate("gr") },
			func(ctx *pulumi.Context) error {
				a := grArgs()
				a.BucketNames = manyBuckets(100)
				_, err := NewGuardrails(ctx, "gr", a)
				return err
			}, "BucketNames", "100 buckets"},
		{"StudioDomain owner that is no AWS tag value",
			func() error { a := studioTestArgs(); a.Users[1].Owner = "bob, team"; return a.Validate("d") },
			func(ctx *pulumi.Context) error {
				a := studioTestArgs()
				a.Users[1].Owner = "bob, team"
				_, err := NewStudioDomain(ctx, "d", a)
				return err
			}, "Users[bob].Owner", "bob, team"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args, other := ArgErrors(tc.validate())
			require.Empty(t, other)
			require.Len(t, args, 1, "one problem: %v", args)
			assert.Equal(t, tc.field, args[0].Field)
			assert.Equal(t, tc.value, args[0].Value)
			assert.Contains(t, args[0].Error(), fmt.Sprintf("%s = %#v: want ", tc.field, tc.value))
			rec, err := runDev(t, tc.construct)
			assertRejected(t, rec, err, tc.field)
		})
	}
}

// TestExportedValidatorsAcceptValidArgs is the passing side: the valid fixtures, and names and
// lists right at the limits.
func TestExportedValidatorsAcceptValidArgs(t *testing.T) {
	t.Parallel()
	assert.NoError(t, netSpokeArgs(2).Validate(strings.Repeat("s", MaxSpokeVpcNameLength)))
	g := grArgs()
	g.ExtraRoles = nil
	assert.NoError(t, g.Validate(strings.Repeat("g", MaxGuardrailsNameLength)))
	a := grArgs()
	a.BucketNames = manyBuckets(10)
	assert.NoError(t, a.Validate("gr"))
	assert.NoError(t, studioTestArgs().Validate("d"))
	assert.NoError(t, (&StudioSecurityGroupsArgs{VpcId: pulumi.String("vpc-1"), Hub: HubRef{Cidr: "10.0.0.0/20"},
		S3PrefixListId: pulumi.String("pl-1"), UserNames: []string{"alice"}}).Validate("sg"))
	assert.NoError(t, (&NetworkBudgetArgs{MonthlyLimitUsd: 1, Emails: []string{"a@example.com"}}).Validate("b", "p-s-b"))
	assert.Error(t, (&NetworkBudgetArgs{MonthlyLimitUsd: 1, Emails: []string{"a@example.com"}}).Validate("b", strings.Repeat("x", BudgetNameMaxLength+1)))
	assert.NoError(t, (&EndpointHubArgs{Region: "us-east-1", CidrBlock: "10.0.0.0/22", AvailabilityZones: netAZs[:2]}).Validate("hub"))
}

func TestRulesHelpers(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		got, want bool
	}{
		{ValidRegion("us-east-1"), true}, {ValidRegion("US East"), false},
		{ValidAvailabilityZone("us-east-1", "us-east-1a"), true}, {ValidAvailabilityZone("us-east-1", "us-east-1"), false},
		{ValidAvailabilityZone("us-east-1", "eu-west-1a"), false},
		{ValidSpokeName("research-1", 35), true}, {ValidSpokeName("Research", 35), false}, {ValidSpokeName("r-", 35), false},
		{ValidSpokeName(strings.Repeat("r", 36), 35), false},
		{ValidBucketName("my.data-1"), true}, {ValidBucketName("a..b"), false}, {ValidBucketName("arn:aws:s3:::x"), false},
		{ValidTagValue("ml-platform@example.com"), true}, {ValidTagValue("a, b"), false}, {ValidTagValue(""), false},
		{ValidTagValue(strings.Repeat("v", 257)), false},
		{ValidEmail("a@example.com"), true}, {ValidEmail("a@localhost"), false}, {ValidEmail("A <a@example.com>"), false},
	} {
		assert.Equal(t, tc.want, tc.got)
	}
	assert.Equal(t, 64-8-len("guardrails-user-"), MaxExtraRoleKeyLength("guardrails"))
	assert.Equal(t, 41, MaxSpokeVpcNameLength)
	assert.Equal(t, "p-s-n", DefaultBudgetName("p", "s", "n"))
	// ArgErrors finds problems through joins and wraps, and keeps other errors apart.
	p := newProblems("X", "x")
	p.bad("A", 1, "2")
	p.missing("B", "set")
	args, other := ArgErrors(fmt.Errorf("wrapped: %w", p.err()))
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
