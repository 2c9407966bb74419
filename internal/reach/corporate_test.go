package reach

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const corpCidr = "10.100.0.0/16"

var corpOpts = Options{CorporateCidrs: []string{corpCidr}}

// withCorporate adds to the dev recording what a corporate path needs, as the corporate network
// change plans it: a VPN attachment (its id an output of the VPN connection) associated with a
// corporate TGW route table into which the hub attachment propagates; a static TGW route for the
// corporate CIDR in the hub's TGW route table; hub routes to the corporate CIDR via the TGW; a
// Resolver inbound endpoint in the hub subnets with its own group admitting TCP and UDP 53 from
// the corporate CIDR; a group admitting HTTPS from the corporate CIDR on the Studio and SageMaker
// API endpoints.
func withCorporate(t *testing.T, base *recorder.Recording) *recorder.Recording {
	t.Helper()
	r := clone(base)
	tgw := idOf(t, r, "aws:ec2transitgateway/transitGateway:TransitGateway", "hub-tgw")
	hubRT := idOf(t, r, typeTGWRouteTable, "hub-tgw-rt")
	hubAttach := idOf(t, r, typeTGWVpcAttachment, "hub-tgw-attachment")
	hubVpc := idOf(t, r, typeVpc, "hub-vpc")
	subA, subB := idOf(t, r, typeSubnet, "hub-subnet-us-east-1a"), idOf(t, r, typeSubnet, "hub-subnet-us-east-1b")
	corp := addComponent(r, "vpconly:network:CorporateNetwork", "corporate")

	add(r, "aws:ec2/customerGateway:CustomerGateway", "corporate-cgw", "cgw-1", corp, map[string]any{"bgpAsn": "65000", "ipAddress": "198.51.100.7", "type": "ipsec.1"})
	add(r, "aws:ec2/vpnConnection:VpnConnection", "corporate-vpn", "vpn-1", corp, map[string]any{
		"customerGatewayId": "cgw-1", "transitGatewayId": tgw, "type": "ipsec.1", "staticRoutesOnly": true})
	vpn := &r.Resources[len(r.Resources)-1]
	vpn.Outputs["transitGatewayAttachmentId"] = resource.NewStringProperty("tgw-attach-vpn")
	add(r, typeTGWRouteTable, "corporate-tgw-rt", "tgw-rtb-corp", corp, map[string]any{"transitGatewayId": tgw})
	add(r, typeTGWAssoc, "corporate-tgw-association", "corp-assoc", corp, map[string]any{
		"transitGatewayAttachmentId": "tgw-attach-vpn", "transitGatewayRouteTableId": "tgw-rtb-corp"})
	add(r, typeTGWProp, "corporate-hub-propagation", "corp-prop", corp, map[string]any{
		"transitGatewayAttachmentId": hubAttach, "transitGatewayRouteTableId": "tgw-rtb-corp"})
	add(r, typeTGWRoute, "corporate-tgw-route", "corp-route", corp, map[string]any{
		"transitGatewayRouteTableId": hubRT, "destinationCidrBlock": corpCidr, "transitGatewayAttachmentId": "tgw-attach-vpn"})
	for _, az := range []string{"us-east-1a", "us-east-1b"} {
		add(r, typeRoute, "hub-to-corporate-"+az, "hub-to-corporate-"+az, corp, map[string]any{
			"routeTableId": idOf(t, r, typeRouteTable, "hub-rt-"+az), "destinationCidrBlock": corpCidr, "transitGatewayId": tgw})
	}

	add(r, typeSG, "hub-resolver-inbound", "sg-resolver", corp, map[string]any{"vpcId": hubVpc})
	for _, p := range []string{"tcp", "udp"} {
		add(r, ingress, "hub-resolver-inbound-"+p+"-53", "rule-resolver-"+p, corp, map[string]any{
			"securityGroupId": "sg-resolver", "ipProtocol": p, "fromPort": 53, "toPort": 53, "cidrIpv4": corpCidr})
	}
	add(r, typeResolverEndpoint, "hub-resolver-inbound", "rslvr-in-1", corp, map[string]any{
		"direction": "INBOUND", "securityGroupIds": []any{"sg-resolver"},
		"ipAddresses": []any{map[string]any{"subnetId": subA}, map[string]any{"subnetId": subB}}})

	add(r, typeSG, "hub-corporate-endpoints", "sg-corp-ep", corp, map[string]any{"vpcId": hubVpc})
	add(r, ingress, "hub-corporate-endpoints-https", "rule-corp-https", corp, map[string]any{
		"securityGroupId": "sg-corp-ep", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": corpCidr})
	for _, ep := range []string{"hub-studio", "hub-sagemaker.api"} {
		e, _ := r.Find(typeVpcEndpoint, ep)
		groups := append(strs(e, "securityGroupIds"), "sg-corp-ep")
		set(t, r, typeVpcEndpoint, ep, "securityGroupIds", resource.NewPropertyValue(toAny(groups)))
	}
	return r
}

// vpnIDUnknown: the mock returns no attachment id for the VPN connection; the association and
// the route carry "" and depend on the connection.
func vpnIDUnknown(t *testing.T, r *recorder.Recording) {
	vpn, _ := r.Find("aws:ec2/vpnConnection:VpnConnection", "corporate-vpn")
	for i := range r.Resources {
		res := &r.Resources[i]
		switch res.Name {
		case "corporate-vpn":
			delete(res.Outputs, "transitGatewayAttachmentId")
		case "corporate-tgw-association", "corporate-tgw-route":
			res.Inputs["transitGatewayAttachmentId"] = resource.NewStringProperty("")
			res.Outputs["transitGatewayAttachmentId"] = resource.NewStringProperty("")
			res.Dependencies = []string{vpn.URN}
		}
	}
}

func TestAttachmentFoundThroughDependencies(t *testing.T) {
	t.Parallel()
	dev, _ := runStack(t, "dev")
	r := withCorporate(t, dev)
	vpnIDUnknown(t, r)
	m := newModel(r)
	assert.Equal(t, "tgw-rtb-corp", m.tgwAssoc["attachment-of:corporate-vpn"])
	assert.Equal(t, "corporate-vpn", m.attachmentLabel("attachment-of:corporate-vpn"))
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

func corporateTo(to string) func(Path) bool {
	return func(p Path) bool { return p.Check == CheckCorporateEndpoint && p.To == to }
}

func corporateResolver(proto string) func(Path) bool {
	return func(p Path) bool {
		return p.Check == CheckCorporateResolver && (proto == "" || p.Traffic == proto+"/53")
	}
}

func corporateRequired(p Path) bool {
	return p.Check == CheckCorporateEndpoint || p.Check == CheckCorporateResolver
}

// TestCorporatePaths proves the corporate paths on a synthetic corporate network over dev: all
// required paths reachable and nothing else admitted; each mutation breaks exactly its path.
func TestCorporatePaths(t *testing.T) {
	t.Parallel()
	dev, _ := runStack(t, "dev")
	base := withCorporate(t, dev)

	r := mustAnalyze(t, base, corpOpts)
	assert.Empty(t, failures(r), dump(t, r))
	seen := map[string]int{}
	ids := map[string]bool{}
	for _, p := range r.Paths {
		assert.False(t, ids[p.ID], "path ids are unique: %s", p.ID)
		ids[p.ID] = true
		if corporateRequired(p) || p.Check == CheckCorporateOther {
			seen[p.Check]++
			assert.NotEqual(t, NotConfigured, p.Verdict, p.ID)
		}
	}
	assert.Equal(t, 2, seen[CheckCorporateResolver], "TCP and UDP 53")
	assert.Equal(t, 2, seen[CheckCorporateEndpoint], "studio and sagemaker.api")
	assert.Positive(t, seen[CheckCorporateOther])

	runMutations(t, base, []mutation{
		{name: "unchanged", opts: corpOpts},
		{"the resolver group loses UDP 53", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, ingress, "hub-resolver-inbound-udp-53")
		}, corpOpts, corporateResolver("udp"), "sg-ingress", nil},
		{"a typo in the resolver rule's CIDR", func(t *testing.T, r *recorder.Recording) {
			set(t, r, ingress, "hub-resolver-inbound-tcp-53", "cidrIpv4", resource.NewStringProperty("10.10.0.0/16"))
		}, corpOpts, corporateResolver("tcp"), "sg-ingress", nil},
		{name: "no resolver inbound endpoint", mutate: func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeResolverEndpoint, "hub-resolver-inbound")
			drop(t, r, typeSG, "hub-resolver-inbound")
			drop(t, r, ingress, "hub-resolver-inbound-tcp-53")
			drop(t, r, ingress, "hub-resolver-inbound-udp-53")
		}, opts: corpOpts, fails: corporateRequired, stepFor: func(p Path) string {
			if p.Check == CheckCorporateResolver {
				return "resolver-endpoint"
			}
			return "dns-resolver" // nothing resolves the endpoints' names for the corporate network
		}},
		{"the corporate endpoint group loses HTTPS", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, ingress, "hub-corporate-endpoints-https")
		}, corpOpts, func(p Path) bool { return p.Check == CheckCorporateEndpoint }, "sg-ingress", nil},
		{"no TGW route to the corporate network", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeTGWRoute, "corporate-tgw-route")
		}, corpOpts, corporateRequired, "corporate-attachment", nil},
		{"the VPN attachment is associated with no TGW route table", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeTGWAssoc, "corporate-tgw-association")
		}, corpOpts, corporateRequired, "tgw-association", nil},
		{"the hub is not propagated to the corporate TGW route table", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeTGWProp, "corporate-hub-propagation")
		}, corpOpts, corporateRequired, "tgw-route", nil},
		{"a second corporate attachment (Direct Connect) is associated with no TGW route table", func(t *testing.T, r *recorder.Recording) {
			add(r, typeTGWProp, "corporate-dx-propagation", "dx-prop", "", map[string]any{
				"transitGatewayAttachmentId": "tgw-attach-dx", "transitGatewayRouteTableId": idOf(t, r, typeTGWRouteTable, "hub-tgw-rt")})
		}, corpOpts, corporateRequired, "tgw-association", nil},
		{"a hub route table has no route back to the corporate network", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeRoute, "hub-to-corporate-us-east-1b")
		}, corpOpts, corporateRequired, "return-route", nil},
		{"the studio zone loses its record", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeRecord, "hub-studio-alias")
		}, corpOpts, func(p Path) bool {
			return corporateTo("hub-studio")(p) || checkTo(CheckStudioEndpoint, "hub-studio")(p)
		}, "dns-record", nil},
		{"the shared endpoint group admits the corporate network", func(t *testing.T, r *recorder.Recording) {
			add(r, ingress, "hub-https-from-corporate", "rule-leak", "", map[string]any{
				"securityGroupId": idOf(t, r, typeSG, "hub-endpoints"), "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": "10.0.0.0/8"})
		}, corpOpts, func(p Path) bool {
			return p.Check == CheckCorporateOther && (p.To == "hub-logs" || p.To == "hub-sts" || p.To == "hub-sagemaker.runtime")
		}, "sg-ingress", nil},
		{"the resolver group admits SSH from the corporate network", func(t *testing.T, r *recorder.Recording) {
			add(r, ingress, "hub-resolver-inbound-ssh", "rule-ssh", "", map[string]any{
				"securityGroupId": "sg-resolver", "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": corpCidr})
		}, corpOpts, func(p Path) bool { return p.Check == CheckCorporateOther && p.To == "hub-resolver-inbound" }, "sg-ingress", nil},
		{"BGP instead of a static route", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeTGWRoute, "corporate-tgw-route")
			add(r, typeTGWProp, "corporate-vpn-propagation", "vpn-prop", "", map[string]any{
				"transitGatewayAttachmentId": "tgw-attach-vpn", "transitGatewayRouteTableId": idOf(t, r, typeTGWRouteTable, "hub-tgw-rt")})
		}, corpOpts, nil, "", nil},
		{name: "the mock leaves the VPN attachment id empty: dependencies name it", opts: corpOpts, mutate: vpnIDUnknown},
		{name: "no corporate CIDRs configured", opts: Options{}},
	})
}
