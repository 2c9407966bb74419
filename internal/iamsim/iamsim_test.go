package iamsim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// absent marks a key that is not in the request context.
var absent []string

func req(key string, values []string) Request {
	r := Request{Action: "iam:TagUser", Keys: map[string][]string{}}
	if values != nil {
		r.Keys[key] = values
	}
	return r
}

// TestDocumentedConditionExamples evaluates the examples of the IAM User Guide, each with the
// outcome the guide gives.
func TestDocumentedConditionExamples(t *testing.T) {
	t.Parallel()
	type row struct {
		values []string
		want   bool
	}
	cases := []struct {
		name   string
		source string
		op     string
		key    string
		policy []string
		rows   []row
	}{
		{
			// "Multivalued context key examples", "Deny a single policy condition value for a
			// multivalued context key" (DenyRestrictedTags), and its evaluation table:
			// key1:legal → no match; key1:hr, key1:personnel → no match; key2:audit → match;
			// no aws:TagKeys in the request context → match.
			name:   "ForAllValues:StringNotLike key1*",
			source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html",
			op:     "ForAllValues:StringNotLike", key: "aws:TagKeys", policy: []string{"key1*"},
			rows: []row{
				{[]string{"key1:legal"}, false},
				{[]string{"key1:hr", "key1:personnel"}, false},
				{[]string{"key2:audit"}, true},
				{absent, true},
			},
		},
		{
			// Same page, "Deny policy with condition set operator ForAnyValue": deny when any
			// tag key is environment or webserver; a request without aws:TagKeys does not match
			// ("ForAnyValue ... returns false if there are no context keys in the request").
			name:   "ForAnyValue:StringEquals environment|webserver",
			source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html",
			op:     "ForAnyValue:StringEquals", key: "aws:TagKeys", policy: []string{"environment", "webserver"},
			rows: []row{
				{[]string{"webserver"}, true},
				{[]string{"environment", "webserver", "test"}, true},
				{[]string{"environment"}, true},
				{[]string{"test"}, false},
				{absent, false},
			},
		},
		{
			// "Single-valued vs. multivalued context keys": ForAllValues "also returns true if
			// there are no context keys in the request"; every request value must match one
			// policy value.
			name:   "ForAllValues:StringEquals is true for an absent key",
			source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
			op:     "ForAllValues:StringEquals", key: "aws:TagKeys", policy: []string{"environment", "cost-center"},
			rows: []row{
				{[]string{"environment"}, true},
				{[]string{"environment", "cost-center"}, true},
				{[]string{"environment", "owner"}, false},
				{absent, true},
				{[]string{}, true}, // an empty set resolves like an absent key
			},
		},
		{
			// "IAM JSON policy elements: Condition operators", Important: an absent key does not
			// match, so a positive operator is false; a negated operator (StringNotLike,
			// ArnNotLike...) is then true.
			name:   "StringEquals on an absent key is false",
			source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
			op:     "StringEquals", key: "aws:PrincipalTag/job-category", policy: []string{"iamuser-admin"},
			rows: []row{
				{[]string{"iamuser-admin"}, true},
				{[]string{"IAMUSER-ADMIN"}, false}, // StringEquals is case-sensitive
				{[]string{"dev"}, false},
				{absent, false},
			},
		},
		{
			name:   "StringNotEquals on an absent key is true",
			source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
			op:     "StringNotEquals", key: "sagemaker:AppNetworkAccessType", policy: []string{"VpcOnly"},
			rows: []row{
				{[]string{"VpcOnly"}, false},
				{[]string{"PublicInternetOnly"}, true},
				{absent, true},
			},
		},
		{
			// Same page: "StringNotLike" is the example the guide names for the absent-key rule.
			name:   "StringNotLike on an absent key is true",
			source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
			op:     "StringNotLike", key: "s3:prefix", policy: []string{"home/*"},
			rows: []row{
				{[]string{"home/alice"}, false},
				{[]string{"shared/x"}, true},
				{absent, true},
			},
		},
		{
			// "Creating a condition with multiple context keys or values": several values of one
			// key are ORed; for a negated operator the condition is true only when the request
			// value matches none of them (NOR).
			name:   "StringNotEquals NORs its values",
			source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html",
			op:     "StringNotEquals", key: "aws:SourceVpce", policy: []string{"vpce-1a2b3c4d", "vpce-9z8y7x6w"},
			rows: []row{
				{[]string{"vpce-1a2b3c4d"}, false},
				{[]string{"vpce-9z8y7x6w"}, false},
				{[]string{"vpce-ffffffff"}, true},
				{absent, true},
			},
		},
		{
			// Condition operators page, "...IfExists": "ec2:InstanceType" with
			// StringLikeIfExists ["t1.*","t2.*","m3.*"]: true when the key is present and
			// matches, or absent; false when present and not matching.
			name:   "StringLikeIfExists",
			source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists",
			op:     "StringLikeIfExists", key: "ec2:InstanceType", policy: []string{"t1.*", "t2.*", "m3.*"},
			rows: []row{
				{[]string{"t2.micro"}, true},
				{[]string{"m4.large"}, false},
				{absent, true},
			},
		},
		{
			// Condition operators page, "Condition operator to check existence of condition
			// keys": "Null": {"aws:TokenIssueTime": "true"} is true when the key is absent (the
			// request was not made with temporary credentials), false when present.
			name:   "Null true",
			source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null",
			op:     "Null", key: "aws:TokenIssueTime", policy: []string{"true"},
			rows: []row{
				{absent, true},
				{[]string{"2026-11-22T08:00:00Z"}, false},
			},
		},
		{
			name:   "Null false",
			source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null",
			op:     "Null", key: "aws:TokenIssueTime", policy: []string{"false"},
			rows: []row{
				{absent, false},
				{[]string{"2026-11-22T08:00:00Z"}, true},
			},
		},
		{
			// Condition operators page, "Boolean condition operators": "Bool":
			// {"aws:SecureTransport": "false"} matches a request over plain HTTP; an absent key
			// does not match (the Important note).
			name:   "Bool false",
			source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean",
			op:     "Bool", key: "aws:SecureTransport", policy: []string{"false"},
			rows: []row{
				{[]string{"false"}, true},
				{[]string{"true"}, false},
				{absent, false},
			},
		},
		{
			// BoolIfExists: absent counts as a match, so a Deny with BoolIfExists
			// aws:ViaAWSService false still fires when the key is missing.
			name:   "BoolIfExists false",
			source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists",
			op:     "BoolIfExists", key: "aws:ViaAWSService", policy: []string{"false"},
			rows: []row{
				{[]string{"false"}, true},
				{[]string{"true"}, false},
				{absent, true},
			},
		},
		{
			// The guard's subnet statement: ForAnyValue:StringNotEquals is true when ANY request
			// value is outside the list, false when all are inside, false when the key is absent.
			name:   "ForAnyValue:StringNotEquals",
			source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
			op:     "ForAnyValue:StringNotEquals", key: "sagemaker:VpcSubnets", policy: []string{"subnet-a", "subnet-b"},
			rows: []row{
				{[]string{"subnet-a"}, false},
				{[]string{"subnet-a", "subnet-b"}, false},
				{[]string{"subnet-a", "subnet-x"}, true},
				{[]string{"subnet-x"}, true},
				{absent, false},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, r := range tc.rows {
				got, err := EvaluateCondition(tc.op, tc.key, tc.policy, req(tc.key, r.values))
				require.NoError(t, err)
				assert.Equal(t, r.want, got, "%s %s %v on request %v (source: %s)", tc.op, tc.key, tc.policy, r.values, tc.source)
			}
		})
	}
}

// TestNullPlusForAllValues is the guide's fix for ForAllValues' absent-key behaviour: adding
// "Null": {"aws:TagKeys": "false"} to the same statement (ANDed) makes an absent key no match.
// Source: "Multivalued context key examples", first policy (DenyRestrictedTags with Null false).
func TestNullPlusForAllValues(t *testing.T) {
	t.Parallel()
	p, err := Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Sid":"DenyRestrictedTags","Effect":"Deny",
	  "Action":["iam:Tag*","iam:UnTag*"],"Resource":["*"],
	  "Condition":{"Null":{"aws:TagKeys":"false"},"ForAllValues:StringLike":{"aws:TagKeys":["key1*","key2*","key3*"]}}}]}`))
	require.NoError(t, err)
	cases := []struct {
		name   string
		action string
		tags   []string
		want   Decision
	}{
		{"all tags allowed prefixes", "iam:TagRole", []string{"key1:a", "key3:b"}, Deny},
		{"one other tag", "iam:TagRole", []string{"key1:a", "other"}, NotApplicable},
		{"no tags at all", "iam:TagRole", absent, NotApplicable},
		{"action case-insensitive", "IAM:tagrole", []string{"key2:x"}, Deny},
		{"other action", "iam:CreateRole", []string{"key1:a"}, NotApplicable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := Request{Action: tc.action, Keys: map[string][]string{}}
			if tc.tags != nil {
				r.Keys["aws:tagkeys"] = tc.tags // key names are case-insensitive
			}
			got, err := p.Evaluate(r)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.Decision)
		})
	}
}

func TestDenyWinsOverAllow(t *testing.T) {
	t.Parallel()
	p, err := Parse([]byte(`{"Version":"2012-10-17","Statement":[
	  {"Sid":"AllowAll","Effect":"Allow","Action":"sagemaker:*","Resource":"*"},
	  {"Sid":"DenyPublic","Effect":"Deny","Action":"sagemaker:CreateDomain","Resource":"*",
	   "Condition":{"StringNotEquals":{"sagemaker:AppNetworkAccessType":"VpcOnly"}}}]}`))
	require.NoError(t, err)
	cases := []struct {
		name    string
		r       Request
		want    Decision
		matched []string
	}{
		{"public domain", Request{Action: "sagemaker:CreateDomain", Keys: map[string][]string{"sagemaker:AppNetworkAccessType": {"PublicInternetOnly"}}}, Deny, []string{"AllowAll", "DenyPublic"}},
		{"vpc-only domain", Request{Action: "sagemaker:CreateDomain", Keys: map[string][]string{"sagemaker:AppNetworkAccessType": {"VpcOnly"}}}, Allow, []string{"AllowAll"}},
		{"other service", Request{Action: "s3:GetObject"}, NotApplicable, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := p.Evaluate(tc.r)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.Decision)
			assert.Equal(t, tc.matched, got.Matched)
		})
	}
}

func TestResourceAndNotAction(t *testing.T) {
	t.Parallel()
	p, err := Parse([]byte(`{"Version":"2012-10-17","Statement":{"Sid":"S","Effect":"Deny",
	  "NotAction":"sagemaker:Describe*","Resource":"arn:aws:sagemaker:*:*:domain/*"}}`))
	require.NoError(t, err)
	cases := []struct {
		name string
		r    Request
		want Decision
	}{
		{"not-action excluded", Request{Action: "sagemaker:DescribeDomain", Resource: "arn:aws:sagemaker:us-east-1:1:domain/d-1"}, NotApplicable},
		{"other action on resource", Request{Action: "sagemaker:DeleteDomain", Resource: "arn:aws:sagemaker:us-east-1:1:domain/d-1"}, Deny},
		{"other resource", Request{Action: "sagemaker:DeleteApp", Resource: "arn:aws:sagemaker:us-east-1:1:app/d-1/x"}, NotApplicable},
		{"resource not modelled", Request{Action: "sagemaker:DeleteApp"}, Deny},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := p.Evaluate(tc.r)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.Decision)
		})
	}
}

// TestRefusesWhatItDoesNotModel: errors instead of guesses.
func TestRefusesWhatItDoesNotModel(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		op   string
		vals []string
		r    Request
		want string
	}{
		{"unknown operator", "NumericLessThan", []string{"1"}, Request{}, "NumericLessThan"},
		{"Null with IfExists", "NullIfExists", []string{"true"}, Request{}, "Null takes neither"},
		{"Null with a bad value", "Null", []string{"yes"}, Request{}, `want "true" or "false"`},
		{"Bool with a bad value", "Bool", []string{"no"}, Request{Keys: map[string][]string{"k": {"true"}}}, `want "true" or "false"`},
		{"multivalued key without set operator", "StringEquals", []string{"a"}, Request{Keys: map[string][]string{"k": {"a", "b"}}}, "needs ForAllValues"},
		{"no policy values", "StringEquals", nil, Request{}, "no values"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := EvaluateCondition(tc.op, "k", tc.vals, tc.r)
			if assert.Error(t, err) {
				assert.Contains(t, err.Error(), tc.want)
			}
		})
	}
	_, err := Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"x"},"Action":"sts:AssumeRole"}]}`))
	assert.ErrorContains(t, err, "Principal")
	_, err = Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"s3:*"}]}`))
	assert.ErrorContains(t, err, "Effect")
}

func TestGlob(t *testing.T) {
	t.Parallel()
	cases := []struct {
		p, s string
		want bool
	}{
		{"*", "", true}, {"a*c", "abbbc", true}, {"a*c", "abbb", false}, {"a?c", "abc", true},
		{"a?c", "ac", false}, {"*b*", "abc", true}, {"sagemaker:Create*", "sagemaker:CreateApp", true},
		{"", "x", false},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, Glob(tc.p, tc.s), "%q ~ %q", tc.p, tc.s)
	}
}
