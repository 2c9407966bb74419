package network

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
)

// peerWithHub connects a spoke to a peering hub (HubRef.Connectivity ConnectivityPeering) and
// returns the id of the active peering connection, as the output of the resource that made it
// active (so every route reads it: a data dependency, no DependsOn):
//
//   - "<name>-peering": the VPC peering connection, requested from the spoke's account (the
//     spoke VPC) to the hub VPC. In one account it is accepted on creation (auto_accept: only
//     possible when both VPCs are in the requester's account and Region, pulumi-aws
//     ec2.VpcPeeringConnection docs). Across accounts it names the hub's account as the peer
//     owner (Hub.Account, or the caller identity of HubProvider), and
//   - "<name>-peering-accepter" accepts it in the hub's account (HubProvider,
//     ec2.VpcPeeringConnectionAccepter; "Accept a VPC peering connection", Amazon VPC Peering
//     guide: the owner of the accepter VPC accepts a request within 7 days).
//   - "<name>-to-hub-<az>": each spoke route table routes Hub.Cidr to the peering, and
//   - "<name>-from-hub-<hub az>": each hub route table (Hub.RouteTableIds) routes the spoke's
//     CidrBlock back, in the hub's account ("Update your route tables for a VPC peering
//     connection": both sides need a route). Nothing else is routed: a peering is not transitive,
//     so spokes never reach each other through the hub, and no DNS option is needed (the spoke
//     resolves the endpoint names through the hub's private hosted zones associated with it).
func (n *netVpc) peerWithHub(ctx *pulumi.Context, name string, args *SpokeVpcArgs, parent pulumi.ResourceOption) (pulumi.StringOutput, error) {
	pcxArgs := &ec2.VpcPeeringConnectionArgs{
		VpcId:     n.vpc.ID(),
		PeerVpcId: args.Hub.VpcId,
		Tags:      core.NameTags(args.Tags, name+"-peering"),
	}
	hubOpts := []pulumi.ResourceOption{parent}
	if args.HubProvider == nil {
		pcxArgs.AutoAccept = pulumi.Bool(true)
	} else {
		hubOpts = append(hubOpts, pulumi.Provider(args.HubProvider))
		if args.Hub.Account != "" {
			pcxArgs.PeerOwnerId = pulumi.String(args.Hub.Account)
		} else {
			pcxArgs.PeerOwnerId = aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{},
				pulumi.Provider(args.HubProvider)).AccountId()
		}
	}
	pcx, err := ec2.NewVpcPeeringConnection(ctx, name+"-peering", pcxArgs, parent)
	if err != nil {
		return pulumi.StringOutput{}, err
	}
	active := pcx.ID().ToStringOutput()
	if args.HubProvider != nil {
		acc, err := ec2.NewVpcPeeringConnectionAccepter(ctx, name+"-peering-accepter", &ec2.VpcPeeringConnectionAccepterArgs{
			VpcPeeringConnectionId: pcx.ID(),
			AutoAccept:             pulumi.Bool(true),
			Tags:                   core.NameTags(args.Tags, name+"-peering-accepter"),
		}, hubOpts...)
		if err != nil {
			return pulumi.StringOutput{}, err
		}
		active = acc.VpcPeeringConnectionId
	}
	for i, az := range args.AvailabilityZones {
		if _, err := ec2.NewRoute(ctx, name+"-to-hub-"+az, &ec2.RouteArgs{
			RouteTableId:           n.routeTableIDs[i],
			DestinationCidrBlock:   pulumi.String(args.Hub.Cidr),
			VpcPeeringConnectionId: active,
		}, parent); err != nil {
			return pulumi.StringOutput{}, err
		}
	}
	for _, az := range core.SortedKeys(args.Hub.RouteTableIds) {
		if _, err := ec2.NewRoute(ctx, name+"-from-hub-"+az, &ec2.RouteArgs{
			RouteTableId:           args.Hub.RouteTableIds[az],
			DestinationCidrBlock:   pulumi.String(args.CidrBlock),
			VpcPeeringConnectionId: active,
		}, hubOpts...); err != nil {
			return pulumi.StringOutput{}, err
		}
	}
	return active, nil
}
