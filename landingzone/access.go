package landingzone

import (
	"slices"
	"sort"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/access"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/cost"
)

// Access is how people get in: the corporate connection, DNS both ways and the data scientists'
// access policy.
type Access struct {
	// Corporate and Resolver are nil without the corporate config section.
	Corporate *access.CorporateAccess
	Resolver  *access.ResolverEndpoints
	// RuleShare is nil unless corporate domains are forwarded and a spoke is in another account
	// than the hub: the forwarding rules shared with those accounts (DnsRuleShareName).
	RuleShare *access.ResolverRuleShare
	// Human is nil when the stack has no Studio domain: the deploying account's human access
	// policy, or, without domains there, the first workload account's.
	Human *access.HumanAccessPolicy
	// HumanByAccount is every account's human access policy, by config.Config.AccountKey (""
	// the deploying account); accounts without domains have none.
	HumanByAccount map[string]*access.HumanAccessPolicy
	// ConditionalForwarders are the hub's private hosted zone names: one conditional forwarder
	// each on the corporate DNS servers, pointing at the inbound Resolver addresses.
	ConditionalForwarders []string
	// CorporateDnsRecords, with corporate.dns.inbound none, are the records the corporate DNS
	// holds instead: record name -> the hub endpoint's regional DNS name (CNAME). Nil otherwise.
	CorporateDnsRecords pulumi.StringMap
}

// corporateDnsRecords maps each record of access.CorporateDnsRecords to the regional DNS name
// of its hub endpoint.
func corporateDnsRecords(cfg *config.Config, lz *LandingZone) pulumi.StringMap {
	out := pulumi.StringMap{}
	for _, r := range access.CorporateDnsRecords(cfg.Region, cfg.CorporateEndpointKeys()) {
		out[r.Name] = lz.Hub.EndpointDnsNames.MapIndex(pulumi.String(r.Endpoint))
	}
	return out
}

// hubCorporateCidrs and hubCorporateEndpoints are what the hub is given: the corporate CIDRs
// (routes and HTTPS ingress) and the endpoints people use directly; nil without the corporate
// section.
func hubCorporateCidrs(cfg *config.Config) []string {
	if cfg.Corporate == nil {
		return nil
	}
	return cfg.Corporate.Cidrs
}

func hubCorporateEndpoints(cfg *config.Config) []string {
	return cfg.CorporateEndpointKeys()
}

// spokeCorporateCidrs returns the corporate CIDRs a spoke routes to: only for the spokes listed
// in corporate.onPremisesSpokes.
func spokeCorporateCidrs(cfg *config.Config, spoke string) []string {
	if !cfg.Corporate.ReachesOnPremises(spoke) {
		return nil
	}
	return cfg.Corporate.Cidrs
}

// accessCost describes the corporate access for the cost model: the Resolver endpoints' addresses
// (corporate.dns.inbound and, with forwarding, corporate.dns.outbound), the VPN connection and the
// corporate Transit Gateway attachment (a VPN's or a Direct Connect gateway's; an existing
// attachment is billed to whoever made it).
func accessCost(cfg *config.Config) cost.Access {
	corp := cfg.Corporate
	if corp == nil {
		return cost.Access{}
	}
	azs := len(cfg.HubAZs())
	r := &cost.ResolverDesign{HubAZs: azs, InboundIPs: corp.Dns.InboundIPs(azs), OutboundIPs: corp.Dns.OutboundIPs(azs)}
	a := cost.Access{ResolverEndpointIPs: r.InboundIPs + r.OutboundIPs, Resolver: r}
	if corp.Vpn != nil {
		a.VPNConnections, a.CorporateAttachments = 1, 1
	}
	if corp.DirectConnectGatewayId != "" {
		a.CorporateAttachments = 1
	}
	return a
}

// buildAccess registers the corporate connection, the Resolver endpoints and the human access
// policy. It runs after the hub, the spokes and the domains exist.
func buildAccess(ctx *pulumi.Context, cfg *config.Config, lz *LandingZone) (*Access, error) {
	prov := lz.hubOpt() // corporate access and the Resolver endpoints are the hub's
	a := &Access{ConditionalForwarders: access.ConditionalForwarders(cfg.Region, cfg.Hub.Endpoints),
		HumanByAccount: map[string]*access.HumanAccessPolicy{}}
	if corp := cfg.Corporate; corp != nil {
		spokeCidrs := map[string]string{}
		for _, s := range cfg.Spokes {
			spokeCidrs[s.Name] = s.CIDR
		}
		// The corporate route table holds the hub and the spokes with on-premises access only.
		onPrem := map[string]pulumi.StringInput{}
		for _, s := range cfg.Spokes {
			if corp.ReachesOnPremises(s.Name) {
				onPrem[s.Name] = lz.Spokes[s.Name].TransitGatewayAttachmentId
			}
		}
		args := &access.CorporateAccessArgs{
			CorporateCidrs:             corp.Cidrs,
			Hub:                        lz.Hub.Ref(),
			HubAttachmentId:            lz.Hub.TransitGatewayAttachmentId,
			OnPremisesSpokes:           onPrem,
			SpokeCidrs:                 spokeCidrs,
			TransitGatewayAttachmentId: corp.TransitGatewayAttachmentId,
		}
		if v := corp.Vpn; v != nil {
			args.Vpn = &access.CorporateVpn{CustomerGatewayIp: v.CustomerGatewayIp, BgpAsn: v.BgpAsn, StaticRoutesOnly: v.StaticRoutesOnly}
		}
		if corp.DirectConnectGatewayId != "" {
			// Advertise to the corporate network only what it may reach: the hub and the spokes
			// with on-premises access.
			prefixes := []string{cfg.Hub.CIDR}
			for _, s := range cfg.Spokes {
				if corp.ReachesOnPremises(s.Name) {
					prefixes = append(prefixes, s.CIDR)
				}
			}
			args.DirectConnect = &access.CorporateDirectConnect{GatewayId: corp.DirectConnectGatewayId, AllowedPrefixes: prefixes}
		}
		var err error
		if a.Corporate, err = access.NewCorporateAccess(ctx, "corporate", args, prov); err != nil {
			return nil, err
		}
		res := &access.ResolverEndpointsArgs{
			VpcId:             lz.Hub.VpcId,
			SubnetIds:         lz.Hub.SubnetIds,
			AvailabilityZones: cfg.HubAZs(),
			CorporateCidrs:    corp.Cidrs,
			Inbound:           corp.Dns.Inbound,
		}
		if len(corp.Dns.ForwardDomains) > 0 {
			// The hub's account associates its rules with its own spokes only; the spokes of other
			// accounts get them through dnsRuleShare.
			vpcs := map[string]pulumi.StringInput{}
			for name, s := range lz.Spokes {
				if cfg.SpokeAccount(name) == cfg.HubAccount() {
					vpcs[name] = s.VpcId
				}
			}
			res.Outbound = &access.ResolverOutbound{DomainNames: corp.Dns.ForwardDomains, TargetIps: corp.Dns.ServerIps, VpcIds: vpcs}
			res.OutboundAddresses = corp.Dns.Outbound
		}
		// Without an inbound endpoint and without forwarding there is no Resolver endpoint at all.
		if res.Inbound != access.ResolverInboundNone || res.Outbound != nil {
			if a.Resolver, err = access.NewResolverEndpoints(ctx, "dns", res, prov); err != nil {
				return nil, err
			}
		}
		if corp.Dns.Inbound == access.ResolverInboundNone {
			a.CorporateDnsRecords = corporateDnsRecords(cfg, lz)
		}
		if a.RuleShare, err = lz.dnsRuleShare(ctx, a.Resolver); err != nil {
			return nil, err
		}
	}
	// One human access policy per account with domains ("data-scientists" in the deploying
	// account, "data-scientists-<account>" in the others): IAM is per account.
	for _, acct := range cfg.WorkloadAccounts() {
		var names []string
		for _, d := range cfg.Domains {
			if cfg.SpokeAccount(d.Spoke) == acct {
				names = append(names, d.Name)
			}
		}
		if len(names) == 0 {
			continue
		}
		sort.Strings(names)
		ids := pulumi.StringArray{}
		for _, n := range names {
			ids = append(ids, lz.Domains[n].DomainId)
		}
		name := "data-scientists"
		if acct != "" {
			name += "-" + acct
		}
		h, err := access.NewHumanAccessPolicy(ctx, name, &access.HumanAccessPolicyArgs{
			Region:           cfg.Region,
			DomainIds:        ids,
			Hub:              lz.Hub.Ref(),
			ProfileTagKey:    cfg.HumanAccess.ProfileTagKey,
			SsoInstanceArn:   cfg.HumanAccess.SsoInstanceArn,
			PermissionSetArn: cfg.HumanAccess.PermissionSetArn,
			// Permission sets: the management account's or Identity Center's delegated administrator's.
			IdentityCenterProvider: lz.Providers[cfg.IdentityCenterAccount()],
			DenyGuard:              lz.GuardrailsByAccount[acct].DenyGuardPolicies,
		}, lz.opt(acct))
		if err != nil {
			return nil, err
		}
		a.HumanByAccount[acct] = h
		if a.Human == nil || acct == "" {
			a.Human = h
		}
	}
	return a, nil
}

// accessOutputs adds the access stack outputs: the corporate connection, the inbound Resolver
// addresses and the conditional forwarders the corporate DNS team configures, and the human
// access policy (ARN and the permission-set inline policy document).
func (lz *LandingZone) accessOutputs(out pulumi.Map) {
	a := lz.Access
	if a == nil {
		return
	}
	if a.Corporate != nil {
		out["corporateAccess"] = pulumi.Map{
			"kind":                       a.Corporate.Kind,
			"cidrs":                      a.Corporate.CorporateCidrs,
			"transitGatewayAttachmentId": a.Corporate.TransitGatewayAttachmentId,
			"vpnConnectionId":            a.Corporate.VpnConnectionId,
		}
	}
	if a.Resolver != nil {
		out["dnsForwardedDomains"] = a.Resolver.ForwardedDomains
	}
	if a.CorporateDnsRecords != nil {
		out["dnsCorporateRecords"] = a.CorporateDnsRecords
	} else if a.Resolver != nil {
		out["dnsInboundResolverAddresses"] = a.Resolver.InboundAddresses
		forwarders := pulumi.Map{}
		for _, zone := range a.ConditionalForwarders {
			forwarders[zone] = a.Resolver.InboundAddresses
		}
		out["dnsConditionalForwarders"] = forwarders
	}
	if a.Human != nil {
		out["humanAccessPolicyArn"] = a.Human.PolicyArn
		out["humanAccessPolicyArns"] = a.Human.PolicyArns
		out["humanAccessPermissionSetInlinePolicy"] = a.Human.PermissionSetInlinePolicy
	}
}

// DnsRuleShareName is the ResolverRuleShare component of a stack that forwards corporate domains
// with spokes in other accounts than the hub's.
const DnsRuleShareName = "dns-rules"

// dnsRuleShare shares the hub's forwarding rules through AWS RAM with every other account that
// has spokes, and associates them with those spokes in the spokes' own accounts: the owner of a
// rule cannot associate it with another account's VPC. Nil when nothing is forwarded or every
// spoke is in the hub's account.
func (lz *LandingZone) dnsRuleShare(ctx *pulumi.Context, res *access.ResolverEndpoints) (*access.ResolverRuleShare, error) {
	cfg := lz.Config
	if len(cfg.Corporate.Dns.ForwardDomains) == 0 || !cfg.CrossAccount() {
		return nil, nil
	}
	hub := cfg.HubAccount()
	accounts := map[string]access.ResolverRuleAccount{}
	for _, s := range cfg.Spokes {
		key := cfg.SpokeAccount(s.Name)
		if key == hub {
			continue
		}
		id := lz.accountIDPlain(key)
		a, ok := accounts[id]
		if !ok {
			a = access.ResolverRuleAccount{Provider: lz.Providers[key], VpcIds: map[string]pulumi.StringInput{}}
		}
		a.VpcIds[s.Name] = lz.Spokes[s.Name].VpcId
		accounts[id] = a
	}
	rules := map[string]access.SharedResolverRule{}
	for _, d := range slices.Sorted(slices.Values(cfg.Corporate.Dns.ForwardDomains)) {
		id := res.ForwardingRuleIds.MapIndex(pulumi.String(d))
		rules[d] = access.SharedResolverRule{RuleId: id,
			// arn:<partition>:route53resolver:<region>:<owner>:resolver-rule/<id> (Service
			// Authorization Reference, Amazon Route 53 Resolver, resource type resolver-rule).
			Arn: pulumi.Sprintf("arn:%s:route53resolver:%s:%s:resolver-rule/%s", iampolicy.PartitionOf(cfg.Region), cfg.Region,
				lz.accountID(hub), id)}
	}
	return access.NewResolverRuleShare(ctx, DnsRuleShareName, &access.ResolverRuleShareArgs{
		Rules:              rules,
		Accounts:           accounts,
		WithinOrganization: cfg.RamWithinOrganization(),
		Principals:         cfg.Hub.SharePrincipals,
	}, lz.hubOpt())
}
