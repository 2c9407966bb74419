package network

import (
	"fmt"
	"sort"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	typePeering         = "aws:ec2/vpcPeeringConnection:VpcPeeringConnection"
	typePeeringAccepter = "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter"
	netHubVpcID         = "vpc-0hub0000000000000"
)

// peeringSpokeArgs is netSpokeArgs against a peering hub with a route table in each of hubAZs.
func peeringSpokeArgs(azs, hubAZs int) *SpokeVpcArgs {
	args := NetSpokeArgs(azs)
	args.Hub.Connectivity = ConnectivityPeering
	args.Hub.TransitGatewayId, args.Hub.TransitGatewayRouteTableId = nil, nil
	args.Hub.VpcId = pulumi.String(netHubVpcID)
	args.Hub.RouteTableIds = map[string]pulumi.StringInput{}
	for i, az := range componenttest.NetAZs[:hubAZs] {
		args.Hub.RouteTableIds[az] = pulumi.String(fmt.Sprintf("rtb-0hub%013d", i))
	}
	return args
}

// A peering spoke makes one peering connection, routes the hub CIDR to it from each of its route
// tables, routes its own CIDR back from each hub route table, and nothing else: no Transit
// Gateway resource, no other destination. In one account the peering accepts itself; across
// accounts it names the hub's account and an accepter in the hub's account makes it active,
// before any route uses it.
func TestSpokeVpcPeersWithTheHub(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name          string
		cross         bool
		hubAccount    string
		azs, hubAZs   int
		wantPeerOwner string
	}{
		{name: "one account, 2 AZs", azs: 2, hubAZs: 2},
		{name: "one account, spoke in 3 AZs, hub in 2", azs: 3, hubAZs: 2},
		{name: "another account named by the ref", cross: true, hubAccount: "333333333333", azs: 2, hubAZs: 3, wantPeerOwner: "333333333333"},
		{name: "another account from the hub provider", cross: true, azs: 2, hubAZs: 2, wantPeerOwner: recorder.FakeAccountID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
				spokeP, hubP, err := componenttest.WorkloadAndNetworkProviders(ctx)
				if err != nil {
					return err
				}
				args := peeringSpokeArgs(tc.azs, tc.hubAZs)
				args.Hub.Account = tc.hubAccount
				if tc.cross {
					args.HubProvider = hubP
				}
				_, err = NewSpokeVpc(ctx, "ml", args, pulumi.Provider(spokeP))
				return err
			})
			require.NoError(t, err)
			workload := componenttest.FindOne(t, rec, componenttest.TypeAwsProvider, "workload")
			network := componenttest.FindOne(t, rec, componenttest.TypeAwsProvider, "network")
			for _, typ := range []string{componenttest.TypeTgwAttachment, componenttest.TypeTgwAssociation, componenttest.TypeTgwPropagation,
				"aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter"} {
				assert.Empty(t, rec.ByType(typ), "no Transit Gateway resource with peering: %s", typ)
			}
			pcx := componenttest.FindOne(t, rec, typePeering, "ml-peering")
			assert.True(t, onProvider(pcx, workload), "the spoke's account requests")
			assert.Equal(t, netHubVpcID, componenttest.InputString(pcx, "peerVpcId"))
			assert.Equal(t, componenttest.FindOne(t, rec, componenttest.TypeVpc, "ml-vpc").ID, componenttest.InputString(pcx, "vpcId"))
			active := pcx
			accepters := rec.ByType(typePeeringAccepter)
			if tc.cross {
				assert.True(t, pcx.Input("autoAccept").IsNull(), "auto_accept works only within one account")
				assert.Equal(t, tc.wantPeerOwner, componenttest.InputString(pcx, "peerOwnerId"))
				require.Len(t, accepters, 1)
				acc := accepters[0]
				assert.Equal(t, "ml-peering-accepter", acc.Name)
				assert.True(t, onProvider(acc, network), "the hub's account accepts")
				assert.Contains(t, acc.Dependencies, pcx.URN, "request before acceptance")
				assert.Equal(t, pcx.ID, componenttest.InputString(acc, "vpcPeeringConnectionId"))
				active = acc
			} else {
				assert.True(t, pcx.Input("autoAccept").BoolValue())
				assert.True(t, pcx.Input("peerOwnerId").IsNull())
				assert.Empty(t, accepters)
			}
			routes := rec.ByType(componenttest.TypeRoute)
			require.Len(t, routes, tc.azs+tc.hubAZs, "one route per spoke AZ and one per hub route table")
			var names []string
			for _, r := range routes {
				names = append(names, r.Name)
				assert.Equal(t, pcx.ID, componenttest.InputString(r, "vpcPeeringConnectionId"), r.Name)
				assert.Contains(t, r.Dependencies, active.URN, "%s waits for the active peering", r.Name)
				assert.True(t, r.Input("transitGatewayId").IsNull(), r.Name)
				hubSide := componenttest.InputString(r, "destinationCidrBlock") == args0CIDR
				if hubSide {
					assert.Equal(t, tc.cross, onProvider(r, network), "%s: the hub's route tables are the hub account's", r.Name)
				} else {
					assert.Equal(t, "10.0.0.0/20", componenttest.InputString(r, "destinationCidrBlock"), r.Name)
					assert.True(t, onProvider(r, workload), r.Name)
				}
			}
			sort.Strings(names)
			var want []string
			for _, az := range componenttest.NetAZs[:tc.hubAZs] {
				want = append(want, "ml-from-hub-"+az)
			}
			for _, az := range componenttest.NetAZs[:tc.azs] {
				want = append(want, "ml-to-hub-"+az)
			}
			sort.Strings(want)
			assert.Equal(t, want, names)
		})
	}
}

// args0CIDR is netSpokeArgs' CidrBlock: the destination of the hub's return routes.
const args0CIDR = "10.1.0.0/16"

func TestSpokeVpcPeeringRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		edit func(a *SpokeVpcArgs)
		want []string
	}{
		{"corporate CIDRs are not reachable through a peering", func(a *SpokeVpcArgs) { a.CorporateCidrs = []string{"192.168.0.0/16"} },
			[]string{"CorporateCidrs", "192.168.0.0/16", "not transitive", "transitGateway"}},
		{"no hub VPC", func(a *SpokeVpcArgs) { a.Hub.VpcId = nil }, []string{"Hub.VpcId is not set"}},
		{"no hub route tables", func(a *SpokeVpcArgs) { a.Hub.RouteTableIds = nil }, []string{"Hub.RouteTableIds is not set"}},
		{"a zero route table", func(a *SpokeVpcArgs) { a.Hub.RouteTableIds["us-east-1a"] = pulumi.StringOutput{} },
			[]string{`Hub.RouteTableIds["us-east-1a"] is not set`}},
		{"unknown connectivity", func(a *SpokeVpcArgs) { a.Hub.Connectivity = "vpn" }, []string{"Hub.Connectivity", `"vpn"`, "transitGateway, peering"}},
		{"a Transit Gateway hub without its ids", func(a *SpokeVpcArgs) { a.Hub.Connectivity = ConnectivityTransitGateway },
			[]string{"Hub.TransitGatewayId is not set"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := peeringSpokeArgs(2, 2)
			tc.edit(args)
			rec, err := NetRunSpoke(t, args)
			componenttest.AssertRejected(t, rec, err, tc.want...)
		})
	}
	rec, err := NetRunSpoke(t, peeringSpokeArgs(2, 2))
	require.NoError(t, err)
	assert.Len(t, rec.ByType(typePeering), 1)
}

// A peering hub routes no spoke CIDR and has no Transit Gateway; with corporate CIDRs it keeps
// one for the corporate network only. Its ref carries the route tables by AZ.
func TestEndpointHubPeering(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		corporate []string
		wantTGW   bool
	}{{"no corporate network", nil, false}, {"corporate network", []string{"192.168.0.0/16"}, true}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var ref HubRef
			rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
				args := NetHubArgs(3)
				args.Connectivity = ConnectivityPeering
				args.CorporateCidrs = tc.corporate
				hub, err := NewEndpointHub(ctx, "hub", args)
				if err != nil {
					return err
				}
				ref = hub.Ref()
				return nil
			})
			require.NoError(t, err)
			assert.Equal(t, ConnectivityPeering, ref.Connectivity)
			assert.True(t, ref.Peering())
			assert.Len(t, ref.RouteTableIds, 3)
			assert.Equal(t, tc.wantTGW, len(rec.ByType(componenttest.TypeTransitGateway)) == 1)
			assert.Equal(t, tc.wantTGW, ref.TransitGatewayId != nil)
			for _, r := range rec.ByType(componenttest.TypeRoute) {
				assert.NotEqual(t, "10.1.0.0/16", componenttest.InputString(r, "destinationCidrBlock"), "no spoke route on a peering hub: %s", r.Name)
				assert.NotEqual(t, "10.2.0.0/16", componenttest.InputString(r, "destinationCidrBlock"), r.Name)
			}
			assert.Len(t, rec.ByType(componenttest.TypeRoute), 3*len(tc.corporate))
			// Spokes are still admitted to the endpoints by CIDR (security groups name CIDRs over a peering too).
			_, ok := rec.Find(componenttest.TypeIngressRule, "hub-https-from-spoke-ml")
			assert.True(t, ok)
		})
	}
}

func TestEndpointHubPeeringQuota(t *testing.T) {
	t.Parallel()
	spokes := func(n int) map[string]string {
		m := map[string]string{}
		for i := range n {
			m[fmt.Sprintf("s%d", i)] = fmt.Sprintf("10.%d.0.0/16", i+1)
		}
		return m
	}
	for _, tc := range []struct {
		name         string
		connectivity string
		spokes       int
		quota        int
		want         []string
	}{
		{"at the default quota", ConnectivityPeering, DefaultPeeringQuota, 0, nil},
		{"over the default quota", ConnectivityPeering, DefaultPeeringQuota + 1, 0, []string{"SpokeCidrs = 51", "at most 50 spokes", "PeeringQuota"}},
		{"over the default quota, quota raised", ConnectivityPeering, DefaultPeeringQuota + 1, 60, nil},
		{"a Transit Gateway has no peering quota", ConnectivityTransitGateway, DefaultPeeringQuota + 1, 0, nil},
		{"quota beyond what AWS allows", ConnectivityPeering, 2, MaxPeeringQuota + 1, []string{"PeeringQuota = 126", "up to 125"}},
		{"negative quota", ConnectivityPeering, 2, -1, []string{"PeeringQuota = -1"}},
		{"unknown connectivity", "mesh", 2, 0, []string{`Connectivity = "mesh"`, "transitGateway, peering"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := NetHubArgs(2)
			args.CidrBlock = "10.0.0.0/24"
			args.SpokeCidrs = spokes(tc.spokes)
			args.Connectivity = tc.connectivity
			args.PeeringQuota = tc.quota
			_, err := planEndpointHub("hub", args)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

// The same-program recipe: a peering hub's Ref() wires a spoke whose peering names the hub VPC
// and whose return routes go into the hub's own route tables.
func TestPeeringHubRefWiresASpoke(t *testing.T) {
	t.Parallel()
	rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		args := NetHubArgs(2)
		args.Connectivity = ConnectivityPeering
		hub, err := NewEndpointHub(ctx, "hub", args)
		if err != nil {
			return err
		}
		s := NetSpokeArgs(2)
		s.Hub = hub.Ref()
		_, err = NewSpokeVpc(ctx, "ml", s)
		return err
	})
	require.NoError(t, err)
	assert.Equal(t, componenttest.FindOne(t, rec, componenttest.TypeVpc, "hub-vpc").ID, componenttest.InputString(componenttest.FindOne(t, rec, typePeering, "ml-peering"), "peerVpcId"))
	assert.Empty(t, rec.ByType(componenttest.TypeTransitGateway))
	for _, az := range componenttest.NetAZs[:2] {
		r := componenttest.FindOne(t, rec, componenttest.TypeRoute, "ml-from-hub-"+az)
		assert.Equal(t, componenttest.FindOne(t, rec, componenttest.TypeRouteTable, "hub-rt-"+az).ID, componenttest.InputString(r, "routeTableId"))
	}
}
