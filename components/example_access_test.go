package components_test

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components"
)

// ExampleNewCorporateAccess connects a corporate network by Site-to-Site VPN, gives it the Studio
// and SageMaker API endpoints (CorporateCidrs on the hub) and a Resolver inbound endpoint, and
// creates the data scientists' policy.
func ExampleNewCorporateAccess() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		corporate := []string{"192.168.0.0/16"}
		hub, err := components.NewEndpointHub(ctx, "hub", &components.EndpointHubArgs{
			Region: "us-east-1", CidrBlock: "10.0.0.0/24", AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
			SpokeCidrs:     map[string]string{"research": "10.1.0.0/20"},
			CorporateCidrs: corporate, // routes via the TGW; HTTPS to sagemaker.api and studio only
		})
		if err != nil {
			return err
		}
		if _, err := components.NewCorporateAccess(ctx, "corporate", &components.CorporateAccessArgs{
			CorporateCidrs: corporate,
			Hub:            hub.Ref(),
			// The corporate route table: the hub propagates into it, so does every spoke in
			// OnPremisesSpokes (none here: research is not reachable from on-premises).
			HubAttachmentId: hub.TransitGatewayAttachmentId,
			SpokeCidrs:      map[string]string{"research": "10.1.0.0/20"},
			Vpn:             &components.CorporateVpn{CustomerGatewayIp: "198.51.100.10", BgpAsn: 65010},
		}); err != nil {
			return err
		}
		dns, err := components.NewResolverEndpoints(ctx, "dns", &components.ResolverEndpointsArgs{
			VpcId:             hub.VpcId,
			SubnetIds:         hub.SubnetIds,
			AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
			CorporateCidrs:    corporate,
		})
		if err != nil {
			return err
		}
		ctx.Export("dnsInboundResolverAddresses", dns.InboundAddresses)
		ctx.Export("dnsConditionalForwarders", pulumi.ToStringArray(components.ConditionalForwarders("us-east-1", hub.Ref().EndpointKeys)))
		return nil
	})
}

func ExampleNewHumanAccessPolicy() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		p, err := components.NewHumanAccessPolicy(ctx, "data-scientists", &components.HumanAccessPolicyArgs{
			Region:    "us-east-1",
			DomainIds: pulumi.ToStringArray([]string{"d-abc123"}),
			// The hub as one value; in another program, components.HubRefFromStack.
			Hub: components.HubRef{EndpointIds: map[string]pulumi.StringInput{
				"sagemaker.api": pulumi.String("vpce-0a1a1a1a1a1a1a1a1"),
				"studio":        pulumi.String("vpce-0c3c3c3c3c3c3c3c3")}},
		})
		if err != nil {
			return err
		}
		ctx.Export("humanAccessPolicyArn", p.PolicyArn)
		return nil
	})
}
