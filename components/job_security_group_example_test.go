package components_test

import (
	"fmt"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// ExampleNewJobSecurityGroup creates the job security group of a spoke (under the recording mock
// here; in a program, inside pulumi.Run) and lists the rule resources it registers.
func ExampleNewJobSecurityGroup() {
	rec, err := recorder.Run(recorder.Options{Config: map[string]string{"aws:region": "us-east-1"}}, func(ctx *pulumi.Context) error {
		jobs, err := components.NewJobSecurityGroup(ctx, "jobs-research", &components.JobSecurityGroupArgs{
			VpcId:          pulumi.String("vpc-0123456789abcdef0"),
			Hub:            components.HubRef{Cidr: "10.0.0.0/24"}, // or hub.Ref()
			S3PrefixListId: pulumi.String("pl-63a5400a"),
		})
		if err != nil {
			return err
		}
		ctx.Export("jobSecurityGroupId", jobs.SecurityGroupId)
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var names []string // registration order is concurrent: print sorted
	for _, r := range rec.Resources {
		if r.Custom {
			names = append(names, r.Name+" "+r.Type)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Println(n)
	}
	// Output:
	// jobs-research aws:ec2/securityGroup:SecurityGroup
	// jobs-research-all-in aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule
	// jobs-research-all-out aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule
	// jobs-research-esp-in aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule
	// jobs-research-esp-out aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule
	// jobs-research-https-hub-out aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule
	// jobs-research-https-s3-out aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule
	// jobs-research-ike-in aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule
	// jobs-research-ike-out aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule
}
