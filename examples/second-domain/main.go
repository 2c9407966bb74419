// Command second-domain adds a Studio domain to a spoke of an existing landing-zone stack. It
// reads the spoke's VPC, subnets and S3 prefix list from that stack's spokes output and the hub
// (network.HubRef: CIDR, endpoint ids, ...) from its hub output with network.HubRefFromStack, and composes StudioSecurityGroups, Guardrails and
// StudioDomain from the library.
//
//	cd examples/second-domain && pulumi up -s example
package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/studio"
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
	// The hub as one value, read from the landing zone's "hub" output at construction: a missing
	// or mistyped output, or a hub without the sagemaker.api and studio endpoints the guards need, fails here
	// before anything is registered.
	hub, err := network.HubRefFromStack(ctx, lz, network.PresignedUrlEndpointKeys()...)
	if err != nil {
		return err
	}
	if hub.Region != region {
		return fmt.Errorf("aws:region is %q but stack %s's hub is in %q: deploy the domain in the hub's Region", region, stack, hub.Region)
	}
	sgs, err := security.NewStudioSecurityGroups(ctx, domainName, &security.StudioSecurityGroupsArgs{
		VpcId: str(landingzone.SpokeOutputVpcId), Hub: hub, S3PrefixListId: str(landingzone.SpokeOutputS3PrefixListId), UserNames: users,
	})
	if err != nil {
		return err
	}
	groups := pulumi.StringArray{sgs.DomainSecurityGroupId}
	studioUsers := make([]studio.StudioUser, 0, len(users))
	for _, u := range users {
		groups = append(groups, sgs.UserGroups[u])
		studioUsers = append(studioUsers, studio.StudioUser{Name: u, Owner: u + "@" + ownerDomain,
			SecurityGroupId: sgs.UserGroups[u]})
	}
	guards, err := security.NewGuardrails(ctx, domainName+"-guards", &security.GuardrailsArgs{
		Region: region, SpokeSubnetIds: subnets, SecurityGroupIds: groups, Hub: hub,
		DataSensitivity: "confidential", DenyNotebookRootAccess: true,
	})
	if err != nil {
		return err
	}
	domain, err := studio.NewStudioDomain(ctx, domainName, &studio.StudioDomainArgs{
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
