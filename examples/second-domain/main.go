// Command second-domain adds a Studio domain to a spoke of an existing landing-zone stack. It
// reads the spoke's VPC, subnets and S3 prefix list, the hub CIDR and the hub's SageMaker API
// endpoint from that stack's outputs, and composes StudioSecurityGroups, Guardrails and
// StudioDomain from the library.
//
//	cd examples/second-domain && pulumi up -s example
package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/vpconly/sagemaker-landing-zone/components"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

func program(ctx *pulumi.Context) error {
	cfg := config.New(ctx, "")
	stack, spokeName, domainName := cfg.Require("landingZoneStack"), cfg.Require("spoke"), cfg.Require("domainName")
	var users []string
	cfg.RequireObject("users", &users)
	ownerDomain := cfg.Get("ownerDomain")
	if ownerDomain == "" {
		ownerDomain = "example.com"
	}
	region := config.Require(ctx, "aws:region")

	lz, err := pulumi.NewStackReference(ctx, stack, nil)
	if err != nil {
		return err
	}
	spoke := lz.GetOutput(pulumi.String(landingzone.OutputSpokes)).ApplyT(func(v any) (map[string]any, error) {
		s, ok := v.(map[string]any)[spokeName].(map[string]any)
		if !ok {
			return nil, fmt.Errorf("stack %s has no spoke %q in its %s output", stack, spokeName, landingzone.OutputSpokes)
		}
		return s, nil
	}).(pulumi.MapOutput)
	str := func(key string) pulumi.StringOutput {
		return spoke.MapIndex(pulumi.String(key)).ApplyT(func(v any) string { s, _ := v.(string); return s }).(pulumi.StringOutput)
	}
	subnets := spoke.MapIndex(pulumi.String(landingzone.SpokeOutputSubnetIds)).ApplyT(func(v any) []string {
		var out []string
		for _, s := range v.([]any) {
			out = append(out, s.(string))
		}
		return out
	}).(pulumi.StringArrayOutput)
	apiEndpoint := lz.GetOutput(pulumi.String(landingzone.OutputEndpointIds)).ApplyT(func(v any) string {
		s, _ := v.(map[string]any)["sagemaker.api"].(string)
		return s
	}).(pulumi.StringOutput)

	// The hub CIDR is a plain value (security-group rules branch on it), so it comes from this
	// stack's config; a check at deploy time compares it with the landing zone's hubCidr output.
	hubCidr := cfg.Require("hubCidr")
	checkedHubCidr := lz.GetStringOutput(pulumi.String(landingzone.OutputHubCidr)).ApplyT(func(actual string) (string, error) {
		if actual != hubCidr {
			return "", fmt.Errorf("config second-domain:hubCidr is %q but stack %s's hub is %q: set it to the hub's CIDR", hubCidr, stack, actual)
		}
		return actual, nil
	}).(pulumi.StringOutput)
	ctx.Export("hubCidr", checkedHubCidr) // exported so that the check is awaited
	sgs, err := components.NewStudioSecurityGroups(ctx, domainName, &components.StudioSecurityGroupsArgs{
		VpcId: str(landingzone.SpokeOutputVpcId), HubCidr: hubCidr, S3PrefixListId: str(landingzone.SpokeOutputS3PrefixListId), UserNames: users,
	})
	if err != nil {
		return err
	}
	groups := pulumi.StringArray{sgs.DomainSecurityGroupId}
	studioUsers := make([]components.StudioUser, 0, len(users))
	for _, u := range users {
		groups = append(groups, sgs.UserGroups[u])
		studioUsers = append(studioUsers, components.StudioUser{Name: u, Owner: u + "@" + ownerDomain,
			SecurityGroupId: sgs.UserGroups[u]})
	}
	guards, err := components.NewGuardrails(ctx, domainName+"-guards", &components.GuardrailsArgs{
		Region: region, SpokeSubnetIds: subnets, SecurityGroupIds: groups, SageMakerApiEndpointId: apiEndpoint,
		DataSensitivity: "confidential", DenyNotebookRootAccess: true,
	})
	if err != nil {
		return err
	}
	domain, err := components.NewStudioDomain(ctx, domainName, &components.StudioDomainArgs{
		DomainName: domainName, VpcId: str(landingzone.SpokeOutputVpcId), SubnetIds: subnets,
		SecurityGroupId: sgs.DomainSecurityGroupId, ExecutionRoleArn: guards.ExecutionRoleArn, Users: studioUsers,
	})
	if err != nil {
		return err
	}
	ctx.Export("domainId", domain.DomainId)
	ctx.Export("jobNetworkConfig", domain.JobNetworkConfig)
	return nil
}

func main() { pulumi.Run(program) }
