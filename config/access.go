package config

import (
	"fmt"
	"maps"
	"net/netip"
	"slices"
	"strings"

	"github.com/vpconly/sagemaker-landing-zone/components/access"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
)

// Corporate is "sagemaker-landing-zone:corporate": the corporate network and how it reaches the
// landing zone. Exactly one of Vpn, DirectConnectGatewayId and TransitGatewayAttachmentId.
// Nothing here creates an internet path: there is no public subnet or gateway to configure, and
// every CIDR is refused if it is a default route or overlaps the landing zone.
type Corporate struct {
	// Cidrs is corporate.cidrs: the corporate network's IPv4 CIDRs
	// (network.CheckCorporateCidr; no 0.0.0.0/0 or ::/0, no overlap with hub.cidr, the spokes
	// or each other). Required, at least one.
	Cidrs []string `json:"cidrs" pulumi:"cidrs,optional"`
	// Vpn is corporate.vpn: a Site-to-Site VPN the stack creates on the Transit Gateway.
	Vpn *CorporateVpn `json:"vpn" pulumi:"vpn,optional"`
	// DirectConnectGatewayId is corporate.directConnectGatewayId: associate this existing Direct
	// Connect gateway with the Transit Gateway (allowed prefixes: hub.cidr and the CIDRs of the
	// onPremisesSpokes).
	DirectConnectGatewayId string `json:"directConnectGatewayId" pulumi:"directConnectGatewayId,optional"`
	// DirectConnectGatewayAsn is corporate.directConnectGatewayAsn: the Amazon-side ASN of that
	// Direct Connect gateway (the console's "Amazon side ASN"; AWS's default is 64512). Required
	// with DirectConnectGatewayId: it must differ from the Transit Gateway's (hub.amazonSideAsn),
	// or the association fails ("the Autonomous System Number (ASN) used by the transit gateway
	// and the Direct Connect gateway must be different", Direct Connect User Guide,
	// https://docs.aws.amazon.com/directconnect/latest/UserGuide/create-transit-vif-for-gateway.html).
	DirectConnectGatewayAsn int64 `json:"directConnectGatewayAsn" pulumi:"directConnectGatewayAsn,optional"`
	// TransitGatewayAttachmentId is corporate.transitGatewayAttachmentId: an existing attachment of
	// the hub's Transit Gateway towards the corporate network, made outside this stack.
	TransitGatewayAttachmentId string `json:"transitGatewayAttachmentId" pulumi:"transitGatewayAttachmentId,optional"`
	// Endpoints is corporate.endpoints: the hub endpoints people use directly, which admit HTTPS
	// from Cidrs. Default: network.DefaultCorporateEndpoints (sagemaker.api, studio) among
	// hub.endpoints (Config.CorporateEndpointKeys).
	Endpoints []string `json:"endpoints" pulumi:"endpoints,optional"`
	// OnPremisesSpokes is corporate.onPremisesSpokes: the spokes that reach on-premises data
	// sources (their route tables route Cidrs to the Transit Gateway). Default none.
	OnPremisesSpokes []string `json:"onPremisesSpokes" pulumi:"onPremisesSpokes,optional"`
	// Dns is corporate.dns: the Resolver endpoints (inbound, and outbound forwarding of corporate
	// domains). Default: an inbound endpoint per hub AZ, no forwarding.
	Dns CorporateDns `json:"dns" pulumi:"dns"`
}

// CorporateVpn is corporate.vpn.
type CorporateVpn struct {
	// CustomerGatewayIp is corporate.vpn.customerGatewayIp: the VPN device's outside IPv4
	// address. Required.
	CustomerGatewayIp string `json:"customerGatewayIp" pulumi:"customerGatewayIp,optional"`
	// BgpAsn is corporate.vpn.bgpAsn. Default 0: access.DefaultBgpAsn (65000).
	BgpAsn int `json:"bgpAsn" pulumi:"bgpAsn,optional"`
	// StaticRoutesOnly is corporate.vpn.staticRoutesOnly. Default false (BGP on the tunnels).
	StaticRoutesOnly bool `json:"staticRoutesOnly" pulumi:"staticRoutesOnly,optional"`
}

// CorporateDns is corporate.dns.
type CorporateDns struct {
	// ForwardDomains is corporate.dns.forwardDomains: corporate domains the spokes resolve through
	// a Resolver outbound endpoint. Default none (no outbound endpoint).
	ForwardDomains []string `json:"forwardDomains" pulumi:"forwardDomains,optional"`
	// ServerIps is corporate.dns.serverIps: the corporate DNS servers, inside Cidrs. Required with
	// ForwardDomains.
	ServerIps []string `json:"serverIps" pulumi:"serverIps,optional"`
	// Inbound is corporate.dns.inbound: the Resolver inbound endpoint's addresses, one of
	// access.ResolverInboundModes: perAz (one in each hub AZ), two (the first two hub AZs;
	// AWS's minimum) or none (no inbound endpoint: the corporate DNS holds the records the plan
	// exports, corporateDns.records, and the stack output dnsCorporateRecords). Default "": perAz.
	// docs/corporate-dns-costs.md weighs them.
	Inbound string `json:"inbound" pulumi:"inbound,optional"`
	// Outbound is corporate.dns.outbound: the outbound endpoint's addresses, perAz or two
	// (access.ResolverOutboundModes); only with ForwardDomains (no forwarding, no outbound
	// endpoint). Default "": perAz.
	Outbound string `json:"outbound" pulumi:"outbound,optional"`
}

// InboundIPs and OutboundIPs are how many addresses the Resolver endpoints get in a hub of azs
// AZs (0: no endpoint).
func (d CorporateDns) InboundIPs(azs int) int { return access.ResolverAddressCount(d.Inbound, azs) }

func (d CorporateDns) OutboundIPs(azs int) int {
	if len(d.ForwardDomains) == 0 {
		return 0
	}
	return access.ResolverAddressCount(d.Outbound, azs)
}

// CorporateEndpointKeys resolves corporate.endpoints' default against hub.endpoints
// (network.CorporateEndpointKeys); nil without the corporate section.
func (c *Config) CorporateEndpointKeys() []string {
	if c.Corporate == nil {
		return nil
	}
	return network.CorporateEndpointKeys(c.Corporate.Endpoints, c.Hub.Endpoints)
}

// ReachesOnPremises reports whether a spoke routes to the corporate network.
func (c *Corporate) ReachesOnPremises(spoke string) bool {
	return c != nil && slices.Contains(c.OnPremisesSpokes, spoke)
}

// OnPremisesCidrs are the corporate CIDRs a spoke's Studio and job groups send HTTPS to
// (components' OnPremisesCidrs): corporate.cidrs for a spoke in corporate.onPremisesSpokes, else
// none.
func (c *Corporate) OnPremisesCidrs(spoke string) []string {
	if !c.ReachesOnPremises(spoke) {
		return nil
	}
	return slices.Clone(c.Cidrs)
}

// HumanAccess is "sagemaker-landing-zone:humanAccess": the data scientists' access policy.
type HumanAccess struct {
	// ProfileTagKey is humanAccess.profileTagKey: the principal tag whose value is the caller's
	// Studio user profile name. Default "": iampolicy.DefaultStudioProfileTagKey
	// (studio-user-profile).
	ProfileTagKey string `json:"profileTagKey" pulumi:"profileTagKey,optional"`
	// SsoInstanceArn and PermissionSetArn are humanAccess.ssoInstanceArn and
	// humanAccess.permissionSetArn: when both are set the policy document is also that IAM
	// Identity Center permission set's inline policy. Default "".
	SsoInstanceArn   string `json:"ssoInstanceArn" pulumi:"ssoInstanceArn,optional"`
	PermissionSetArn string `json:"permissionSetArn" pulumi:"permissionSetArn,optional"`
}

// validateAccess checks the corporate and humanAccess sections, naming every key.
func validateAccess(c *Config, v *validator) {
	k := func(key string) string { return Project + ":" + key }
	h := c.HumanAccess
	if h.ProfileTagKey != "" {
		if err := access.CheckProfileTagKey(h.ProfileTagKey); err != nil {
			v.add(k("humanAccess.profileTagKey"), h.ProfileTagKey, err.Error())
		}
	}
	// One error per key: a malformed ARN is reported as such; the pairing rule covers well-formed
	// values only.
	if h.SsoInstanceArn != "" {
		if err := access.CheckSsoInstanceArn(h.SsoInstanceArn); err != nil {
			v.add(k("humanAccess.ssoInstanceArn"), h.SsoInstanceArn, err.Error())
		}
	}
	if h.PermissionSetArn != "" {
		if err := access.CheckSsoPermissionSetArn(h.PermissionSetArn); err != nil {
			v.add(k("humanAccess.permissionSetArn"), h.PermissionSetArn, err.Error())
		}
	}
	if (h.SsoInstanceArn == "") != (h.PermissionSetArn == "") {
		v.add(k("humanAccess.permissionSetArn"), h.PermissionSetArn, "set together with humanAccess.ssoInstanceArn, or both empty")
	}

	corp := c.Corporate
	if corp == nil {
		return
	}
	if len(corp.Cidrs) == 0 {
		v.add(k("corporate.cidrs"), corp.Cidrs, "at least one corporate IPv4 CIDR")
	}
	own := map[string]string{k("hub.cidr"): c.Hub.CIDR}
	for _, s := range c.Spokes {
		own[k(fmt.Sprintf("spokes[%s].cidr", s.Name))] = s.CIDR
	}
	var good []string
	for i, cidr := range corp.Cidrs {
		key := k(fmt.Sprintf("corporate.cidrs[%d]", i))
		if err := network.CheckCorporateCidr(cidr); err != nil {
			v.add(key, cidr, "a corporate IPv4 CIDR: "+err.Error())
			continue
		}
		// One error for the key, naming everything the CIDR overlaps.
		var overlaps []string
		for _, ok := range slices.Sorted(maps.Keys(own)) {
			if network.Overlaps(cidr, own[ok]) {
				overlaps = append(overlaps, fmt.Sprintf("%s (%s)", ok, own[ok]))
			}
		}
		for _, o := range good {
			if network.Overlaps(cidr, o) {
				overlaps = append(overlaps, fmt.Sprintf("the corporate CIDR %s listed before it", o))
			}
		}
		if len(overlaps) > 0 {
			v.add(key, cidr, "a CIDR that does not overlap "+strings.Join(overlaps, ", "))
		}
		good = append(good, cidr)
	}

	n := 0
	if vpn := corp.Vpn; vpn != nil {
		n++
		if err := access.CheckCustomerGatewayIp(vpn.CustomerGatewayIp); err != nil {
			v.add(k("corporate.vpn.customerGatewayIp"), vpn.CustomerGatewayIp, err.Error())
		}
		if vpn.BgpAsn != 0 {
			if err := access.CheckBgpAsn(vpn.BgpAsn); err != nil {
				v.add(k("corporate.vpn.bgpAsn"), vpn.BgpAsn, err.Error())
			}
		}
	}
	if corp.DirectConnectGatewayId != "" {
		n++
		if err := access.CheckDirectConnectGatewayId(corp.DirectConnectGatewayId); err != nil {
			v.add(k("corporate.directConnectGatewayId"), corp.DirectConnectGatewayId, err.Error())
		}
	}
	if corp.TransitGatewayAttachmentId != "" {
		n++
		if err := access.CheckTransitGatewayAttachmentId(corp.TransitGatewayAttachmentId); err != nil {
			v.add(k("corporate.transitGatewayAttachmentId"), corp.TransitGatewayAttachmentId, err.Error())
		}
	}
	if n != 1 {
		v.add(k("corporate"), fmt.Sprintf("%d connections", n),
			"exactly one of corporate.vpn, corporate.directConnectGatewayId, corporate.transitGatewayAttachmentId")
	}

	seen := map[string]bool{}
	for i, e := range corp.Endpoints {
		key := k(fmt.Sprintf("corporate.endpoints[%d]", i))
		if !slices.Contains(c.Hub.Endpoints, e) {
			v.add(key, e, "one of hub.endpoints: "+strings.Join(c.Hub.Endpoints, ", "))
		}
		if seen[e] {
			v.add(key, e, "each endpoint once")
		}
		seen[e] = true
	}
	// Derived from hub.endpoints, so only when that list is valid; a valid list holds
	// sagemaker.api, one of the defaults, so this is a backstop should that rule ever change.
	if !v.reported(k("hub.endpoints")) && len(c.CorporateEndpointKeys()) == 0 {
		v.add(k("corporate.endpoints"), corp.Endpoints, "at least one endpoint people use directly: hub.endpoints has none of "+
			strings.Join(network.DefaultCorporateEndpoints(), ", "))
	}
	// People open Studio from the corporate network: the presigned URL through the API endpoint,
	// then the Studio app's HTTPS and WebSocket requests through the studio endpoint (authorized
	// as CreatePresignedDomainUrl: iampolicy.ActionCreatePresignedDomainUrl). Every stack has
	// domains (domains is required) and so a human access policy, and without studio among the
	// endpoints the corporate network admits, it would hand out URLs nobody can open.
	if !v.reported(k("hub.endpoints")) && !v.reported(k("corporate.endpoints")) &&
		!slices.Contains(c.CorporateEndpointKeys(), network.StudioEndpointKey) {
		v.add(k("corporate.endpoints"), c.CorporateEndpointKeys(), fmt.Sprintf("a list that includes %q (or leave it unset for %s): people open Studio from the corporate network, and Studio's HTTPS and WebSocket requests (authorized by the human access policy) reach the hub only through the studio endpoint",
			network.StudioEndpointKey, strings.Join(network.DefaultCorporateEndpoints(), ", ")))
	}
	for i, s := range corp.OnPremisesSpokes {
		if _, ok := c.Spoke(s); !ok {
			v.add(k(fmt.Sprintf("corporate.onPremisesSpokes[%d]", i)), s, "the name of a configured spoke")
		}
	}
	if c.Peering() && len(corp.OnPremisesSpokes) > 0 && !v.reported(k("corporate.onPremisesSpokes")) {
		v.add(k("corporate.onPremisesSpokes"), corp.OnPremisesSpokes, "none with hub.connectivity "+network.ConnectivityPeering+
			": a VPC peering is not transitive, so a spoke cannot reach the corporate network through the hub (use "+
			network.ConnectivityTransitGateway+")")
	}

	d := corp.Dns
	if (len(d.ForwardDomains) == 0) != (len(d.ServerIps) == 0) {
		v.add(k("corporate.dns"), fmt.Sprintf("forwardDomains %q, serverIps %q", d.ForwardDomains, d.ServerIps),
			"forwardDomains and serverIps set together (an outbound endpoint needs both), or neither")
	}
	seenDomain := map[string]bool{}
	for i, dom := range d.ForwardDomains {
		key := k(fmt.Sprintf("corporate.dns.forwardDomains[%d]", i))
		if err := access.CheckForwardDomain(dom); err != nil {
			v.add(key, dom, err.Error())
		}
		if seenDomain[dom] {
			v.add(key, dom, "each domain once")
		}
		seenDomain[dom] = true
	}
	for i, ip := range d.ServerIps {
		if err := access.CheckResolverTarget(ip, good); err != nil {
			v.add(k(fmt.Sprintf("corporate.dns.serverIps[%d]", i)), ip, err.Error())
		}
	}
	if d.Inbound != "" && !slices.Contains(access.ResolverInboundModes(), d.Inbound) {
		v.add(k("corporate.dns.inbound"), d.Inbound, "one of "+strings.Join(access.ResolverInboundModes(), ", ")+
			" (default "+access.ResolverAddressesPerAz+")")
	}
	switch {
	case d.Outbound != "" && !slices.Contains(access.ResolverOutboundModes(), d.Outbound):
		v.add(k("corporate.dns.outbound"), d.Outbound, "one of "+strings.Join(access.ResolverOutboundModes(), ", ")+
			" (default "+access.ResolverAddressesPerAz+")")
	case d.Outbound != "" && len(d.ForwardDomains) == 0:
		v.add(k("corporate.dns.outbound"), d.Outbound, "unset without corporate.dns.forwardDomains: there is no outbound endpoint")
	}

	// The Resolver endpoints take one address in each hub subnet (inbound, and outbound with
	// forwarding), beside the interface endpoints and the Transit Gateway attachment.
	if p, err := netip.ParsePrefix(c.Hub.CIDR); err == nil && c.Hub.AZCount >= 1 {
		prefix := c.Hub.SubnetPrefixLength
		if prefix == 0 {
			prefix = network.DefaultSubnetPrefix(p.Bits(), c.Hub.AZCount)
		}
		need := len(c.Hub.Endpoints) + 1 // the interface endpoints and the Transit Gateway attachment
		if d.Inbound != access.ResolverInboundNone {
			need++
		}
		if len(d.ForwardDomains) > 0 {
			need++
		}
		if prefix <= 28 && network.UsableIPs(prefix) < need {
			v.add(k("hub.subnetPrefixLength"), prefix, fmt.Sprintf("subnets with at least %d usable addresses for %d interface endpoints, the Transit Gateway attachment and the Resolver endpoints; a /%d has %d",
				need, len(c.Hub.Endpoints), prefix, network.UsableIPs(prefix)))
		}
	}
}
