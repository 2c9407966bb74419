// Package guardfixture holds valid Guardrails arguments and a recording runner for the tests of
// other component groups.
package guardfixture

import (
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	SubnetA  = "subnet-0aaaaaaaaaaaaaaa1"
	SubnetB  = "subnet-0bbbbbbbbbbbbbbb2"
	SGDomain = "sg-0d0d0d0d0d0d0d0d1"
	SGAlice  = "sg-0a11ce0a11ce0a11c"
	grVpce   = "vpce-0a1a1a1a1a1a1a1a1"
	grStudio = "vpce-0c3c3c3c3c3c3c3c3"
)

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

type GuardrailsCapture struct {
	Mu                sync.Mutex
	DenyArns, ScpDocs []string
	ScpIDs            []string
	ExecArn           string
	UserArns          map[string]string
	PlainUsers        map[string]string
}

func RunGuardrails(t *testing.T, args *security.GuardrailsArgs, opts ...pulumi.ResourceOption) (*recorder.Recording, *security.Guardrails, *GuardrailsCapture, error) {
	t.Helper()
	got := &GuardrailsCapture{PlainUsers: map[string]string{}}
	var comp *security.Guardrails
	rec, err := componenttest.RunDev(t,
		func(ctx *pulumi.Context) error {
			c, err := security.NewGuardrails(ctx, "gr", args, opts...)
			if err != nil {
				return err
			}
			comp = c
			pulumi.All(c.DenyGuardPolicyArns, c.ServiceControlPolicyDocuments, c.ServiceControlPolicyIds,
				c.ExecutionRoleArn, c.UserExecutionRoleArns).ApplyT(func(v []interface{}) string {
				got.Mu.Lock()
				defer got.Mu.Unlock()
				got.DenyArns, got.ScpDocs, got.ScpIDs = v[0].([]string), v[1].([]string), v[2].([]string)
				got.ExecArn, got.UserArns = v[3].(string), v[4].(map[string]string)
				return ""
			})
			for k, o := range c.UserRoles {
				k := k
				o.ApplyT(func(s string) string {
					got.Mu.Lock()
					defer got.Mu.Unlock()
					got.PlainUsers[k] = s
					return s
				})
			}
			return nil
		})
	return rec, comp, got, err
}
