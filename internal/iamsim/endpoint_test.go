package iamsim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseEndpointPolicyPrincipals(t *testing.T) {
	t.Parallel()
	const body = `"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"`
	for _, tc := range []struct {
		name, principal string
		ok              bool
	}{
		{"star", `"Principal": "*",`, true},
		{"AWS star", `"Principal": {"AWS": "*"},`, true},
		{"AWS star in a list", `"Principal": {"AWS": ["*"]},`, true},
		{"no principal", ``, false},
		{"one account", `"Principal": {"AWS": "arn:aws:iam::123456789012:root"},`, false},
		{"service", `"Principal": {"Service": "s3.amazonaws.com"},`, false},
		{"star and a service", `"Principal": {"AWS": "*", "Service": "s3.amazonaws.com"},`, false},
		{"NotPrincipal", `"Principal": "*", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"},`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc := `{"Version": "2012-10-17", "Statement": [{` + tc.principal + body + `}]}`
			p, err := ParseEndpointPolicy([]byte(doc))
			if !tc.ok {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			res, err := p.Evaluate(Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"})
			require.NoError(t, err)
			assert.Equal(t, Allow, res.Decision)
		})
	}
	t.Run("identity Parse still refuses a Principal", func(t *testing.T) {
		t.Parallel()
		_, err := Parse([]byte(`{"Version": "2012-10-17", "Statement": [{"Principal": "*",` + body + `}]}`))
		assert.Error(t, err)
	})
	t.Run("single statement object", func(t *testing.T) {
		t.Parallel()
		p, err := ParseEndpointPolicy([]byte(`{"Version": "2012-10-17", "Statement": {"Principal": "*",` + body + `}}`))
		require.NoError(t, err)
		assert.Len(t, p.Statements, 1)
	})
}

// TestEndpointPolicyResourceOwner evaluates the documented pattern of restricting a VPC endpoint
// to buckets of one account ("aws:ResourceAccount", IAM User Guide, global condition context keys;
// the S3 user guide's VPC endpoint policy examples): a bucket named in the policy but owned by
// another account does not match, and an absent key does not match either.
func TestEndpointPolicyResourceOwner(t *testing.T) {
	t.Parallel()
	doc := `{"Version": "2012-10-17", "Statement": [
	  {"Sid": "Objects", "Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"],
	   "Resource": "arn:aws:s3:::data/*", "Condition": {"StringEquals": {"aws:ResourceAccount": "111122223333"}}},
	  {"Sid": "List", "Effect": "Allow", "Principal": "*", "Action": "s3:ListBucket",
	   "Resource": "arn:aws:s3:::data", "Condition": {"StringEquals": {"aws:ResourceOrgID": "o-a1b2c3d4e5"}}}]}`
	p, err := ParseEndpointPolicy([]byte(doc))
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		r    Request
		want Decision
	}{
		{"own account's object", Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::data/k",
			Keys: map[string][]string{"aws:ResourceAccount": {"111122223333"}}}, Allow},
		{"same name, another account", Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::data/k",
			Keys: map[string][]string{"aws:ResourceAccount": {"444455556666"}}}, NotApplicable},
		{"owner unknown", Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::data/k"}, NotApplicable},
		{"list in the organization", Request{Action: "s3:ListBucket", Resource: "arn:aws:s3:::data",
			Keys: map[string][]string{"aws:ResourceOrgID": {"o-a1b2c3d4e5"}}}, Allow},
		{"list outside the organization", Request{Action: "s3:ListBucket", Resource: "arn:aws:s3:::data",
			Keys: map[string][]string{"aws:ResourceOrgID": {"o-zzzzzzzzzz"}}}, NotApplicable},
		{"list named on the objects only", Request{Action: "s3:ListBucket", Resource: "arn:aws:s3:::data/*",
			Keys: map[string][]string{"aws:ResourceOrgID": {"o-a1b2c3d4e5"}}}, NotApplicable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := p.Evaluate(tc.r)
			require.NoError(t, err)
			assert.Equal(t, tc.want, res.Decision)
		})
	}
}
