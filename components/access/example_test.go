package access_test

// These examples import the package through its module path, as a consumer's program does. A
// real program passes its function to pulumi.Run; here `go test` runs each one under the
// repository's recording mock (internal/recorder, no AWS account) and checks what it registered
// against the Output comment.

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/access"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
)

// ExampleNewCorporateAccess connects a corporate network by Site-to-Site VPN, gives it the Studio
// and SageMaker API endpoints (CorporateCidrs on the hub) and a Resolver inbound endpoint, and
// creates the data scientists' policy.
func ExampleNewCorporateAccess() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		corporate := []string{"192.168.0.0/16"}
		hub, err := network.NewEndpointHub(ctx, "hub", &network.EndpointHubArgs{
			Region: "us-east-1", CidrBlock: "10.0.0.0/24", AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
			SpokeCidrs:     map[string]string{"research": "10.1.0.0/20"},
			CorporateCidrs: corporate, // routes via the TGW; HTTPS to sagemaker.api and studio only
		})
		if err != nil {
			return err
		}
		if _, err := access.NewCorporateAccess(ctx, "corporate", &access.CorporateAccessArgs{
			CorporateCidrs: corporate,
			Hub:            hub.Ref(),
			// The corporate route table: the hub propagates into it, so does every spoke in
			// OnPremisesSpokes (none here: research is not reachable from on-premises).
			HubAttachmentId: hub.TransitGatewayAttachmentId,
			SpokeCidrs:      map[string]string{"research": "10.1.0.0/20"},
			Vpn:             &access.CorporateVpn{CustomerGatewayIp: "198.51.100.10", BgpAsn: 65010},
		}); err != nil {
			return err
		}
		dns, err := access.NewResolverEndpoints(ctx, "dns", &access.ResolverEndpointsArgs{
			VpcId:             hub.VpcId,
			SubnetIds:         hub.SubnetIds,
			AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
			CorporateCidrs:    corporate,
		})
		if err != nil {
			return err
		}
		ctx.Export("dnsInboundResolverAddresses", dns.InboundAddresses)
		ctx.Export("dnsConditionalForwarders", pulumi.ToStringArray(access.ConditionalForwarders("us-east-1", hub.Ref().EndpointKeys)))
		return nil
	})
}

func ExampleNewHumanAccessPolicy() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		p, err := access.NewHumanAccessPolicy(ctx, "data-scientists", &access.HumanAccessPolicyArgs{
			Region:    "us-east-1",
			DomainIds: pulumi.ToStringArray([]string{"d-abc123"}),
			// The hub as one value; in another program, network.HubRefFromStack.
			Hub: network.HubRef{EndpointIds: map[string]pulumi.StringInput{
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
