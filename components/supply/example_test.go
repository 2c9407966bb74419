package supply_test

// These examples import the package through its module path, as a consumer's program does. A
// real program passes its function to pulumi.Run; here `go test` runs each one under the
// repository's recording mock (internal/recorder, no AWS account) and checks what it registered
// against the Output comment.

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/supply"
)

// The supply path: CodeArtifact behind the hub's CodeArtifact endpoints, team images in ECR, the
// execution roles' permissions, and a Studio domain that starts with pip pointed at CodeArtifact.
func ExampleNewPackageSupply() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		hub, err := network.NewEndpointHub(ctx, "hub", &network.EndpointHubArgs{
			Region: "us-east-1", CidrBlock: "10.0.0.0/24", AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
			Endpoints: []string{"sagemaker.api", "sagemaker.runtime", "studio", "sts", "logs",
				"codeartifact.api", "codeartifact.repositories", "ecr.api", "ecr.dkr"},
		})
		if err != nil {
			return err
		}
		packages := supply.PackageSettings{AllowedPackages: []string{"numpy"}}
		pkgs, err := supply.NewPackageSupply(ctx, "packages", &supply.PackageSupplyArgs{
			Region:   "us-east-1",
			Settings: packages,
			Hub:      hub.Ref(), // its codeartifact.api and codeartifact.repositories endpoints
		})
		if err != nil {
			return err
		}
		images := supply.ImageSettings{Repositories: []string{"ml/base"}, PullThroughCachePrefix: "ecr-public"}
		if _, err := supply.NewImageSupply(ctx, "images", &supply.ImageSupplyArgs{Region: "us-east-1", Settings: images}); err != nil {
			return err
		}
		// Attach to the execution roles (GuardrailsArgs.SupplyPolicy) and the domains
		// (StudioDomainArgs.Supply).
		account := pkgs.DomainOwner
		ctx.Export("supplyPolicy", supply.SupplyAccessPolicy("us-east-1", account, &packages, &images))
		ctx.Export("studioSupply", pulumi.Map{
			"jupyterLab": pkgs.JupyterLabLifecycleConfigArn, "codeEditor": pkgs.CodeEditorLifecycleConfigArn,
		})
		ctx.Export("pipIndexUrl", pkgs.IndexUrl)
		return nil
	})
}
