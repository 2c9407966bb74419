package reach

import (
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/access"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// corporateStack is a repository stack with a real corporate network, and the names the
// components give its corporate resources (network.CidrKey of the one corporate CIDR).
type corporateStack struct {
	stack string
	// connection is the resource whose outputs carry the corporate TGW attachment id: the VPN
	// connection (dev) or the Direct Connect gateway association (prod).
	connection string
	lastAZ     string
}

var corporateStacks = []corporateStack{
	{stack: "dev-inbound", connection: "corporate-vpn", lastAZ: "us-east-1b"},
	{stack: "prod", connection: "corporate-dx-association", lastAZ: "eu-central-1c"},
}

// realCorporate runs the stack and gives its recording, its options (from the typed config, as
// cmd/plan builds them) and its one corporate CIDR.
func realCorporate(t *testing.T, stack string) (*recorder.Recording, Options, string) {
	t.Helper()
	rec, cfg := runStack(t, stack)
	require.NotNil(t, cfg.Corporate, "%s has a corporate network", stack)
	require.Len(t, cfg.Corporate.Cidrs, 1, stack)
	return rec, OptionsFromConfig(cfg), cfg.Corporate.Cidrs[0]
}

// attachmentIDUnknown: the mock returns no attachment id for the corporate connection; the
// association and the static route carry "" and depend on the connection.
func attachmentIDUnknown(connection, route string) func(t *testing.T, r *recorder.Recording) {
	return func(t *testing.T, r *recorder.Recording) {
		conn, ok := r.Find(typeOf(t, r, connection), connection)
		require.True(t, ok, connection)
		for i := range r.Resources {
			res := &r.Resources[i]
			switch res.Name {
			case connection:
				delete(res.Outputs, "transitGatewayAttachmentId")
			case "corporate-tgw-association", route:
				res.Inputs["transitGatewayAttachmentId"] = resource.NewStringProperty("")
				res.Outputs["transitGatewayAttachmentId"] = resource.NewStringProperty("")
				res.Dependencies = []string{conn.URN}
			}
		}
	}
}

// typeOf gives the type of the custom resource named name.
func typeOf(t *testing.T, r *recorder.Recording, name string) string {
	t.Helper()
	for _, res := range r.Resources {
		if res.Custom && res.Name == name {
			return res.Type
		}
	}
	t.Fatalf("no custom resource named %s", name)
	return ""
}

func TestAttachmentFoundThroughDependencies(t *testing.T) {
	t.Parallel()
	for _, s := range corporateStacks {
		t.Run(s.stack, func(t *testing.T) {
			t.Parallel()
			base, opts, cidr := realCorporate(t, s.stack)
			r := clone(base)
			attachmentIDUnknown(s.connection, "corporate-to-"+network.CidrKey(cidr))(t, r)
			m := newModel(r)
			// The corporate attachment has a TGW route table of its own (access.CorporateAccess).
			assert.Equal(t, idOf(t, r, typeTGWRouteTable, "corporate-tgw-rt"), m.tgwAssoc["attachment-of:"+s.connection])
			assert.Equal(t, s.connection, m.attachmentLabel("attachment-of:"+s.connection))
			rep := mustAnalyze(t, r, opts)
			assert.Empty(t, failures(rep), dump(t, rep))
		})
	}
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

// sharedEndpointsNotForPeople: the corporate-other paths to the hub interface endpoints behind
// the shared hub-endpoints group that are not corporate endpoints.
func sharedEndpointsNotForPeople(rec *recorder.Recording, keys []string) func(Path) bool {
	m := newModel(rec)
	shared := map[string]bool{}
	for _, ep := range m.endpoints {
		if !ep.hub || ep.kind != "Interface" || slices.ContainsFunc(keys, func(k string) bool { return matchesKey(ep.service, k) }) {
			continue
		}
		for _, g := range ep.sgs {
			if m.sgs[g] != nil && m.sgs[g].name == "hub-endpoints" {
				shared[ep.name] = true
			}
		}
	}
	return func(p Path) bool { return p.Check == CheckCorporateOther && shared[p.To] }
}

// TestRealCorporateNetworks proves the corporate paths of the repository stacks as planned: dev's
// Site-to-Site VPN and prod's Direct Connect reach the Resolver inbound endpoint on TCP and UDP 53
// and the Studio and SageMaker API endpoints on TCP 443, nothing else admits the corporate
// network; each mutation of a real resource breaks exactly its path, at its hop.
func TestRealCorporateNetworks(t *testing.T) {
	t.Parallel()
	for _, s := range corporateStacks {
		t.Run(s.stack, func(t *testing.T) {
			t.Parallel()
			base, opts, cidr := realCorporate(t, s.stack)
			key := network.CidrKey(cidr)
			assert.Equal(t, []string{"sagemaker.api", "studio"}, opts.CorporateEndpoints, "the resolved default")

			r := mustAnalyze(t, base, opts)
			assert.Empty(t, failures(r), dump(t, r))
			assert.Equal(t, []string{cidr}, r.CorporateCidrs)
			seen := map[string]int{}
			for _, p := range r.Paths {
				if corporateRequired(p) {
					seen[p.Check]++
					assert.Equal(t, Reachable, p.Verdict, p.ID)
					assert.Equal(t, cidr, p.From, p.ID)
				}
				if p.Check == CheckCorporateOther {
					seen[p.Check]++
					assert.Equal(t, Absent, p.Verdict, p.ID)
				}
			}
			assert.Equal(t, 2, seen[CheckCorporateResolver], "TCP and UDP 53")
			assert.Equal(t, 2, seen[CheckCorporateEndpoint], "studio and sagemaker.api")
			assert.Positive(t, seen[CheckCorporateOther])

			hubRT := func(t *testing.T, r *recorder.Recording) string { return idOf(t, r, typeTGWRouteTable, "hub-tgw-rt") }
			attachment := func(t *testing.T, r *recorder.Recording) string {
				a, _ := r.Find(typeTGWAssoc, "corporate-tgw-association")
				return str(a, "transitGatewayAttachmentId")
			}
			ownRouteTable := func(t *testing.T, r *recorder.Recording) {
				add(r, typeTGWRouteTable, "corporate-own-rt", "tgw-rtb-corp", "", map[string]any{
					"transitGatewayId": idOf(t, r, "aws:ec2transitgateway/transitGateway:TransitGateway", "hub-tgw")})
				set(t, r, typeTGWAssoc, "corporate-tgw-association", "transitGatewayRouteTableId", resource.NewStringProperty("tgw-rtb-corp"))
			}
			runMutations(t, base, []mutation{
				{name: "unchanged", opts: opts},
				{"the resolver group loses UDP 53", func(t *testing.T, r *recorder.Recording) {
					drop(t, r, ingress, "dns-inbound-dns-udp-from-"+key)
				}, opts, corporateResolver("udp"), "sg-ingress", nil},
				{"a typo in the resolver rule's CIDR", func(t *testing.T, r *recorder.Recording) {
					set(t, r, ingress, "dns-inbound-dns-tcp-from-"+key, "cidrIpv4", resource.NewStringProperty("203.0.113.0/24"))
				}, opts, corporateResolver("tcp"), "sg-ingress", nil},
				{name: "no resolver inbound endpoint", mutate: func(t *testing.T, r *recorder.Recording) {
					drop(t, r, typeResolverEndpoint, "dns-inbound")
					drop(t, r, typeSG, "dns-inbound")
					drop(t, r, ingress, "dns-inbound-dns-tcp-from-"+key)
					drop(t, r, ingress, "dns-inbound-dns-udp-from-"+key)
				}, opts: opts, fails: corporateRequired, stepFor: func(p Path) string {
					if p.Check == CheckCorporateResolver {
						return "resolver-endpoint"
					}
					return "dns-resolver" // nothing resolves the endpoints' names for the corporate network
				}},
				{"the corporate endpoint group loses HTTPS", func(t *testing.T, r *recorder.Recording) {
					drop(t, r, ingress, "hub-corporate-https-from-"+key)
				}, opts, check(CheckCorporateEndpoint), "sg-ingress", nil},
				{"the studio endpoint leaves the corporate endpoint group", func(t *testing.T, r *recorder.Recording) {
					e, _ := r.Find(typeVpcEndpoint, "hub-studio")
					sg := idOf(t, r, typeSG, "hub-corporate-endpoints")
					groups := slices.DeleteFunc(strs(e, "securityGroupIds"), func(g string) bool { return g == sg })
					set(t, r, typeVpcEndpoint, "hub-studio", "securityGroupIds", resource.NewPropertyValue(toAny(groups)))
				}, opts, corporateTo("hub-studio"), "sg-ingress", nil},
				{"no TGW route to the corporate network", func(t *testing.T, r *recorder.Recording) {
					drop(t, r, typeTGWRoute, "corporate-to-"+key)
				}, opts, corporateRequired, "corporate-attachment", nil},
				{"the corporate TGW route is a blackhole", func(t *testing.T, r *recorder.Recording) {
					set(t, r, typeTGWRoute, "corporate-to-"+key, "blackhole", resource.NewBoolProperty(true))
				}, opts, corporateRequired, "corporate-attachment", nil},
				{"the corporate attachment is associated with no TGW route table", func(t *testing.T, r *recorder.Recording) {
					drop(t, r, typeTGWAssoc, "corporate-tgw-association")
				}, opts, corporateRequired, "tgw-association", nil},
				{"the corporate attachment is associated with its own TGW route table, the hub not propagated into it",
					ownRouteTable, opts, corporateRequired, "tgw-route", nil},
				{name: "its own TGW route table, the hub propagated into it", opts: opts, mutate: func(t *testing.T, r *recorder.Recording) {
					ownRouteTable(t, r)
					add(r, typeTGWProp, "corporate-hub-propagation", "corp-prop", "", map[string]any{
						"transitGatewayAttachmentId": idOf(t, r, typeTGWVpcAttachment, "hub-tgw-attachment"),
						"transitGatewayRouteTableId": "tgw-rtb-corp"})
				}},
				{"a second corporate attachment is associated with no TGW route table", func(t *testing.T, r *recorder.Recording) {
					add(r, typeTGWProp, "corporate-second-propagation", "second-prop", "", map[string]any{
						"transitGatewayAttachmentId": "tgw-attach-second", "transitGatewayRouteTableId": hubRT(t, r)})
				}, opts, corporateRequired, "tgw-association", nil},
				{"a hub route table has no route back to the corporate network", func(t *testing.T, r *recorder.Recording) {
					drop(t, r, typeRoute, "hub-to-corporate-"+key+"-"+s.lastAZ)
				}, opts, corporateRequired, "return-route", nil},
				{"the studio zone loses its record", func(t *testing.T, r *recorder.Recording) {
					drop(t, r, typeRecord, "hub-studio-alias")
				}, opts, func(p Path) bool {
					return corporateTo("hub-studio")(p) || checkTo(CheckStudioEndpoint, "hub-studio")(p)
				}, "dns-record", nil},
				{"the shared endpoint group admits the corporate network", func(t *testing.T, r *recorder.Recording) {
					add(r, ingress, "hub-https-from-corporate", "rule-leak", "", map[string]any{
						"securityGroupId": idOf(t, r, typeSG, "hub-endpoints"), "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": cidr})
				}, opts, sharedEndpointsNotForPeople(base, opts.CorporateEndpoints), "sg-ingress", nil},
				{"the resolver group admits SSH from the corporate network", func(t *testing.T, r *recorder.Recording) {
					add(r, ingress, "dns-inbound-ssh", "rule-ssh", "", map[string]any{
						"securityGroupId": idOf(t, r, typeSG, "dns-inbound"), "ipProtocol": "tcp", "fromPort": 22, "toPort": 22, "cidrIpv4": cidr})
				}, opts, func(p Path) bool { return p.Check == CheckCorporateOther && p.To == "dns-inbound" }, "sg-ingress", nil},
				{"the outbound resolver group admits DNS from the corporate network", func(t *testing.T, r *recorder.Recording) {
					add(r, ingress, "dns-outbound-dns-in", "rule-out-dns", "", map[string]any{
						"securityGroupId": idOf(t, r, typeSG, "dns-outbound"), "ipProtocol": "udp", "fromPort": 53, "toPort": 53, "cidrIpv4": cidr})
				}, opts, func(p Path) bool { return p.Check == CheckCorporateOther && p.To == "dns-outbound" }, "sg-ingress", nil},
				{"BGP instead of a static route", func(t *testing.T, r *recorder.Recording) {
					a := attachment(t, r)
					drop(t, r, typeTGWRoute, "corporate-to-"+key)
					add(r, typeTGWProp, "corporate-propagation", "corp-bgp", "", map[string]any{
						"transitGatewayAttachmentId": a, "transitGatewayRouteTableId": hubRT(t, r)})
				}, opts, nil, "", nil},
				{name: "the mock leaves the attachment id empty: dependencies name it", opts: opts,
					mutate: attachmentIDUnknown(s.connection, "corporate-to-"+key)},
				{name: "no corporate CIDRs given", opts: Options{}},
			})
		})
	}
}

// TestCorporateCidrsMustMatchTheNetwork: a corporate CIDR the stack does not admit (an analysis
// run with other CIDRs than the config's) is blocked at the first hop that does not carry it.
func TestCorporateCidrsMustMatchTheNetwork(t *testing.T) {
	t.Parallel()
	base, opts, _ := realCorporate(t, "dev-inbound")
	other := "10.200.0.0/16" // overlaps no network of dev (config.Validate refuses overlaps)
	runMutations(t, base, []mutation{
		{name: "the configured CIDRs", opts: opts},
		{"one more CIDR than the stack routes", nil, Options{CorporateCidrs: append(slices.Clone(opts.CorporateCidrs), other)},
			func(p Path) bool { return corporateRequired(p) && p.From == other }, "corporate-attachment", nil},
	})
}

// TestOptionsFromConfig: the options follow the typed config; no corporate section gives none.
func TestOptionsFromConfig(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		cfg  *config.Config
		want Options
	}{
		{"no config", nil, Options{}},
		{"no corporate section", &config.Config{Hub: config.Hub{Endpoints: []string{"studio"}}}, Options{}},
		{"defaults among the hub endpoints", &config.Config{Hub: config.Hub{Endpoints: []string{"sts", "studio"}},
			Corporate: &config.Corporate{Cidrs: []string{"192.168.0.0/16"}}},
			Options{CorporateCidrs: []string{"192.168.0.0/16"}, CorporateEndpoints: []string{"studio"}}},
		{"configured endpoints", &config.Config{Hub: config.Hub{Endpoints: []string{"sagemaker.api", "studio", "notebook"}},
			Corporate: &config.Corporate{Cidrs: []string{"172.16.0.0/12", "192.168.0.0/16"}, Endpoints: []string{"notebook"}}},
			Options{CorporateCidrs: []string{"172.16.0.0/12", "192.168.0.0/16"}, CorporateEndpoints: []string{"notebook"}}},
		{"no inbound endpoint: the records", &config.Config{Region: "us-east-1", Hub: config.Hub{Endpoints: []string{"sagemaker.api", "studio"}},
			Corporate: &config.Corporate{Cidrs: []string{"192.168.0.0/16"}, Dns: config.CorporateDns{Inbound: access.ResolverInboundNone}}},
			Options{CorporateCidrs: []string{"192.168.0.0/16"}, CorporateEndpoints: []string{"sagemaker.api", "studio"},
				CorporateDnsRecords: access.CorporateDnsRecords("us-east-1", []string{"sagemaker.api", "studio"})}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, OptionsFromConfig(tc.cfg))
		})
	}
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// TestCorporateRouteTableHoldsTheHubAndOnPremisesSpokesOnly: the corporate attachment's own TGW
// route table routes to, and with BGP advertises, the hub and the spokes of
// corporate.onPremisesSpokes, and to no other spoke; the hub's table still sends the corporate
// CIDRs to the corporate attachment.
func TestCorporateRouteTableHoldsTheHubAndOnPremisesSpokesOnly(t *testing.T) {
	t.Parallel()
	for _, s := range corporateStacks {
		t.Run(s.stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, s.stack)
			m := newModel(rec)
			corpRT := idOf(t, rec, typeTGWRouteTable, "corporate-tgw-rt")
			var got []string
			for _, e := range m.tgwRoutes(corpRT, nil) {
				got = append(got, e.dest.String())
			}
			want := []string{cfg.Hub.CIDR}
			for _, sp := range cfg.Spokes {
				if cfg.Corporate.ReachesOnPremises(sp.Name) {
					want = append(want, sp.CIDR)
				}
			}
			assert.ElementsMatch(t, want, got)
			var toCorp []string
			for _, e := range m.tgwRoutes(idOf(t, rec, typeTGWRouteTable, "hub-tgw-rt"), nil) {
				if e.static {
					toCorp = append(toCorp, e.dest.String())
				}
			}
			assert.ElementsMatch(t, cfg.Corporate.Cidrs, toCorp)
		})
	}
}

// TestCorporateDnsRecordsInsteadOfInbound: dev has no inbound endpoint (corporate.dns.inbound
// none); the corporate DNS holds the exported records, so people still reach the Studio and
// SageMaker API endpoints, and the resolver paths are not configured. Without a record for an
// endpoint its path is blocked; without records and without an inbound endpoint nothing resolves.
func TestCorporateDnsRecordsInsteadOfInbound(t *testing.T) {
	t.Parallel()
	base, opts, _ := realCorporate(t, "dev")
	require.Len(t, opts.CorporateDnsRecords, 2, "studio and sagemaker.api")
	_, hasInbound := base.Find(typeResolverEndpoint, "dns-inbound")
	require.False(t, hasInbound)
	r := mustAnalyze(t, base, opts)
	assert.Empty(t, failures(r), dump(t, r))
	n := 0
	for _, p := range r.Paths {
		switch p.Check {
		case CheckCorporateResolver:
			assert.Equal(t, NotConfigured, p.Verdict, p.ID)
		case CheckCorporateEndpoint:
			n++
			assert.Equal(t, Reachable, p.Verdict, p.ID)
		}
	}
	assert.Equal(t, 2, n)

	noStudio := opts
	noStudio.CorporateDnsRecords = slices.DeleteFunc(slices.Clone(opts.CorporateDnsRecords),
		func(r access.CorporateDnsRecord) bool { return r.Endpoint == "studio" })
	r = mustAnalyze(t, base, noStudio)
	for _, p := range r.Paths {
		blocked := p.Check == CheckCorporateEndpoint && p.To == "hub-studio"
		assert.Equal(t, blocked, p.Failed(), p.ID)
		if blocked {
			assert.Equal(t, "corporate-dns-records", p.Hop.Step)
		}
	}

	none := opts
	none.CorporateDnsRecords = nil
	r = mustAnalyze(t, base, none)
	for _, p := range r.Paths {
		if p.Check == CheckCorporateResolver {
			assert.Equal(t, Blocked, p.Verdict, p.ID)
			assert.Equal(t, "resolver-endpoint", p.Hop.Step, p.ID)
		}
		if p.Check == CheckCorporateEndpoint {
			assert.Equal(t, Blocked, p.Verdict, p.ID)
		}
	}
}
