package access

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/netfixture"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	typeCustomerGateway = "aws:ec2/customerGateway:CustomerGateway"
	typeVpnConnection   = "aws:ec2/vpnConnection:VpnConnection"
	typeDxAssociation   = "aws:directconnect/gatewayAssociation:GatewayAssociation"
	typeTgwRoute        = "aws:ec2transitgateway/route:Route"
	corpDxGateway       = "5f3c1b9e-2d4a-4c7b-9e8f-0a1b2c3d4e5f"
	corpAttachment      = "tgw-attach-0123456789abcdef0"
	corpHubAttachment   = "tgw-attach-0a0a0a0a0a0a0a0a0"
	corpMlAttachment    = "tgw-attach-0b1b1b1b1b1b1b1b1"
)

func corpArgs() *CorporateAccessArgs {
	return &CorporateAccessArgs{
		CorporateCidrs: []string{"192.168.0.0/16", "172.16.0.0/12"},
		Hub: network.HubRef{Cidr: "10.0.0.0/20",
			TransitGatewayId: pulumi.String(netfixture.TgwID), TransitGatewayRouteTableId: pulumi.String(netfixture.TgwRtID)},
		HubAttachmentId: pulumi.String(corpHubAttachment),
		SpokeCidrs:      map[string]string{"ml": "10.1.0.0/16", "research": "10.2.0.0/16"},
		Vpn:             &CorporateVpn{CustomerGatewayIp: "198.51.100.10"},
		Tags:            map[string]string{"team": "net"},
	}
}

func corpRun(t *testing.T, args *CorporateAccessArgs, opts ...pulumi.ResourceOption) (*recorder.Recording, error) {
	t.Helper()
	return componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		_, err := NewCorporateAccess(ctx, "corp", args, opts...)
		return err
	})
}

// TestCorporateAccessConnections: each way of connecting routes exactly the corporate CIDRs to
// the corporate attachment in the hub's TGW route table, associates that attachment with a
// corporate route table of its own into which only the hub and the on-premises spokes propagate
// (so a spoke without on-premises access is neither routed to nor, with BGP, advertised to the
// corporate network), propagates nothing from the corporate side, and creates nothing with an
// internet path.
func TestCorporateAccessConnections(t *testing.T) {
	t.Parallel()
	withMl := func(a *CorporateAccessArgs) *CorporateAccessArgs {
		a.OnPremisesSpokes = map[string]pulumi.StringInput{"ml": pulumi.String(corpMlAttachment)}
		return a
	}
	vpnArgs := withMl(corpArgs())
	vpnArgs.Vpn.BgpAsn = 65010
	dxArgs := withMl(corpArgs())
	dxArgs.Vpn = nil
	dxArgs.DirectConnect = &CorporateDirectConnect{GatewayId: corpDxGateway, AllowedPrefixes: []string{"10.0.0.0/20", "10.1.0.0/16"}}
	attArgs := withMl(corpArgs())
	attArgs.Vpn = nil
	attArgs.TransitGatewayAttachmentId = corpAttachment
	staticArgs := withMl(corpArgs())
	staticArgs.Vpn.StaticRoutesOnly = true
	cases := []struct {
		name       string
		args       *CorporateAccessArgs
		counts     map[string]int
		attachment func(rec *recorder.Recording) string
	}{
		{"vpn", vpnArgs, map[string]int{typeCustomerGateway: 1, typeVpnConnection: 1}, func(rec *recorder.Recording) string {
			cgw := componenttest.FindOne(t, rec, typeCustomerGateway, "corp-cgw")
			assert.Equal(t, "198.51.100.10", componenttest.InputString(cgw, "ipAddress"))
			assert.Equal(t, "65010", componenttest.InputString(cgw, "bgpAsn"))
			assert.Equal(t, "ipsec.1", componenttest.InputString(cgw, "type"))
			vpn := componenttest.FindOne(t, rec, typeVpnConnection, "corp-vpn")
			assert.Equal(t, netfixture.TgwID, componenttest.InputString(vpn, "transitGatewayId"))
			assert.Equal(t, cgw.ID, componenttest.InputString(vpn, "customerGatewayId"))
			static, _ := componenttest.InputBool(vpn, "staticRoutesOnly")
			assert.False(t, static)
			return componenttest.OutputString(vpn, "transitGatewayAttachmentId")
		}},
		{"vpn with static routes", staticArgs, map[string]int{typeCustomerGateway: 1, typeVpnConnection: 1}, func(rec *recorder.Recording) string {
			cgw := componenttest.FindOne(t, rec, typeCustomerGateway, "corp-cgw")
			assert.Equal(t, "65000", componenttest.InputString(cgw, "bgpAsn"), "default ASN")
			vpn := componenttest.FindOne(t, rec, typeVpnConnection, "corp-vpn")
			static, _ := componenttest.InputBool(vpn, "staticRoutesOnly")
			assert.True(t, static)
			return componenttest.OutputString(vpn, "transitGatewayAttachmentId")
		}},
		{"direct connect", dxArgs, map[string]int{typeDxAssociation: 1}, func(rec *recorder.Recording) string {
			a := componenttest.FindOne(t, rec, typeDxAssociation, "corp-dx-association")
			assert.Equal(t, corpDxGateway, componenttest.InputString(a, "dxGatewayId"))
			assert.Equal(t, netfixture.TgwID, componenttest.InputString(a, "associatedGatewayId"))
			assert.Equal(t, []string{"10.0.0.0/20", "10.1.0.0/16"}, recorder.Strings(a.Input("allowedPrefixes")))
			return "tgw-attach-0d1c0d1c0d1c" // the mock's answer to getDirectConnectGatewayAttachment
		}},
		{"existing attachment", attArgs, map[string]int{}, func(*recorder.Recording) string { return corpAttachment }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := corpRun(t, tc.args)
			require.NoError(t, err)
			want := map[string]int{CorporateAccessType: 1, componenttest.TypeTgwRouteTable: 1, componenttest.TypeTgwAssociation: 1, typeTgwRoute: 2, componenttest.TypeTgwPropagation: 2}
			for k, v := range tc.counts {
				want[k] = v
			}
			assert.Equal(t, want, componenttest.CountTypes(rec))
			attachment := tc.attachment(rec)
			require.True(t, strings.HasPrefix(attachment, "tgw-attach-"), attachment)
			rt := componenttest.FindOne(t, rec, componenttest.TypeTgwRouteTable, "corp-tgw-rt")
			assert.Equal(t, netfixture.TgwID, componenttest.InputString(rt, "transitGatewayId"))
			assert.NotEqual(t, netfixture.TgwRtID, rt.ID)
			assoc := componenttest.FindOne(t, rec, componenttest.TypeTgwAssociation, "corp-tgw-association")
			assert.Equal(t, attachment, componenttest.InputString(assoc, "transitGatewayAttachmentId"))
			assert.Equal(t, rt.ID, componenttest.InputString(assoc, "transitGatewayRouteTableId"), "the corporate attachment has a route table of its own")
			propagated := map[string]string{}
			for _, p := range rec.ByType(componenttest.TypeTgwPropagation) {
				assert.Equal(t, rt.ID, componenttest.InputString(p, "transitGatewayRouteTableId"), p.Name)
				propagated[p.Name] = componenttest.InputString(p, "transitGatewayAttachmentId")
			}
			assert.Equal(t, map[string]string{"corp-propagation-hub": corpHubAttachment, "corp-propagation-spoke-ml": corpMlAttachment}, propagated,
				"the hub and the on-premises spoke only: research is not advertised on-premises")
			for _, cidr := range tc.args.CorporateCidrs {
				r := componenttest.FindOne(t, rec, typeTgwRoute, "corp-to-"+network.CidrKey(cidr))
				assert.Equal(t, cidr, componenttest.InputString(r, "destinationCidrBlock"))
				assert.Equal(t, attachment, componenttest.InputString(r, "transitGatewayAttachmentId"))
				assert.Equal(t, netfixture.TgwRtID, componenttest.InputString(r, "transitGatewayRouteTableId"))
			}
			for _, p := range rec.ByType(componenttest.TypeTgwPropagation) {
				assert.NotEqual(t, attachment, componenttest.InputString(p, "transitGatewayAttachmentId"), "nothing learned from the corporate side enters a table")
			}
			for _, typ := range componenttest.NetForbidden {
				assert.Empty(t, rec.ByType(typ), typ)
			}
		})
	}
}

func TestCorporateAccessExplicitProvider(t *testing.T) {
	t.Parallel()
	for _, po := range componenttest.ProviderOptions {
		t.Run(po.Name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunWithExplicitProvider(t, "us-east-1", func(ctx *pulumi.Context, p *aws.Provider) error {
				_, err := NewCorporateAccess(ctx, "corp", corpArgs(), po.Opt(p))
				return err
			})
			require.NoError(t, err)
			componenttest.AssertChildrenInherit(t, rec, CorporateAccessType, "corp", 7)
		})
	}
}

// TestCorporateAccessRejects: no internet path and no ambiguity get past validation; nothing is
// registered.
func TestCorporateAccessRejects(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		mutate func(a *CorporateAccessArgs)
		want   []string
	}{
		{"default route", func(a *CorporateAccessArgs) { a.CorporateCidrs = []string{"0.0.0.0/0"} }, []string{`CorporateCidrs[0] = "0.0.0.0/0"`, "default route"}},
		{"IPv6 default route", func(a *CorporateAccessArgs) { a.CorporateCidrs = []string{"::/0"} }, []string{`CorporateCidrs[0] = "::/0"`, "default route"}},
		{"half the internet", func(a *CorporateAccessArgs) { a.CorporateCidrs = []string{"0.0.0.0/1", "128.0.0.0/1"} }, []string{"wider than /8"}},
		{"IPv6", func(a *CorporateAccessArgs) { a.CorporateCidrs = []string{"fd00::/8"} }, []string{"not IPv4"}},
		{"host bits", func(a *CorporateAccessArgs) { a.CorporateCidrs = []string{"192.168.1.1/16"} }, []string{"host bits"}},
		{"overlaps the hub", func(a *CorporateAccessArgs) { a.CorporateCidrs = []string{"10.0.0.0/8"} }, []string{"does not overlap Hub.Cidr", `SpokeCidrs["ml"]`}},
		{"overlaps itself", func(a *CorporateAccessArgs) { a.CorporateCidrs = []string{"192.168.0.0/16", "192.168.4.0/24"} }, []string{"corporate CIDR 192.168.0.0/16 listed before it"}},
		{"none", func(a *CorporateAccessArgs) { a.CorporateCidrs = nil }, []string{"CorporateCidrs is not set"}},
		{"two connections", func(a *CorporateAccessArgs) { a.TransitGatewayAttachmentId = corpAttachment }, []string{"2 are set: want exactly one"}},
		{"no connection", func(a *CorporateAccessArgs) { a.Vpn = nil }, []string{"0 are set: want exactly one"}},
		{"bad VPN", func(a *CorporateAccessArgs) { a.Vpn = &CorporateVpn{CustomerGatewayIp: "0.0.0.0", BgpAsn: -4} },
			[]string{`Vpn.CustomerGatewayIp = "0.0.0.0"`, "Vpn.BgpAsn = -4"}},
		{"bad DX", func(a *CorporateAccessArgs) {
			a.Vpn = nil
			a.DirectConnect = &CorporateDirectConnect{GatewayId: "dxgw-1", AllowedPrefixes: []string{"nope"}}
		}, []string{`DirectConnect.GatewayId = "dxgw-1"`, `DirectConnect.AllowedPrefixes[0] = "nope"`}},
		{"bad attachment", func(a *CorporateAccessArgs) { a.Vpn = nil; a.TransitGatewayAttachmentId = "attach-1" }, []string{`TransitGatewayAttachmentId = "attach-1"`}},
		{"missing TGW", func(a *CorporateAccessArgs) { a.Hub.TransitGatewayId = nil }, []string{"Hub.TransitGatewayId is not set"}},
		{"missing TGW route table", func(a *CorporateAccessArgs) { a.Hub.TransitGatewayRouteTableId = nil }, []string{"Hub.TransitGatewayRouteTableId is not set"}},
		{"bad hub CIDR", func(a *CorporateAccessArgs) { a.Hub.Cidr = "10.0.0.0" }, []string{`Hub.Cidr = "10.0.0.0"`}},
		{"no hub attachment", func(a *CorporateAccessArgs) { a.HubAttachmentId = nil }, []string{"HubAttachmentId is not set", "corporate route table"}},
		{"on-premises spoke that is not a spoke", func(a *CorporateAccessArgs) {
			a.OnPremisesSpokes = map[string]pulumi.StringInput{"lab": pulumi.String(corpMlAttachment)}
		}, []string{`OnPremisesSpokes["lab"] = "lab"`, "a spoke named in SpokeCidrs: ml, research"}},
		{"on-premises spoke without attachment", func(a *CorporateAccessArgs) {
			a.OnPremisesSpokes = map[string]pulumi.StringInput{"ml": pulumi.StringOutput{}}
		}, []string{`OnPremisesSpokes["ml"] is not set`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := corpArgs()
			tc.mutate(args)
			rec, err := corpRun(t, args)
			componenttest.AssertRejected(t, rec, err, tc.want...)
		})
	}
	_, err := corpRun(t, nil)
	assert.ErrorContains(t, err, "args is not set")
}

// TestHubCorporateAccess: the corporate network reaches the Studio and SageMaker API endpoints on
// 443 through a group of their own, and no other endpoint; the hub routes it via the TGW.
func TestHubCorporateAccess(t *testing.T) {
	t.Parallel()
	args := netfixture.HubArgs(2)
	args.Endpoints = []string{"sagemaker.api", "sagemaker.runtime", "studio", "sts", "logs"}
	args.CorporateCidrs = []string{"192.168.0.0/16"}
	rec, err := netfixture.RunHub(t, args)
	require.NoError(t, err)
	corp := componenttest.FindOne(t, rec, componenttest.TypeSecurityGroup, "hub-corporate-endpoints")
	shared := componenttest.FindOne(t, rec, componenttest.TypeSecurityGroup, "hub-endpoints")
	rule := componenttest.FindOne(t, rec, componenttest.TypeIngressRule, "hub-corporate-https-from-192-168-0-0-16")
	assert.Equal(t, corp.ID, componenttest.InputString(rule, "securityGroupId"))
	assert.Equal(t, "192.168.0.0/16", componenttest.InputString(rule, "cidrIpv4"))
	assert.Equal(t, 443.0, componenttest.InputNumber(rule, "fromPort"))
	assert.Equal(t, 443.0, componenttest.InputNumber(rule, "toPort"))
	for _, r := range rec.ByType(componenttest.TypeIngressRule) {
		if componenttest.InputString(r, "cidrIpv4") == "192.168.0.0/16" {
			assert.Equal(t, corp.ID, componenttest.InputString(r, "securityGroupId"), "%s: the corporate CIDR is only on the corporate group", r.Name)
		}
	}
	assert.Empty(t, rec.ByType(componenttest.TypeEgressRule))
	for _, key := range args.Endpoints {
		ep := componenttest.FindOne(t, rec, componenttest.TypeVpcEndpoint, "hub-"+key)
		groups := recorder.Strings(ep.Input("securityGroupIds"))
		if key == "sagemaker.api" || key == "studio" {
			assert.Equal(t, []string{shared.ID, corp.ID}, groups, key)
		} else {
			assert.Equal(t, []string{shared.ID}, groups, key)
		}
	}
	for _, az := range args.AvailabilityZones {
		r := componenttest.FindOne(t, rec, componenttest.TypeRoute, "hub-to-corporate-192-168-0-0-16-"+az)
		assert.Equal(t, "192.168.0.0/16", componenttest.InputString(r, "destinationCidrBlock"))
		assert.NotEmpty(t, componenttest.InputString(r, "transitGatewayId"))
	}

	// An explicit set: only the API endpoint.
	args.CorporateEndpoints = []string{"sagemaker.api"}
	rec, err = netfixture.RunHub(t, args)
	require.NoError(t, err)
	studio := componenttest.FindOne(t, rec, componenttest.TypeVpcEndpoint, "hub-studio")
	assert.Len(t, recorder.Strings(studio.Input("securityGroupIds")), 1)
}

func TestHubCorporateAccessRejects(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		mutate func(a *network.EndpointHubArgs)
		want   []string
	}{
		{"endpoint not in the hub", func(a *network.EndpointHubArgs) {
			a.CorporateCidrs = []string{"192.168.0.0/16"}
			a.CorporateEndpoints = []string{"kms"}
		}, []string{`CorporateEndpoints[0] = "kms"`}},
		{"endpoints without CIDRs", func(a *network.EndpointHubArgs) { a.CorporateEndpoints = []string{"studio"} }, []string{"without CorporateCidrs"}},
		{"hub without a default corporate endpoint", func(a *network.EndpointHubArgs) {
			a.Endpoints = []string{"sts", "logs"}
			a.CorporateCidrs = []string{"192.168.0.0/16"}
		}, []string{"the hub has none of the defaults"}},
		{"overlap with a spoke", func(a *network.EndpointHubArgs) { a.CorporateCidrs = []string{"10.2.0.0/24"} }, []string{`does not overlap SpokeCidrs["data"]`}},
		{"default route", func(a *network.EndpointHubArgs) { a.CorporateCidrs = []string{"0.0.0.0/0"} }, []string{"default route"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := netfixture.HubArgs(2)
			tc.mutate(args)
			rec, err := netfixture.RunHub(t, args)
			componenttest.AssertRejected(t, rec, err, tc.want...)
		})
	}
}

// TestSpokeCorporateRoutes: a spoke reaches the corporate network only when given its CIDRs.
func TestSpokeCorporateRoutes(t *testing.T) {
	t.Parallel()
	args := netfixture.SpokeArgs(2)
	rec, err := netfixture.RunSpoke(t, args)
	require.NoError(t, err)
	for _, r := range rec.ByType(componenttest.TypeRoute) {
		assert.Equal(t, args.Hub.Cidr, componenttest.InputString(r, "destinationCidrBlock"), "%s: without corporate CIDRs the hub is the only route", r.Name)
	}
	args.CorporateCidrs = []string{"192.168.0.0/16"}
	rec, err = netfixture.RunSpoke(t, args)
	require.NoError(t, err)
	for _, az := range args.AvailabilityZones {
		r := componenttest.FindOne(t, rec, componenttest.TypeRoute, "ml-to-corporate-192-168-0-0-16-"+az)
		assert.Equal(t, "192.168.0.0/16", componenttest.InputString(r, "destinationCidrBlock"))
		assert.Equal(t, netfixture.TgwID, componenttest.InputString(r, "transitGatewayId"))
	}
	for _, bad := range []struct{ cidr, want string }{
		{"0.0.0.0/0", "default route"}, {"10.0.0.0/24", "does not overlap Hub.Cidr"}, {"10.1.2.0/24", "does not overlap CidrBlock"},
	} {
		args.CorporateCidrs = []string{bad.cidr}
		rec, err := netfixture.RunSpoke(t, args)
		componenttest.AssertRejected(t, rec, err, bad.want)
	}
}

func TestCidrKeyAndChecks(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"sagemaker.api"}, network.CorporateEndpointKeys(nil, []string{"sts", "sagemaker.api"}))
	assert.Equal(t, []string{"kms"}, network.CorporateEndpointKeys([]string{"kms"}, []string{"sts"}), "configured wins (validated elsewhere)")
	assert.Equal(t, "10-100-0-0-16", network.CidrKey("10.100.0.0/16"))
	assert.NoError(t, network.CheckCorporateCidr("10.0.0.0/8"))
	assert.NoError(t, CheckCustomerGatewayIp("203.0.113.7"))
	for _, ip := range []string{"::1", "127.0.0.1", "224.0.0.1", "169.254.1.1", "255.255.255.255", "x"} {
		assert.Error(t, CheckCustomerGatewayIp(ip), ip)
	}
	assert.NoError(t, CheckBgpAsn(MaxBgpAsn))
	assert.Error(t, CheckBgpAsn(MaxBgpAsn+1))
}
