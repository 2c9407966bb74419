// Package studiofixture holds valid StudioDomain arguments and a recording runner for the tests
// of other component groups.
package studiofixture

import (
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/studio"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	stDomainSG   = "sg-0d0a1b2c3d"
	stAliceSG    = "sg-0a11ce0001"
	stDomainRole = "arn:aws:iam::123456789012:role/studio-domain"
	stAliceRole  = "arn:aws:iam::123456789012:role/studio-alice"
)

func StudioArgs() *studio.StudioDomainArgs {
	return &studio.StudioDomainArgs{
		DomainName:       "data-science",
		VpcId:            pulumi.String("vpc-0123456789"),
		SubnetIds:        pulumi.StringArray{pulumi.String("subnet-0aaa"), pulumi.String("subnet-0bbb")},
		SecurityGroupId:  pulumi.String(stDomainSG),
		ExecutionRoleArn: pulumi.String(stDomainRole),
		Users: []studio.StudioUser{
			{Name: "alice", Owner: "alice@example.com", SecurityGroupId: pulumi.String(stAliceSG),
				ExecutionRoleArn: pulumi.String(stAliceRole), Tags: map[string]string{"team": "fraud"}},
			{Name: "bob", Owner: "bob@example.com"},
		},
		Tags: map[string]string{"cost-center": "ml-42"},
	}
}

type StudioCapture struct {
	Mu                                    sync.Mutex
	DomainID, DomainArn, URL, Efs, KeyArn string
	SecurityGroupIDs                      []string
	UserProfileArns                       map[string]string
	Job                                   studio.JobNetworkConfig
	Resolved                              bool
}

func RunStudio(t *testing.T, stack string, args *studio.StudioDomainArgs, opts ...pulumi.ResourceOption) (*recorder.Recording, *StudioCapture, error) {
	t.Helper()
	got := &StudioCapture{}
	rec, err := componenttest.RunStack(t, stack,
		func(ctx *pulumi.Context) error {
			c, err := studio.NewStudioDomain(ctx, "ds", args, opts...)
			if err != nil {
				return err
			}
			probe := pulumi.All(c.DomainId, c.DomainArn, c.Url, c.HomeEfsFileSystemId, c.KmsKeyArn,
				c.SecurityGroupIds, c.UserProfileArns, c.JobNetworkConfig).ApplyT(func(v []interface{}) string {
				got.Mu.Lock()
				defer got.Mu.Unlock()
				got.DomainID, got.DomainArn, got.URL = v[0].(string), v[1].(string), v[2].(string)
				got.Efs, got.KeyArn = v[3].(string), v[4].(string)
				got.SecurityGroupIDs = v[5].([]string)
				got.UserProfileArns = v[6].(map[string]string)
				got.Job = v[7].(studio.JobNetworkConfig)
				got.Resolved = true
				return "ok"
			})
			ctx.Export("probe", probe)
			return nil
		})
	return rec, got, err
}
