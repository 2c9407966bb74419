package iampolicy_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
)

func TestStudioAccessPolicy(t *testing.T) {
	t.Parallel()
	spec := iampolicy.AccessSpec{Partition: "aws-cn", BucketNames: []string{"ml-data"},
		KmsKeyArns: []string{"arn:aws-cn:kms:cn-north-1:123456789012:key/abc"}}
	stmts, err := iampolicy.StudioAccessPolicy(spec)
	require.NoError(t, err)
	p, err := iamsim.Parse([]byte(iampolicy.NewDocument(stmts...).MustJSON()))
	require.NoError(t, err)
	cases := []struct {
		name     string
		action   string
		resource string
		keys     map[string][]string
		want     iamsim.Decision
	}{
		{"read a configured bucket's object", "s3:GetObject", "arn:aws-cn:s3:::ml-data/x/y.csv", nil, iamsim.Allow},
		{"list a configured bucket", "s3:ListBucket", "arn:aws-cn:s3:::ml-data", nil, iamsim.Allow},
		{"another bucket", "s3:GetObject", "arn:aws-cn:s3:::other/x", nil, iamsim.NotApplicable},
		{"a bucket with the configured name as prefix", "s3:GetObject", "arn:aws-cn:s3:::ml-data-copy/x", nil, iamsim.NotApplicable},
		{"delete the bucket itself", "s3:DeleteBucket", "arn:aws-cn:s3:::ml-data", nil, iamsim.NotApplicable},
		{"use the configured key", "kms:Decrypt", "arn:aws-cn:kms:cn-north-1:123456789012:key/abc", nil, iamsim.Allow},
		{"another key", "kms:Decrypt", "arn:aws-cn:kms:cn-north-1:123456789012:key/other", nil, iamsim.NotApplicable},
		{"grant the key to an AWS resource", "kms:CreateGrant", "arn:aws-cn:kms:cn-north-1:123456789012:key/abc",
			map[string][]string{"kms:GrantIsForAWSResource": {"true"}}, iamsim.Allow},
		{"grant the key to a principal", "kms:CreateGrant", "arn:aws-cn:kms:cn-north-1:123456789012:key/abc",
			map[string][]string{"kms:GrantIsForAWSResource": {"false"}}, iamsim.NotApplicable},
		{"start a training job", "sagemaker:CreateTrainingJob", "arn:aws-cn:sagemaker:cn-north-1:123456789012:training-job/x", nil, iamsim.Allow},
		{"create a domain", "sagemaker:CreateDomain", "arn:aws-cn:sagemaker:cn-north-1:123456789012:domain/x", nil, iamsim.NotApplicable},
		{"pass a role", "iam:PassRole", "arn:aws-cn:iam::123456789012:role/admin", nil, iamsim.NotApplicable},
		{"SageMaker metrics", "cloudwatch:PutMetricData", "*", map[string][]string{"cloudwatch:namespace": {"/aws/sagemaker/TrainingJobs"}}, iamsim.Allow},
		{"other metrics", "cloudwatch:PutMetricData", "*", map[string][]string{"cloudwatch:namespace": {"Custom"}}, iamsim.NotApplicable},
		{"no ECR configured", "ecr:GetAuthorizationToken", "*", nil, iamsim.NotApplicable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := p.Evaluate(iamsim.Request{Action: tc.action, Resource: tc.resource, Keys: tc.keys})
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.Decision)
		})
	}
	for _, st := range stmts {
		for _, a := range st.Action {
			assert.NotContains(t, a, "*", "statement %s: no wildcard actions", st.Sid)
			if strings.HasPrefix(a, "sagemaker:") {
				assert.True(t, iampolicy.SageMakerReference().HasAction(a), "%s is not in the reference", a)
			}
		}
	}
}

func TestStudioAccessPolicyValidation(t *testing.T) {
	t.Parallel()
	_, err := iampolicy.StudioAccessPolicy(iampolicy.AccessSpec{Partition: "aws-moon",
		BucketNames: []string{"Bad_Bucket", "ok-bucket", "ok-bucket"}, KmsKeyArns: []string{"key/abc"},
		LogGroupArns: []string{"arn:aws:logs:us-east-1:123456789012:log-group:/x:*"}, EcrRepositoryArns: []string{"repo"}})
	require.Error(t, err)
	for _, want := range []string{
		`AccessSpec.Partition = "aws-moon": want one of`,
		`BucketNames[0] = "Bad_Bucket": want an S3 bucket name`,
		`BucketNames[2] = "ok-bucket": want each value once`,
		`KmsKeyArns[0] = "key/abc": want a KMS key or alias ARN`,
		`LogGroupArns[0] = "arn:aws:logs:us-east-1:123456789012:log-group:/x:*": want a log group ARN without a trailing :*`,
		`EcrRepositoryArns[0] = "repo": want an ECR repository ARN`,
	} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestTrustAndPassRole(t *testing.T) {
	t.Parallel()
	trust := iampolicy.ExecutionRoleTrustPolicy()
	require.Len(t, trust.Statement, 1)
	assert.Equal(t, iampolicy.Principal{"Service": {"sagemaker.amazonaws.com"}}, trust.Statement[0].Principal)
	assert.Equal(t, iampolicy.Allow, trust.Statement[0].Effect)

	p, err := iamsim.Parse([]byte(iampolicy.PassRoleSelfPolicy("arn:aws:iam::123456789012:role/exec").MustJSON()))
	require.NoError(t, err)
	cases := []struct {
		name, resource, service string
		want                    iamsim.Decision
	}{
		{"itself to SageMaker", "arn:aws:iam::123456789012:role/exec", "sagemaker.amazonaws.com", iamsim.Allow},
		{"itself to EC2", "arn:aws:iam::123456789012:role/exec", "ec2.amazonaws.com", iamsim.NotApplicable},
		{"another role to SageMaker", "arn:aws:iam::123456789012:role/admin", "sagemaker.amazonaws.com", iamsim.NotApplicable},
	}
	for _, tc := range cases {
		got, err := p.Evaluate(iamsim.Request{Action: "iam:PassRole", Resource: tc.resource,
			Keys: map[string][]string{"iam:PassedToService": {tc.service}}})
		require.NoError(t, err)
		assert.Equal(t, tc.want, got.Decision, tc.name)
	}
}

func TestPartitionOf(t *testing.T) {
	t.Parallel()
	for region, want := range map[string]string{"us-east-1": "aws", "cn-north-1": "aws-cn",
		"us-gov-west-1": "aws-us-gov", "eu-west-3": "aws", "us-iso-east-1": "aws-iso", "us-isob-east-1": "aws-iso-b"} {
		assert.Equal(t, want, iampolicy.PartitionOf(region), region)
	}
}
