package iamsim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPolicyVariables follows "IAM policy elements: Variables and tags"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html): the
// documented example lets each IAM user reach only their own home prefix with
// "arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*", and "Tags as policy variables"
// names the caller's tag with ${aws:PrincipalTag/tag-key}. A variable with no value matches
// nothing.
func TestPolicyVariables(t *testing.T) {
	t.Parallel()
	p, err := Parse([]byte(`{"Version":"2012-10-17","Statement":[
	  {"Sid":"Own","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"},
	  {"Sid":"Tagged","Effect":"Allow","Action":"sagemaker:CreatePresignedDomainUrl",
	   "Resource":"arn:aws:sagemaker:us-east-1:111122223333:user-profile/d-1/${aws:PrincipalTag/studio-user-profile}"},
	  {"Sid":"NotOwn","Effect":"Deny","Action":"sagemaker:DescribeUserProfile",
	   "NotResource":"arn:aws:sagemaker:us-east-1:111122223333:user-profile/*/${aws:PrincipalTag/studio-user-profile}"},
	  {"Sid":"Cond","Effect":"Deny","Action":"s3:PutObject","Condition":{"StringNotEquals":{"s3:prefix":"${aws:PrincipalTag/team}"}}}
	]}`))
	require.NoError(t, err)
	profile := "arn:aws:sagemaker:us-east-1:111122223333:user-profile/d-1/"
	cases := []struct {
		name string
		r    Request
		want Decision
	}{
		{"own home prefix", Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/notes",
			Keys: map[string][]string{"aws:username": {"alice"}}}, Allow},
		{"another user's prefix", Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket/home/bob/notes",
			Keys: map[string][]string{"aws:username": {"alice"}}}, NotApplicable},
		{"no aws:username (a role): matches nothing", Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::amzn-s3-demo-bucket/home//notes"}, NotApplicable},
		{"own profile by tag", Request{Action: "sagemaker:CreatePresignedDomainUrl", Resource: profile + "alice",
			Keys: map[string][]string{"aws:PrincipalTag/studio-user-profile": {"alice"}}}, Allow},
		{"other profile by tag", Request{Action: "sagemaker:CreatePresignedDomainUrl", Resource: profile + "bob",
			Keys: map[string][]string{"aws:PrincipalTag/studio-user-profile": {"alice"}}}, NotApplicable},
		{"no tag: the allow matches nothing", Request{Action: "sagemaker:CreatePresignedDomainUrl", Resource: profile + "alice"}, NotApplicable},
		{"NotResource: own profile is excluded", Request{Action: "sagemaker:DescribeUserProfile", Resource: profile + "alice",
			Keys: map[string][]string{"aws:PrincipalTag/studio-user-profile": {"alice"}}}, NotApplicable},
		{"NotResource: other profile is denied", Request{Action: "sagemaker:DescribeUserProfile", Resource: profile + "bob",
			Keys: map[string][]string{"aws:PrincipalTag/studio-user-profile": {"alice"}}}, Deny},
		{"NotResource without the tag excludes nothing", Request{Action: "sagemaker:DescribeUserProfile", Resource: profile + "alice"}, Deny},
		{"condition variable resolves and matches", Request{Action: "s3:PutObject",
			Keys: map[string][]string{"s3:prefix": {"ml"}, "aws:PrincipalTag/team": {"ml"}}}, NotApplicable},
		{"condition variable resolves, no match", Request{Action: "s3:PutObject",
			Keys: map[string][]string{"s3:prefix": {"hr"}, "aws:PrincipalTag/team": {"ml"}}}, Deny},
		{"condition variable without value: negated operator true", Request{Action: "s3:PutObject",
			Keys: map[string][]string{"s3:prefix": {"ml"}}}, Deny},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := p.Evaluate(tc.r)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.Decision, "matched %v", got.Matched)
		})
	}
}

func TestPolicyVariablesRefused(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, value string
		keys        map[string][]string
		want        string
	}{
		{"default value", "${aws:username, 'none'}", nil, "default values are not modelled"},
		{"multivalued key", "${aws:TagKeys}", map[string][]string{"aws:TagKeys": {"a", "b"}}, "multivalued key cannot be a policy variable"},
		{"unterminated", "${aws:username", nil, "unterminated"},
		{"special character", "a${*}b", nil, "special characters are not modelled"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := EvaluateCondition("StringEquals", "k", []string{tc.value}, Request{Keys: map[string][]string{"k": {"v"}}}.with(tc.keys))
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func (r Request) with(keys map[string][]string) Request {
	for k, v := range keys {
		r.Keys[k] = v
	}
	return r
}
