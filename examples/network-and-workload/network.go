// Package networkandworkload is a consumer example that splits the landing zone into two Pulumi
// programs, each its own project and stack:
//
//   - network/ (Network): the EndpointHub in the network account, its Transit Gateway shared
//     with the workload accounts through AWS RAM (HubShare), and the hub exported as one stack
//     output (netcomp.HubOutput, written by HubRef.Export);
//   - workload/ (Workload): reads that output with netcomp.HubRefFromStack and builds a
//     SpokeVpc, Studio and job security groups, Guardrails and a StudioDomain in a workload
//     account, through an explicit AWS provider that assumes a role there.
//
// Deploy the network stack first (cd network && pulumi up -s example), then the workload stack
// (cd workload && pulumi up -s example). main_test.go runs both under the mocks and feeds the
// network program's real outputs to the workload program's StackReference.
package networkandworkload

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	netcomp "github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
)

// Network is the network program (project "network"). Config:
//
//	aws:region                 the hub's Region
//	network:availabilityZones  the hub's zones (at least 2)
//	network:hubCidr            the hub VPC's CIDR
//	network:spokeCidrs         spoke name -> spoke VPC CIDR (the endpoints admit HTTPS from these)
//	network:workloadAccountIds the accounts the Transit Gateway is shared with (inside the
//	                           organization) and whose principals the endpoint policies admit
//	network:connectivity       optional: transitGateway (default) or peering — with peering
//	                           there is no Transit Gateway to share: each workload stack's
//	                           spoke peers with the hub VPC and its network-account provider
//	                           accepts and adds the hub's return routes (the hub output carries
//	                           connectivity and the route table ids)
//
// The program runs with the deploying credentials (the network account's deployment role).
func Network(ctx *pulumi.Context) error {
	outs, err := network(ctx)
	for k, v := range outs {
		ctx.Export(k, v)
	}
	return err
}

// network builds the network stack and returns its outputs (main_test.go reads them).
func network(ctx *pulumi.Context) (pulumi.Map, error) {
	cfg := config.New(ctx, "")
	region := config.Require(ctx, "aws:region")
	var azs, accounts []string
	var spokes map[string]string
	cfg.RequireObject("availabilityZones", &azs)
	cfg.RequireObject("spokeCidrs", &spokes)
	cfg.RequireObject("workloadAccountIds", &accounts)
	connectivity := cfg.Get("connectivity")
	if err := netcomp.CheckConnectivity(connectivity); err != nil {
		return nil, fmt.Errorf("network:connectivity is %w", err)
	}
	hub, err := netcomp.NewEndpointHub(ctx, "hub", &netcomp.EndpointHubArgs{
		Region: region, CidrBlock: cfg.Require("hubCidr"), AvailabilityZones: azs,
		SpokeCidrs: spokes, AdmittedAccountIds: pulumi.ToStringArray(accounts), Connectivity: connectivity,
	})
	if err != nil {
		return nil, err
	}
	me := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{})
	// A spoke's Transit Gateway attachment in a workload account needs the TGW shared with it
	// ("Share your transit gateway", Amazon VPC Transit Gateways guide); a peering hub has none.
	if !hub.Ref().Peering() {
		if _, err := netcomp.NewHubShare(ctx, "hub", &netcomp.HubShareArgs{
			TransitGatewayArn: pulumi.Sprintf("arn:%s:ec2:%s:%s:transit-gateway/%s", iampolicy.PartitionOf(region), region, me.AccountId(), hub.TransitGatewayId),
			AccountIds:        accounts, WithinOrganization: true,
		}); err != nil {
			return nil, err
		}
	}
	// The hub as one output (netcomp.HubOutput): what a workload stack needs, under the
	// HubKey* keys that HubRefFromStack reads; the account is the network account's id.
	return pulumi.Map{netcomp.HubOutput: hub.Ref().Export(me.AccountId())}, nil
}

// checkRoleInAccount refuses a role ARN that is not in account: the provider would otherwise
// deploy into whatever account the role is in.
func checkRoleInAccount(key, roleArn, account string) error {
	if !netcomp.ValidRoleArn(roleArn) {
		return fmt.Errorf("%s is %q: want an IAM role ARN matching %s", key, roleArn, netcomp.RoleArnPattern)
	}
	if got := netcomp.RoleArnAccount(roleArn); got != account {
		return fmt.Errorf("%s is %q: want a role in account %s (the ARN names account %s)", key, roleArn, account, got)
	}
	return nil
}
