package security_test

// These examples import the package through its module path, as a consumer's program does. A
// real program passes its function to pulumi.Run; here `go test` runs each one under the
// repository's recording mock (internal/recorder, no AWS account) and checks what it registered
// against the Output comment.

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

func ExampleNewStudioSecurityGroups() {
	rec := componenttest.Run(func(ctx *pulumi.Context) error {
		sgs, err := security.NewStudioSecurityGroups(ctx, "studio-research", &security.StudioSecurityGroupsArgs{
			VpcId:          pulumi.String("vpc-0123456789abcdef0"),
			Hub:            network.HubRef{Cidr: "10.0.0.0/24"}, // or hub.Ref()
			S3PrefixListId: pulumi.String("pl-63a5400a"),
			UserNames:      []string{"alice", "bob"}, // a group of their own each
		})
		if err != nil {
			return err
		}
		ctx.Export("aliceGroup", sgs.UserGroups["alice"])
		return nil
	})
	var names []string
	for _, g := range rec.ByType("aws:ec2/securityGroup:SecurityGroup") {
		names = append(names, g.Name)
	}
	slices.Sort(names)
	fmt.Println(strings.Join(names, "\n"))
	// Output:
	// studio-research-domain
	// studio-research-user-alice
	// studio-research-user-bob
}

func ExampleNewGuardrails() {
	rec := componenttest.Run(func(ctx *pulumi.Context) error {
		guards, err := security.NewGuardrails(ctx, "guardrails", &security.GuardrailsArgs{
			Region:           "us-east-1",
			SpokeSubnetIds:   pulumi.StringArray{pulumi.String("subnet-0a"), pulumi.String("subnet-0b")},
			SecurityGroupIds: pulumi.StringArray{pulumi.String("sg-0studio")},
			Hub: network.HubRef{EndpointIds: map[string]pulumi.StringInput{
				"sagemaker.api": pulumi.String("vpce-0api"), "studio": pulumi.String("vpce-0studio")}},
			DataSensitivity:        "regulated",
			DenyNotebookRootAccess: true,
			BucketNames:            []string{"example-research-data"},
		})
		if err != nil {
			return err
		}
		// Attach the deny guard to roles the landing zone does not create, too.
		ctx.Export("denyGuardPolicyArns", guards.DenyGuardPolicyArns)
		return nil
	})
	regulated := false
	for _, p := range rec.ByType("aws:iam/policy:Policy") {
		regulated = regulated || strings.Contains(p.Input("policy").StringValue(), "sagemaker:NetworkIsolation")
	}
	fmt.Println("the guard requires network isolation:", regulated)
	componenttest.PrintCounts(rec, "aws:organizations/policy:Policy")
	// Output:
	// the guard requires network isolation: true
	// aws:organizations/policy:Policy: 0
}

// ExampleNewJobSecurityGroup creates the job security group of a spoke (under the recording mock
// here; in a program, inside pulumi.Run) and lists the rule resources it registers.
func ExampleNewJobSecurityGroup() {
	rec, err := recorder.Run(recorder.Options{Config: map[string]string{"aws:region": "us-east-1"}}, func(ctx *pulumi.Context) error {
		jobs, err := security.NewJobSecurityGroup(ctx, "jobs-research", &security.JobSecurityGroupArgs{
			VpcId:          pulumi.String("vpc-0123456789abcdef0"),
			Hub:            network.HubRef{Cidr: "10.0.0.0/24"}, // or hub.Ref()
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
