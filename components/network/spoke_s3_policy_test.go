package network

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// TestSpokeS3EndpointPolicy proves the gateway endpoint policy with the offline evaluator: what a
// spoke may reach through S3, and that a bucket name squatted by another account (or, with an
// organization, by an account outside it) receives nothing.
func TestSpokeS3EndpointPolicy(t *testing.T) {
	t.Parallel()
	const (
		acct    = "123456789012"
		foreign = "999999999999"
		org     = "o-a1b2c3d4e5"
		region  = "us-east-1"
	)
	owner := func(account, orgID string) map[string][]string {
		k := map[string][]string{"aws:ResourceAccount": {account}}
		if orgID != "" {
			k["aws:ResourceOrgID"] = []string{orgID}
		}
		return k
	}
	own, ownOrg := owner(acct, org), owner("210987654321", org)
	squat, squatOrg := owner(foreign, ""), owner(foreign, "o-zzzzzzzzzz")
	aws := owner("444455556666", "") // an AWS service account: never ours
	obj := func(b, k string) string { return "arn:aws:s3:::" + b + "/" + k }
	bkt := func(b string) string { return "arn:aws:s3:::" + b }
	def := "sagemaker-" + region + "-" + acct
	for _, tc := range []struct {
		name     string
		org      string
		buckets  []string
		action   string
		resource string
		keys     map[string][]string
		allowed  bool
	}{
		{"named bucket object read", "", []string{"data"}, "s3:GetObject", obj("data", "a/b"), own, true},
		{"named bucket object write", "", []string{"data"}, "s3:PutObject", obj("data", "a/b"), own, true},
		{"named bucket list names the bucket", "", []string{"data"}, "s3:ListBucket", bkt("data"), own, true},
		{"named bucket location", "", []string{"data"}, "s3:GetBucketLocation", bkt("data"), own, true},
		{"named bucket multipart", "", []string{"data"}, "s3:AbortMultipartUpload", obj("data", "big"), own, true},
		{"object action on the bucket ARN", "", []string{"data"}, "s3:GetObject", bkt("data"), own, false},
		{"named bucket squatted by another account: write", "", []string{"data"}, "s3:PutObject", obj("data", "a"), squat, false},
		{"named bucket squatted by another account: list", "", []string{"data"}, "s3:ListBucket", bkt("data"), squat, false},
		{"named bucket, owner unknown", "", []string{"data"}, "s3:PutObject", obj("data", "a"), nil, false},
		{"named bucket in another account of the org, account-only policy", "", []string{"data"}, "s3:PutObject", obj("data", "a"), ownOrg, false},
		{"org policy: bucket in another account of the org", org, []string{"data"}, "s3:PutObject", obj("data", "a"), ownOrg, true},
		{"org policy: list in the org", org, []string{"data"}, "s3:ListBucket", bkt("data"), ownOrg, true},
		{"org policy: bucket outside the org", org, []string{"data"}, "s3:PutObject", obj("data", "a"), squatOrg, false},
		{"bucket that only shares a prefix", "", []string{"data"}, "s3:GetObject", obj("data-other", "a"), own, false},
		{"unnamed bucket", "", []string{"data"}, "s3:GetObject", obj("other", "a"), own, false},
		{"no buckets configured", "", nil, "s3:GetObject", obj("data", "a"), own, false},
		{"bucket policy change", "", []string{"data"}, "s3:PutBucketPolicy", bkt("data"), own, false},
		{"bucket deletion", "", []string{"data"}, "s3:DeleteBucket", bkt("data"), own, false},
		{"create a named bucket", "", []string{"data"}, "s3:CreateBucket", bkt("data"), own, false},
		{"default bucket write", "", nil, "s3:PutObject", obj(def, "out"), own, true},
		{"default bucket list", "", nil, "s3:ListBucket", bkt(def), own, true},
		{"default bucket creation", "", nil, "s3:CreateBucket", bkt(def), own, true},
		{"default bucket squatted by another account", "", nil, "s3:PutObject", obj(def, "out"), squat, false},
		{"default bucket squatted, org policy", org, nil, "s3:PutObject", obj(def, "out"), squatOrg, false},
		{"another account's default bucket", "", nil, "s3:PutObject", obj("sagemaker-us-east-1-"+foreign, "out"), squat, false},
		{"default bucket of another region", "", nil, "s3:PutObject", obj("sagemaker-eu-west-1-"+acct, "out"), own, false},
		{"jumpstart read", "", nil, "s3:GetObject", obj("jumpstart-cache-prod-us-east-1", "models/x.tar.gz"), aws, true},
		{"jumpstart list", "", nil, "s3:ListBucket", bkt("jumpstart-cache-prod-us-east-1"), aws, true},
		{"jumpstart write", "", nil, "s3:PutObject", obj("jumpstart-cache-prod-us-east-1", "x"), aws, false},
		{"gated jumpstart read", "", nil, "s3:GetObject", obj("jumpstart-private-cache-prod-us-east-1", "meta-textgeneration/x"), aws, true},
		{"gated jumpstart list", "", nil, "s3:ListBucket", bkt("jumpstart-private-cache-prod-us-east-1"), aws, true},
		{"gated jumpstart write", "", nil, "s3:PutObject", obj("jumpstart-private-cache-prod-us-east-1", "x"), aws, false},
		{"gated jumpstart of another region", "", nil, "s3:GetObject", obj("jumpstart-private-cache-prod-eu-west-1", "x"), aws, false},
		{"ecr layers read", "", nil, "s3:GetObject", obj("prod-us-east-1-starport-layer-bucket", "sha256"), aws, true},
		{"ecr layers write", "", nil, "s3:PutObject", obj("prod-us-east-1-starport-layer-bucket", "sha256"), aws, false},
		{"ecr layers of another region", "", nil, "s3:GetObject", obj("prod-eu-west-1-starport-layer-bucket", "sha256"), aws, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := iamsim.ParseEndpointPolicy([]byte(SpokeS3EndpointPolicy("aws", region, acct, tc.org, tc.buckets)))
			require.NoError(t, err)
			res, err := p.Evaluate(iamsim.Request{Action: tc.action, Resource: tc.resource, Keys: tc.keys})
			require.NoError(t, err)
			want := iamsim.NotApplicable // nothing else allows: the endpoint's implicit deny
			if tc.allowed {
				want = iamsim.Allow
			}
			assert.Equal(t, want, res.Decision, "%s on %s (matched %v)", tc.action, tc.resource, res.Matched)
		})
	}
	t.Run("duplicates collapse and output is stable", func(t *testing.T) {
		t.Parallel()
		a := SpokeS3EndpointPolicy("aws", region, acct, "", []string{"b", "a", "b"})
		assert.Equal(t, a, SpokeS3EndpointPolicy("aws", region, acct, "", []string{"a", "b"}))
		assert.Equal(t, 1, strings.Count(a, `"arn:aws:s3:::b/*"`))
	})
}

// s3BucketLevelActions are the S3 actions whose resource type is the bucket
// (arn:aws:s3:::<bucket>) in the Service Authorization Reference; every other action the policy
// names acts on objects.
var s3BucketLevelActions = map[string]bool{
	"s3:CreateBucket": true, "s3:GetBucketLocation": true, "s3:ListBucket": true, "s3:ListBucketMultipartUploads": true,
}

// TestSpokeS3EndpointPolicyShape checks every statement's resources fit its actions (bucket-level
// actions on bucket ARNs only, object actions on object ARNs only) and that every statement that
// can write names an owner.
func TestSpokeS3EndpointPolicyShape(t *testing.T) {
	t.Parallel()
	for _, org := range []string{"", "o-a1b2c3d4e5"} {
		var doc struct {
			Statement []struct {
				Sid       string
				Principal string
				Action    []string
				Resource  []string
				Condition map[string]map[string]string
			}
		}
		require.NoError(t, json.Unmarshal([]byte(SpokeS3EndpointPolicy("aws", "eu-central-1", recorder.FakeAccountID, org, []string{"data"})), &doc))
		for _, s := range doc.Statement {
			assert.Equal(t, "*", s.Principal, s.Sid)
			bucketLevel := s3BucketLevelActions[s.Action[0]]
			readOnly := true
			for _, a := range s.Action {
				assert.Equal(t, bucketLevel, s3BucketLevelActions[a], "%s mixes bucket and object actions: %v", s.Sid, s.Action)
				if a != "s3:GetObject" && a != "s3:ListBucket" {
					readOnly = false
				}
			}
			for _, r := range s.Resource {
				assert.Equal(t, !bucketLevel, strings.HasSuffix(r, "/*"), "%s: resource %s for actions %v", s.Sid, r, s.Action)
			}
			if !readOnly {
				owner := s.Condition["StringEquals"]["aws:ResourceAccount"] + s.Condition["StringEquals"]["aws:ResourceOrgID"]
				assert.NotEmpty(t, owner, "%s can write but names no owner", s.Sid)
			}
		}
	}
}

// TestSpokeVpcOrganizationId: a malformed organization id is refused before anything is
// registered; a valid one reaches the S3 endpoint policy as the buckets' owner condition.
func TestSpokeVpcOrganizationId(t *testing.T) {
	t.Parallel()
	t.Run("malformed", func(t *testing.T) {
		t.Parallel()
		args := NetSpokeArgs(2)
		args.OrganizationId = "o-ABC"
		rec, err := NetRunSpoke(t, args)
		componenttest.AssertRejected(t, rec, err, `OrganizationId = "o-ABC"`)
	})
	t.Run("valid", func(t *testing.T) {
		t.Parallel()
		args := NetSpokeArgs(2)
		args.OrganizationId = "o-a1b2c3d4e5"
		rec, err := NetRunSpoke(t, args)
		require.NoError(t, err)
		p, err := iamsim.ParseEndpointPolicy([]byte(componenttest.InputString(componenttest.FindOne(t, rec, componenttest.TypeVpcEndpoint, "ml-s3"), "policy")))
		require.NoError(t, err)
		res, err := p.Evaluate(iamsim.Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::ml-data-bucket/k",
			Keys: map[string][]string{"aws:ResourceAccount": {"210987654321"}, "aws:ResourceOrgID": {"o-a1b2c3d4e5"}}})
		require.NoError(t, err)
		assert.Equal(t, iamsim.Allow, res.Decision)
	})
}
