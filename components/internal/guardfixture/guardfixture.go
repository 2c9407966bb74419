// Package guardfixture holds valid Guardrails arguments for the tests of other component groups
// (security's own tests keep theirs: a package's internal tests cannot import a package that
// imports it).
package guardfixture

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
)

const (
	SubnetA  = "subnet-0aaaaaaaaaaaaaaa1"
	SubnetB  = "subnet-0bbbbbbbbbbbbbbb2"
	SGDomain = "sg-0d0d0d0d0d0d0d0d1"
	SGAlice  = "sg-0a11ce0a11ce0a11c"
	grVpce   = "vpce-0a1a1a1a1a1a1a1a1"
	grStudio = "vpce-0c3c3c3c3c3c3c3c3"
)

// GuardrailsArgs is a valid Guardrails of two subnets and two groups; each call returns a fresh
// value a test may modify.
func GuardrailsArgs() *security.GuardrailsArgs {
	return &security.GuardrailsArgs{
		Region:           "us-east-1",
		SpokeSubnetIds:   pulumi.StringArray{pulumi.String(SubnetA), pulumi.String(SubnetB)},
		SecurityGroupIds: pulumi.StringArray{pulumi.String(SGDomain), pulumi.String(SGAlice)},
		Hub: network.HubRef{EndpointIds: map[string]pulumi.StringInput{"sagemaker.api": pulumi.String(grVpce),
			"studio": pulumi.String(grStudio)}},
		DataSensitivity:        "confidential",
		DenyNotebookRootAccess: true,
		BucketNames:            []string{"ml-data"},
		KmsKeyArns:             []string{"arn:aws:kms:us-east-1:123456789012:key/abcd"},
		LogGroupArns:           []string{"arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker/TrainingJobs"},
		EcrRepositoryArns:      []string{"arn:aws:ecr:us-east-1:123456789012:repository/ml/base"},
		ExtraRoles:             []string{"ds-alice"},
		Tags:                   map[string]string{"team": "ml"},
	}
}
