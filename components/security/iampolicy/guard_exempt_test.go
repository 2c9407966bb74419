package iampolicy_test

import (
	"github.com/vpconly/sagemaker-landing-zone/internal/guardcases"

	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
)

// TestValidatePrincipalArnPatterns: role ARNs and role patterns pass; anything that is not a
// role, that exempts every role, or that is malformed yields exactly its own error.
func TestValidatePrincipalArnPatterns(t *testing.T) {
	t.Parallel()
	long := "arn:aws:iam::111111111111:role/" + strings.Repeat("a", 65)
	cases := []struct {
		pattern string
		want    string // "" for valid
	}{
		{"arn:aws:iam::111111111111:role/pulumi-deploy", ""},
		{"arn:aws:iam::111111111111:role/platform/ci/pulumi-deploy", ""},
		{"arn:aws:iam::*:role/pulumi-deploy-*", ""},
		{"arn:aws:iam::111111111111:role/team-?-deploy", ""},
		{"arn:aws-us-gov:iam::111111111111:role/deploy", ""},
		{"arn:aws:iam::111111111111:role/*", "not only wildcards"},
		{"arn:aws:iam::111111111111:role/platform/*", "not only wildcards"},
		{"arn:aws:iam::111111111111:user/alice", "an IAM role ARN"},
		{"arn:aws:sts::111111111111:assumed-role/deploy/s", "an IAM role ARN"},
		{"arn:aws:iam::1111:role/deploy", "an IAM role ARN"},
		{"arn:aws:iam:us-east-1:111111111111:role/deploy", "an IAM role ARN"},
		{"arn:*:iam::111111111111:role/deploy", "an IAM role ARN"},
		{"arn:aws:iam::11111111111?:role/deploy", "an IAM role ARN"},
		{"*", "an IAM role ARN"},
		{long, "at most 64 characters"},
		{"arn:aws:iam::111111111111:role/a//b", "without empty segments"},
	}
	for _, tc := range cases {
		t.Run(tc.pattern, func(t *testing.T) {
			t.Parallel()
			err := iampolicy.ValidatePrincipalArnPatterns("f", []string{tc.pattern})
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), fmt.Sprintf("f[0] = %q: want ", tc.pattern))
			assert.Contains(t, err.Error(), tc.want)
			assert.Equal(t, 1, strings.Count(err.Error(), "f["), err.Error())
		})
	}
	t.Run("duplicates", func(t *testing.T) {
		t.Parallel()
		p := "arn:aws:iam::111111111111:role/deploy"
		err := iampolicy.ValidatePrincipalArnPatterns("f", []string{p, p})
		require.Error(t, err)
		assert.Contains(t, err.Error(), fmt.Sprintf("f[1] = %q: want each pattern once (f[0] has it)", p))
	})
	t.Run("too many characters in all", func(t *testing.T) {
		t.Parallel()
		var many []string
		for i := 0; len(strings.Join(many, "")) <= iampolicy.MaxExemptPatternChars; i++ {
			many = append(many, fmt.Sprintf("arn:aws:iam::111111111111:role/deploy-%03d", i))
		}
		err := iampolicy.ValidatePrincipalArnPatterns("f", many)
		require.Error(t, err)
		assert.Contains(t, err.Error(), fmt.Sprintf("want at most %d characters in all", iampolicy.MaxExemptPatternChars))
		assert.NoError(t, iampolicy.ValidatePrincipalArnPatterns("f", many[:len(many)-1]))
	})
}

// TestExemptPrincipals: the condition exempts exactly the matching principals, ANDed with each
// statement's own conditions; an empty list exempts no one.
func TestExemptPrincipals(t *testing.T) {
	t.Parallel()
	assert.Nil(t, iampolicy.ExemptPrincipals(nil))
	cond := iampolicy.ExemptPrincipals([]string{"arn:aws:iam::*:role/deploy", "arn:aws:iam::111111111111:role/ci", "arn:aws:iam::*:role/deploy"})
	assert.Equal(t, iampolicy.Condition{"ArnNotLike": {iampolicy.KeyPrincipalArn: {"arn:aws:iam::*:role/deploy", "arn:aws:iam::111111111111:role/ci"}}}, cond)

	stmts, err := iampolicy.ServiceControlGuard(guardcases.CaseSpec(true), []string{"arn:aws:iam::*:role/deploy"})
	require.NoError(t, err)
	doc, err := iamsim.Parse([]byte(iampolicy.NewDocument(stmts...).MustJSON()))
	require.NoError(t, err)
	req := func(principal string, keys map[string][]string) iamsim.Request {
		k := map[string][]string{iampolicy.KeyPrincipalArn: {principal}}
		for key, v := range keys {
			k[key] = v
		}
		return iamsim.Request{Action: "sagemaker:UpdateDomain", Keys: k}
	}
	for _, c := range []struct {
		name      string
		principal string
		keys      map[string][]string
		want      iamsim.Decision
	}{
		{"deployer in any account, no subnets", "arn:aws:iam::222222222222:role/deploy", nil, iamsim.NotApplicable},
		{"another role, no subnets", "arn:aws:iam::222222222222:role/deployer", nil, iamsim.Deny},
		{"a user of the same name", "arn:aws:iam::222222222222:user/deploy", nil, iamsim.Deny},
		{"no principal ARN (absent key)", "", nil, iamsim.Deny},
	} {
		r := req(c.principal, c.keys)
		if c.principal == "" {
			r = iamsim.Request{Action: "sagemaker:UpdateDomain"}
		}
		res, err := doc.Evaluate(r)
		require.NoError(t, err)
		assert.Equal(t, c.want, res.Decision, "%s: %v", c.name, res.Matched)
	}

	// WithCondition refuses to merge a key a statement already tests, and leaves Allows alone.
	_, err = iampolicy.WithCondition(stmts, iampolicy.ExemptPrincipals([]string{"arn:aws:iam::*:role/x"}))
	assert.ErrorContains(t, err, "already tests ArnNotLike aws:PrincipalArn")
	allow := []iampolicy.Statement{{Sid: "A", Effect: iampolicy.Allow, Action: iampolicy.Values{"s3:GetObject"}, Resource: iampolicy.Values{"*"}}}
	out, err := iampolicy.WithCondition(allow, cond)
	require.NoError(t, err)
	assert.Nil(t, out[0].Condition)
	_, err = iampolicy.ServiceControlGuard(guardcases.CaseSpec(true), []string{"arn:aws:iam::*:role/*"})
	assert.ErrorContains(t, err, "not only wildcards")
}

// TestServiceControlGuardFitsWithMaxExemption: with MaxExemptPatternChars of patterns and the
// default capacities (48 subnets, 64 security groups, regulated), every SCP statement still fits
// an SCP, and the layout has one document per group.
func TestServiceControlGuardFitsWithMaxExemption(t *testing.T) {
	t.Parallel()
	var exempt []string
	for i := 0; ; i++ {
		p := fmt.Sprintf("arn:aws-us-gov:iam::111111111111:role/platform/deployers/%s/pulumi-deploy-%042d", strings.Repeat("p", 40), i)
		if len(strings.Join(append(exempt, p), "")) > iampolicy.MaxExemptPatternChars {
			break
		}
		exempt = append(exempt, p)
	}
	require.NoError(t, iampolicy.ValidatePrincipalArnPatterns("exempt", exempt))
	layout, keys, err := iampolicy.ServiceControlLayout(iampolicy.WorstCaseSpec(48, 64, 1, true, true), exempt, iampolicy.SCPLimit)
	require.NoError(t, err)
	assert.Len(t, layout, len(keys))
	assert.Subset(t, keys, []string{iampolicy.GroupSubnets, iampolicy.GroupSecurityGroups, iampolicy.GroupSettings})
	docs, err := iampolicy.ServiceControlDocuments(iampolicy.WorstCaseSpec(48, 64, 1, true, true), exempt, layout, iampolicy.SCPLimit)
	require.NoError(t, err)
	for _, d := range docs {
		n, err := d.Size()
		require.NoError(t, err)
		assert.LessOrEqual(t, n, iampolicy.SCPLimit)
	}
}

// TestSplitGroupsKeysAreStableUnderGrowth: as the ID lists grow one at a time, the keys of the
// previous size are a prefix-preserving subset of the next (documents are only ever added, as
// "<group>-N"), for both limits and both guard shapes; and the grouped guard decides every case
// as the whole guard does.
func TestSplitGroupsKeysAreStableUnderGrowth(t *testing.T) {
	t.Parallel()
	for _, limit := range []int{iampolicy.ManagedPolicyLimit, iampolicy.SCPLimit, 2500} {
		for _, regulated := range []bool{false, true} {
			t.Run(fmt.Sprintf("limit=%d/regulated=%v", limit, regulated), func(t *testing.T) {
				t.Parallel()
				var prev []string
				for n := 1; n <= 60; n++ { // 60 subnets is the most one statement holds at the 2,500 limit
					_, keys, err := iampolicy.GuardLayout(iampolicy.WorstCaseSpec(n, n, 1, regulated, true), limit)
					require.NoError(t, err, "n=%d", n)
					assert.Subset(t, keys, prev, "n=%d", n)
					prev = keys
				}
				assert.Contains(t, prev, iampolicy.GroupSubnets)
			})
		}
	}
	stmts, err := iampolicy.DenyGuard(guardcases.CaseSpec(true))
	require.NoError(t, err)
	docs, keys, err := iampolicy.SplitGroups(stmts, iampolicy.GuardGroups(), 2500)
	require.NoError(t, err)
	assert.Len(t, keys, len(docs))
	assertSplitDecidesAsWhole(t, docs, stmts)
}

// TestGroupsCoverEveryStatement: every statement the guard and the access policy can emit has a
// group, and SplitGroups refuses a statement without one or a Sid in two groups.
func TestGroupsCoverEveryStatement(t *testing.T) {
	t.Parallel()
	guard, err := iampolicy.DenyGuard(guardcases.CaseSpec(true))
	require.NoError(t, err)
	_, _, err = iampolicy.SplitGroups(guard, iampolicy.GuardGroups(), iampolicy.ManagedPolicyLimit)
	assert.NoError(t, err)
	access, err := iampolicy.StudioAccessPolicy(iampolicy.AccessSpec{Partition: "aws", BucketNames: []string{"ml-data"},
		KmsKeyArns:        []string{"arn:aws:kms:us-east-1:123456789012:key/1111"},
		LogGroupArns:      []string{"arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/TrainingJobs"},
		EcrRepositoryArns: []string{"arn:aws:ecr:us-east-1:123456789012:repository/ml/base"}})
	require.NoError(t, err)
	_, keys, err := iampolicy.SplitGroups(access, iampolicy.AccessGroups(), iampolicy.ManagedPolicyLimit)
	require.NoError(t, err)
	assert.Equal(t, []string{"sagemaker", "s3", "kms", "logs", "ecr"}, keys)

	_, _, err = iampolicy.SplitGroups(guard, iampolicy.GuardGroups()[:2], iampolicy.ManagedPolicyLimit)
	assert.ErrorContains(t, err, "are in no group")
	twice := append(iampolicy.GuardGroups(), iampolicy.Group{Key: "again", Sids: []string{iampolicy.SidWithoutVpcSubnets}})
	_, _, err = iampolicy.SplitGroups(guard, twice, iampolicy.ManagedPolicyLimit)
	assert.ErrorContains(t, err, `is in group "subnets" and in group "again"`)
	assert.Equal(t, "settings-3", iampolicy.PartKey("settings", 2))
}
