package studio_test

// These examples import the package through its module path, as a consumer's program does. A
// real program passes its function to pulumi.Run; here `go test` runs each one under the
// repository's recording mock (internal/recorder, no AWS account) and checks what it registered
// against the Output comment.

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/studio"
)

func ExampleNewStudioDomain() {
	rec := componenttest.Run(func(ctx *pulumi.Context) error {
		domain, err := studio.NewStudioDomain(ctx, "research", &studio.StudioDomainArgs{
			DomainName:       "research",
			VpcId:            pulumi.String("vpc-0123456789abcdef0"),
			SubnetIds:        pulumi.StringArray{pulumi.String("subnet-0a"), pulumi.String("subnet-0b")},
			SecurityGroupId:  pulumi.String("sg-0studio"),
			ExecutionRoleArn: pulumi.String("arn:aws:iam::123456789012:role/studio-execution"),
			Users:            []studio.StudioUser{{Name: "alice", Owner: "alice@example.com"}},
			Protect:          true, // prod: the domain, its KMS key and profiles cannot be deleted by an update
		})
		if err != nil {
			return err
		}
		ctx.Export("jobNetworkConfig", domain.JobNetworkConfig)
		return nil
	})
	for _, d := range rec.ByType("aws:sagemaker/domain:Domain") {
		fmt.Println(d.Name, d.Input("appNetworkAccessType").StringValue(), "protected:", d.Protect)
	}
	componenttest.PrintCounts(rec, "aws:sagemaker/userProfile:UserProfile")
	// Output:
	// research VpcOnly protected: true
	// aws:sagemaker/userProfile:UserProfile: 1
}
