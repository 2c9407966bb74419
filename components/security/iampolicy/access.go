package iampolicy

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// SageMakerServicePrincipal is the only principal the execution roles trust.
const SageMakerServicePrincipal = "sagemaker.amazonaws.com"

// ExecutionRoleTrustPolicy is the trust policy of a SageMaker execution role: sagemaker.amazonaws.com
// may assume it, and may set the source identity (the Studio domain sets
// ExecutionRoleIdentityConfig USER_PROFILE_NAME, which needs sts:SetSourceIdentity in the trust
// policy: SageMaker Developer Guide, "Monitoring user resource access from Amazon SageMaker
// Studio"). Nothing else is trusted.
func ExecutionRoleTrustPolicy() Document {
	return NewDocument(Statement{
		Sid:       "TrustSageMakerOnly",
		Effect:    Allow,
		Principal: Principal{"Service": {SageMakerServicePrincipal}},
		Action:    Values{"sts:AssumeRole", "sts:SetSourceIdentity"},
	})
}

// PassRoleSelfPolicy lets a role pass itself, and only itself, to SageMaker (a Studio notebook
// starting a job passes its own execution role).
func PassRoleSelfPolicy(roleArn string) Document {
	return NewDocument(Statement{
		Sid:       "PassSelfToSageMakerOnly",
		Effect:    Allow,
		Action:    Values{"iam:PassRole"},
		Resource:  Values{roleArn},
		Condition: Condition{"StringEquals": {"iam:PassedToService": {SageMakerServicePrincipal}}},
	})
}

// StudioSageMakerActions are the SageMaker actions Studio work needs: running apps and spaces in
// the user's profile, and training, processing, tuning, transform jobs and models. Every one is a
// SageMaker action of the reference (tested). The deny guard, attached to the same roles, keeps
// every one of them inside the landing zone's network.
var studioSageMakerActions = []string{
	"sagemaker:AddTags", "sagemaker:CreateApp", "sagemaker:CreateHyperParameterTuningJob",
	"sagemaker:CreateModel", "sagemaker:CreateProcessingJob", "sagemaker:CreateSpace",
	"sagemaker:CreateTrainingJob", "sagemaker:CreateTransformJob", "sagemaker:DeleteApp",
	"sagemaker:DeleteModel", "sagemaker:DeleteSpace", "sagemaker:DescribeApp",
	"sagemaker:DescribeDomain", "sagemaker:DescribeHyperParameterTuningJob",
	"sagemaker:DescribeImage", "sagemaker:DescribeImageVersion", "sagemaker:DescribeModel",
	"sagemaker:DescribeProcessingJob", "sagemaker:DescribeSpace", "sagemaker:DescribeTrainingJob",
	"sagemaker:DescribeTransformJob", "sagemaker:DescribeUserProfile", "sagemaker:ListApps",
	"sagemaker:ListDomains", "sagemaker:ListHyperParameterTuningJobs", "sagemaker:ListImages",
	"sagemaker:ListModels", "sagemaker:ListProcessingJobs", "sagemaker:ListSpaces",
	"sagemaker:ListTags", "sagemaker:ListTrainingJobs", "sagemaker:ListTransformJobs",
	"sagemaker:ListUserProfiles", "sagemaker:Search", "sagemaker:StopHyperParameterTuningJob",
	"sagemaker:StopProcessingJob", "sagemaker:StopTrainingJob", "sagemaker:StopTransformJob",
	"sagemaker:UpdateSpace",
}

// vpcJobActions are what SageMaker needs from the execution role to place a job's network
// interfaces in the VPC (SageMaker Developer Guide, "Give SageMaker AI Training Jobs Access to
// Resources in Your Amazon VPC" / CreateTrainingJob permissions). These EC2 actions do not
// support resource-level scoping beyond "*" for the Describe calls.
var vpcJobActions = []string{
	"ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission",
	"ec2:DeleteNetworkInterface", "ec2:DeleteNetworkInterfacePermission",
	"ec2:DescribeDhcpOptions", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSecurityGroups",
	"ec2:DescribeSubnets", "ec2:DescribeVpcs",
}

// AccessSpec names what the execution roles may use.
type AccessSpec struct {
	// Partition is the AWS partition ("aws", "aws-cn", "aws-us-gov"). Required.
	Partition string
	// BucketNames are S3 buckets the roles may list and read/write objects in. Default none.
	BucketNames []string
	// KmsKeyArns are KMS keys the roles may use for data (and grant to AWS resources). Default none.
	KmsKeyArns []string
	// LogGroupArns are CloudWatch log groups the roles may write to and read. Default none.
	LogGroupArns []string
	// EcrRepositoryArns are ECR repositories the roles may pull images from. Default none.
	EcrRepositoryArns []string
}

var (
	bucketRe   = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	kmsArnRe   = regexp.MustCompile(`^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)/[a-zA-Z0-9/_-]+$`)
	logArnRe   = regexp.MustCompile(`^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[\w.#/-]+$`)
	ecrArnRe   = regexp.MustCompile(`^arn:aws[a-z-]*:ecr:[a-z0-9-]+:\d{12}:repository/[a-z0-9][a-z0-9._/-]*$`)
	partitions = []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}
)

// BucketNamePattern, KmsKeyArnPattern, LogGroupArnPattern and EcrRepositoryArnPattern are what
// AccessSpec.Validate accepts (log group ARNs without a trailing ":*").
var (
	BucketNamePattern       = bucketRe.String()
	KmsKeyArnPattern        = kmsArnRe.String()
	LogGroupArnPattern      = logArnRe.String()
	EcrRepositoryArnPattern = ecrArnRe.String()
)

// PartitionOf returns the partition of a region name ("cn-north-1" → "aws-cn").
func PartitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	case strings.HasPrefix(region, "us-isob-"):
		return "aws-iso-b"
	case strings.HasPrefix(region, "us-iso-"):
		return "aws-iso"
	case strings.HasPrefix(region, "eu-isoe-"):
		return "aws-iso-e"
	case strings.HasPrefix(region, "us-isof-"):
		return "aws-iso-f"
	case strings.HasPrefix(region, "eusc-"):
		return "aws-eusc"
	}
	return "aws"
}

// Validate checks every field and returns all problems at once.
func (a AccessSpec) Validate() error {
	var errs []error
	ok := false
	for _, p := range partitions {
		ok = ok || a.Partition == p
	}
	if !ok {
		errs = append(errs, fmt.Errorf("AccessSpec.Partition = %q: want one of %v", a.Partition, partitions))
	}
	list := func(field string, vals []string, re *regexp.Regexp, want string) {
		seen := map[string]bool{}
		for i, v := range vals {
			if !re.MatchString(v) {
				errs = append(errs, fmt.Errorf("%s[%d] = %q: want %s", field, i, v, want))
			} else if seen[v] {
				errs = append(errs, fmt.Errorf("%s[%d] = %q: want each value once (it is listed twice)", field, i, v))
			}
			seen[v] = true
		}
	}
	list("BucketNames", a.BucketNames, bucketRe, "an S3 bucket name (3-63 characters: a-z, 0-9, '.', '-')")
	list("KmsKeyArns", a.KmsKeyArns, kmsArnRe, "a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/...)")
	list("LogGroupArns", a.LogGroupArns, logArnRe, "a log group ARN without a trailing :* (arn:aws:logs:<region>:<account>:log-group:<name>)")
	list("EcrRepositoryArns", a.EcrRepositoryArns, ecrArnRe, "an ECR repository ARN (arn:aws:ecr:<region>:<account>:repository/<name>)")
	return errors.Join(errs...)
}

func sorted(vals []string) Values {
	out := append(Values{}, vals...)
	sort.Strings(out)
	return out
}

// StudioAccessPolicy returns the least-privilege permissions of the execution roles: the Studio
// SageMaker actions, the EC2 network-interface actions SageMaker needs for VPC jobs, metrics in
// SageMaker's namespaces, and — only for what the spec names — S3 buckets and their objects, KMS
// keys (grants only for AWS resources), log groups and their streams, and ECR repositories.
// Statements for empty lists are left out. It never grants iam:PassRole (see PassRoleSelfPolicy).
func StudioAccessPolicy(a AccessSpec) ([]Statement, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	stmts := []Statement{
		{Sid: "StudioSageMakerWork", Effect: Allow, Action: sorted(studioSageMakerActions), Resource: Values{"*"}},
		{Sid: "VpcJobNetworkInterfaces", Effect: Allow, Action: sorted(vpcJobActions), Resource: Values{"*"}},
		{Sid: "SageMakerMetrics", Effect: Allow, Action: Values{"cloudwatch:PutMetricData"}, Resource: Values{"*"},
			Condition: Condition{"StringLike": {"cloudwatch:namespace": {"/aws/sagemaker/*"}}}},
	}
	if len(a.BucketNames) > 0 {
		var buckets, objects []string
		for _, b := range a.BucketNames {
			buckets = append(buckets, fmt.Sprintf("arn:%s:s3:::%s", a.Partition, b))
			objects = append(objects, fmt.Sprintf("arn:%s:s3:::%s/*", a.Partition, b))
		}
		stmts = append(stmts,
			Statement{Sid: "ListConfiguredBuckets", Effect: Allow,
				Action: Values{"s3:GetBucketLocation", "s3:ListBucket"}, Resource: sorted(buckets)},
			Statement{Sid: "ReadWriteConfiguredBucketObjects", Effect: Allow,
				Action: Values{"s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject",
					"s3:ListMultipartUploadParts", "s3:PutObject"}, Resource: sorted(objects)})
	}
	if len(a.KmsKeyArns) > 0 {
		stmts = append(stmts,
			Statement{Sid: "UseConfiguredKmsKeys", Effect: Allow,
				Action: Values{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey",
					"kms:GenerateDataKeyWithoutPlaintext", "kms:ReEncryptFrom", "kms:ReEncryptTo"},
				Resource: sorted(a.KmsKeyArns)},
			Statement{Sid: "GrantConfiguredKmsKeysToAwsResources", Effect: Allow,
				Action: Values{"kms:CreateGrant"}, Resource: sorted(a.KmsKeyArns),
				Condition: Condition{"Bool": {"kms:GrantIsForAWSResource": {"true"}}}})
	}
	if len(a.LogGroupArns) > 0 {
		var res []string
		for _, l := range a.LogGroupArns {
			res = append(res, l, l+":log-stream:*")
		}
		stmts = append(stmts, Statement{Sid: "WriteConfiguredLogGroups", Effect: Allow,
			Action: Values{"logs:CreateLogStream", "logs:DescribeLogStreams", "logs:GetLogEvents",
				"logs:PutLogEvents"}, Resource: sorted(res)})
	}
	if len(a.EcrRepositoryArns) > 0 {
		stmts = append(stmts,
			Statement{Sid: "PullConfiguredEcrRepositories", Effect: Allow,
				Action: Values{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage",
					"ecr:GetDownloadUrlForLayer"}, Resource: sorted(a.EcrRepositoryArns)},
			// GetAuthorizationToken has no resource type: "*" is the only resource it accepts.
			Statement{Sid: "EcrAuthorizationToken", Effect: Allow,
				Action: Values{"ecr:GetAuthorizationToken"}, Resource: Values{"*"}})
	}
	return stmts, nil
}
