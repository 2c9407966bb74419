package tests

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

const (
	tokIGW           = "aws:ec2/internetGateway:InternetGateway"
	tokEgressOnlyIGW = "aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway"
	tokNAT           = "aws:ec2/natGateway:NatGateway"
	tokEIP           = "aws:ec2/eip:Eip"
	tokSubnet        = "aws:ec2/subnet:Subnet"
	tokRoute         = "aws:ec2/route:Route"
	tokRouteTable    = "aws:ec2/routeTable:RouteTable"
	tokVpc           = "aws:ec2/vpc:Vpc"
	tokEndpoint      = "aws:ec2/vpcEndpoint:VpcEndpoint"
	tokZone          = "aws:route53/zone:Zone"
	tokZoneAssoc     = "aws:route53/zoneAssociation:ZoneAssociation"
	tokSpoke         = "vpconly:network:SpokeVpc"
	tokHub           = "vpconly:network:EndpointHub"
)

// ancestor returns the nearest ancestor of r with the given type.
func ancestor(rec *recorder.Recording, r recorder.Resource, typ string) (recorder.Resource, bool) {
	for p := r.Parent; p != ""; {
		pr, ok := rec.ByURN(p)
		if !ok {
			return recorder.Resource{}, false
		}
		if pr.Type == typ {
			return pr, true
		}
		p = pr.Parent
	}
	return recorder.Resource{}, false
}

func str(v resource.PropertyValue) string {
	if v.IsString() {
		return v.StringValue()
	}
	return ""
}

func TestEveryStackHasNoPathToTheInternet(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, _ := runStack(t, stack)
			assert.NotEmpty(t, rec.Resources)
			for _, banned := range []string{tokIGW, tokEgressOnlyIGW, tokNAT, tokEIP, "awsx:ec2:Vpc"} {
				assert.Empty(t, rec.ByType(banned), "stack %s must not create %s", stack, banned)
			}
			for _, s := range rec.ByType(tokSubnet) {
				pub := s.Input("mapPublicIpOnLaunch")
				assert.False(t, pub.IsBool() && pub.BoolValue(), "subnet %s maps public IPs", s.Name)
				assert.Empty(t, str(s.Input("ipv6CidrBlock")), "subnet %s has IPv6 (no egress-only path is wanted)", s.Name)
			}
			for _, r := range rec.ByType(tokRoute) {
				for _, dst := range []string{"destinationCidrBlock", "destinationIpv6CidrBlock"} {
					d := str(r.Input(dst))
					assert.NotContains(t, []string{"0.0.0.0/0", "::/0"}, d, "route %s goes to the internet", r.Name)
				}
				for _, via := range []string{"gatewayId", "natGatewayId", "egressOnlyGatewayId"} {
					assert.Empty(t, str(r.Input(via)), "route %s uses %s", r.Name, via)
				}
			}
			for _, rt := range rec.ByType(tokRouteTable) {
				if routes := rt.Input("routes"); routes.IsArray() && len(routes.ArrayValue()) > 0 {
					t.Errorf("route table %s has inline routes; routes must be separate resources", rt.Name)
				}
			}
			for _, v := range rec.ByType(tokVpc) {
				assert.True(t, v.Input("enableDnsSupport").IsBool() && v.Input("enableDnsSupport").BoolValue(), "vpc %s DNS support", v.Name)
				assert.True(t, v.Input("enableDnsHostnames").IsBool() && v.Input("enableDnsHostnames").BoolValue(), "vpc %s DNS hostnames", v.Name)
				assert.False(t, v.Input("assignGeneratedIpv6CidrBlock").IsBool() && v.Input("assignGeneratedIpv6CidrBlock").BoolValue())
			}
		})
	}
}

// TestEverySpokeRouteTableRoutesTheHubViaTheTransitGateway: each spoke route table routes the hub
// CIDR once, via the Transit Gateway — or, with hub.connectivity peering, via that spoke's own
// peering connection with the hub VPC — and nothing else but the corporate CIDRs of on-premises
// spokes.
func TestEverySpokeRouteTableRoutesTheHubViaTheTransitGateway(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			spokeTables := 0
			for _, rt := range rec.ByType(tokRouteTable) {
				spoke, inSpoke := ancestor(rec, rt, tokSpoke)
				if !inSpoke {
					continue
				}
				spokeTables++
				// Spokes listed in corporate.onPremisesSpokes also route the corporate CIDRs to the TGW.
				var corporate []string
				if onPrem := cfg.Corporate.ReachesOnPremises(strings.TrimPrefix(spoke.Name, "spoke-")); onPrem {
					corporate = cfg.Corporate.Cidrs
				}
				var hubRoutes, corpRoutes, others []string
				for _, r := range rec.ByType(tokRoute) {
					if str(r.Input("routeTableId")) != rt.ID {
						continue
					}
					via := str(r.Input("transitGatewayId"))
					if cfg.Peering() {
						via = str(r.Input("vpcPeeringConnectionId"))
						if pcx, ok := rec.Find("aws:ec2/vpcPeeringConnection:VpcPeeringConnection", spoke.Name+"-peering"); !ok || pcx.ID != via {
							via = "" // not this spoke's peering with the hub
						}
					}
					if str(r.Input("destinationCidrBlock")) == cfg.Hub.CIDR && via != "" {
						hubRoutes = append(hubRoutes, r.Name)
					} else if slices.Contains(corporate, str(r.Input("destinationCidrBlock"))) && str(r.Input("transitGatewayId")) != "" {
						corpRoutes = append(corpRoutes, r.Name)
					} else {
						others = append(others, r.Name)
					}
				}
				assert.Len(t, hubRoutes, 1, "spoke route table %s needs exactly one route to the hub %s via the TGW", rt.Name, cfg.Hub.CIDR)
				assert.Len(t, corpRoutes, len(corporate), "spoke route table %s: one route per corporate CIDR via the TGW, only for on-premises spokes", rt.Name)
				assert.Empty(t, others, "spoke route table %s has other non-local routes", rt.Name)
			}
			want := 0
			for _, s := range cfg.Spokes {
				want += len(cfg.SpokeAZs(s))
			}
			assert.Equal(t, want, spokeTables, "one route table per spoke AZ")
		})
	}
}

func TestEveryPrivateHostedZoneIsAssociatedWithEverySpoke(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			assoc := map[string]bool{} // zoneId|vpcId
			for _, a := range rec.ByType(tokZoneAssoc) {
				assoc[str(a.Input("zoneId"))+"|"+str(a.Input("vpcId"))] = true
			}
			var spokeVpcs []string
			for _, v := range rec.ByType(tokVpc) {
				if _, ok := ancestor(rec, v, tokSpoke); ok {
					spokeVpcs = append(spokeVpcs, v.ID)
				}
			}
			assert.Len(t, spokeVpcs, len(cfg.Spokes))
			zones := rec.ByType(tokZone)
			assert.Len(t, zones, len(cfg.Hub.Endpoints), "one private hosted zone per endpoint service hostname")
			for _, z := range zones {
				for _, vpc := range spokeVpcs {
					assert.True(t, assoc[z.ID+"|"+vpc], "zone %s (%s) is not associated with spoke VPC %s",
						z.Name, str(z.Input("name")), vpc)
				}
			}
		})
	}
}

func TestConfiguredEndpointsExistWithPrivateDNSOff(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			byService := map[string]recorder.Resource{}
			for _, e := range rec.ByType(tokEndpoint) {
				byService[str(e.Input("serviceName"))] = e
			}
			for _, key := range cfg.Hub.Endpoints {
				svc, ok := network.LookupEndpoint(key)
				if !assert.True(t, ok, key) {
					continue
				}
				e, ok := byService[svc.ServiceName(cfg.Region)]
				if !assert.True(t, ok, "endpoint %s (%s) missing", key, svc.ServiceName(cfg.Region)) {
					continue
				}
				assert.Equal(t, "Interface", str(e.Input("vpcEndpointType")), key)
				pd := e.Input("privateDnsEnabled")
				assert.False(t, pd.IsBool() && pd.BoolValue(), "endpoint %s must have private DNS off", key)
				assert.NotEmpty(t, recorder.Strings(e.Input("securityGroupIds")), "endpoint %s needs its security group", key)
				_, inHub := ancestor(rec, e, tokHub)
				assert.True(t, inHub, "interface endpoint %s must live in the hub", key)
			}
			// Every spoke has its S3 gateway endpoint.
			gateways := 0
			for _, e := range rec.ByType(tokEndpoint) {
				if str(e.Input("serviceName")) == fmt.Sprintf("com.amazonaws.%s.s3", cfg.Region) {
					assert.Equal(t, "Gateway", str(e.Input("vpcEndpointType")))
					assert.NotEmpty(t, str(e.Input("policy")), "S3 gateway endpoint needs a restrictive policy")
					gateways++
				}
			}
			assert.Equal(t, len(cfg.Spokes), gateways)
		})
	}
}

func TestEveryChildHasAParent(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, _ := runStack(t, stack)
			for _, r := range rec.Resources {
				if strings.HasPrefix(r.Type, "pulumi:providers:") || !r.Custom {
					continue // providers and top-level components hang off the stack
				}
				p, ok := rec.ByURN(r.Parent)
				if assert.True(t, ok, "%s %s has no component parent (parent %q)", r.Type, r.Name, r.Parent) {
					assert.False(t, p.Custom, "%s %s's parent %s is not a component", r.Type, r.Name, p.Name)
					assert.True(t, strings.HasPrefix(r.Name, p.Name), "child %s is named after its component %s", r.Name, p.Name)
				}
			}
		})
	}
}

// TestEveryResourceIsOnItsOwnersTaggedProvider: one explicit AWS provider per account (the
// deploying account's "aws-<region>" and one per accounts entry with a roleArn: a single-account
// stack has exactly one), each in the stack's Region with the FinOps default tags; every AWS
// resource is created through one of them, and that provider's account is the account that owns
// the resource, derived from the configuration (ownerAccount), never from a list of URNs.
func TestEveryResourceIsOnItsOwnersTaggedProvider(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			provs := rec.ByType("pulumi:providers:aws")
			want := 1
			for _, a := range cfg.Accounts {
				if !a.Deploying() {
					want++
				}
			}
			if !assert.Len(t, provs, want, "one provider per account") {
				return
			}
			account := map[string]string{} // provider URN -> account id
			for _, p := range provs {
				assert.Equal(t, cfg.Region, str(p.Input("region")), p.Name)
				tags := p.Input("defaultTags.tags")
				for k, want := range cfg.Tags.Map() {
					assert.Equal(t, want, str(recorder.Lookup(tags.ObjectValue(), k)), "%s default tag %s", p.Name, k)
				}
				account[p.URN] = providerAccount(cfg, p)
			}
			checked := map[string]int{}
			for _, r := range rec.Resources {
				if !r.Custom || !strings.HasPrefix(r.Type, "aws:") {
					continue
				}
				got, ok := account[providerURN(r.Provider)]
				if !assert.True(t, ok, "%s %s uses provider %q, not one of the stack's", r.Type, r.Name, r.Provider) {
					continue
				}
				want := ownerAccount(rec, cfg, r)
				assert.Equal(t, want, got, "%s %s is on the provider of account %s, its owner is %s", r.Type, r.Name, got, want)
				checked[want]++
			}
			for _, id := range account {
				assert.NotZero(t, checked[id], "account %s owns resources", id)
			}
			// Every top-level component is registered with its owner's provider option
			// (recorder.Resource.ProviderOf), even one without children.
			for _, r := range rec.Resources {
				if r.Custom || r.Type == "pulumi:pulumi:Stack" || topComponent(rec, r) != r.Name {
					continue
				}
				want := accountID(cfg, ownerKey(cfg, r.Name))
				assert.Equal(t, want, account[providerURN(r.ProviderOf("aws"))], "component %s %s's provider option", r.Type, r.Name)
			}
		})
	}
}

// providerURN is the URN of a provider reference "<provider URN>::<provider ID>".
func providerURN(ref string) string {
	if i := strings.LastIndex(ref, "::"); i >= 0 {
		return ref[:i]
	}
	return ref
}

// deployingID is the deploying account's id: its accounts entry's (the one without roleArn), else
// the mock's caller identity.
func deployingID(cfg *config.Config) string {
	for _, a := range cfg.Accounts {
		if a.Deploying() {
			return a.ID
		}
	}
	return recorder.FakeAccountID
}

// accountID is the id of a config.Config.AccountKey ("" the deploying account).
func accountID(cfg *config.Config, key string) string {
	if a, ok := cfg.AccountByName(key); ok && key != "" {
		return a.ID
	}
	return deployingID(cfg)
}

// providerAccount is the account an AWS provider deploys into: the account it is pinned to
// (allowedAccountIds, set on every assumed-role provider), else the deploying account.
func providerAccount(cfg *config.Config, p recorder.Resource) string {
	if ids := recorder.Strings(p.Input("allowedAccountIds")); len(ids) == 1 {
		return ids[0]
	}
	return deployingID(cfg)
}

// ownerKey is the account (config.Config.AccountKey) that owns a top-level component, from the
// configuration and the names the landing zone gives its components (docs/multi-account.md,
// Ownership): each spoke and its job group in the spoke's account; each domain and its Studio
// groups in its spoke's; each workload account's guardrails and human access policy in it; the
// budget in the deploying account; everything else (the hub, the RAM share, corporate access and
// the Resolver endpoints, the supply path, the runtime controls) in the hub's account.
func ownerKey(cfg *config.Config, top string) string {
	for _, s := range cfg.Spokes {
		if top == "spoke-"+s.Name || top == "jobs-"+s.Name {
			return cfg.SpokeAccount(s.Name)
		}
	}
	for _, d := range cfg.Domains {
		if top == "studio-"+d.Name || top == "domain-"+d.Name {
			return cfg.SpokeAccount(d.Spoke)
		}
	}
	for _, a := range cfg.WorkloadAccounts() {
		suffix := ""
		if a != "" {
			suffix = "-" + a
		}
		if top == "guardrails"+suffix || top == "data-scientists"+suffix {
			return a
		}
	}
	if top == "network-budget" {
		return ""
	}
	if top == "organization-guardrails" {
		return cfg.PolicyAccount() // the management account or the delegated administrator for policies
	}
	// The supply path's account-scoped Studio pieces: in every account hosting domains, under
	// its RuntimeName (the supply itself is the hub's).
	for _, a := range cfg.DomainAccounts() {
		for _, base := range []string{"supply-packages", "supply-images"} {
			if top == landingzone.RuntimeName(cfg, base, a) {
				return a
			}
		}
	}
	// Account-level runtime controls: one set per account (landingzone.RuntimeName).
	for _, a := range cfg.RuntimeAccounts() {
		for _, base := range []string{"block-public-access", "dns-firewall", "detective", "kpi"} {
			if top == landingzone.RuntimeName(cfg, base, a) {
				return a
			}
		}
	}
	return cfg.HubAccount()
}

// hubSideTypes are the halves of the cross-account pairs that the owner of the hub's Transit
// Gateway and private hosted zones makes, whichever component registers them: accepting a spoke's
// attachment, associating and propagating it in the hub's Transit Gateway route table, routes in
// that table, and authorizing a spoke VPC's association with a hub zone.
var hubSideTypes = []string{
	"aws:ec2transitgateway/vpcAttachmentAccepter:VpcAttachmentAccepter",
	"aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation",
	"aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation",
	"aws:ec2transitgateway/route:Route",
	"aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization",
	"aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
}

// inHubRouteTable reports whether route r is in a route table of the EndpointHub.
func inHubRouteTable(rec *recorder.Recording, r recorder.Resource) bool {
	for _, rt := range rec.ByType(tokRouteTable) {
		if rt.ID == str(r.Input("routeTableId")) {
			_, hub := ancestor(rec, rt, "vpconly:network:EndpointHub")
			return hub
		}
	}
	return false
}

// ownerAccount is the id of the account that owns r: the hub's for the hub side of a
// cross-account pair (hubSideTypes), the invited account (its principal association's principal)
// for a RAM invitation's acceptance, else its top-level component's owner (ownerKey).
func ownerAccount(rec *recorder.Recording, cfg *config.Config, r recorder.Resource) string {
	switch {
	case slices.Contains(hubSideTypes, r.Type):
		return accountID(cfg, cfg.HubAccount())
	case r.Type == tokRoute && inHubRouteTable(rec, r):
		// a peering spoke's return route: in the hub's route table, so the hub account's
		return accountID(cfg, cfg.HubAccount())
	case r.Type == "aws:route53/resolverRuleAssociation:ResolverRuleAssociation":
		// A forwarding rule is associated by the account that owns the VPC (a shared rule by the
		// account it was shared with): the VPC's account.
		if vpc, ok := rec.ByID(str(r.Input("vpcId"))); ok {
			return vpc.Account
		}
		return "(no VPC)"
	case r.Type == "aws:organizations/policy:Policy" || r.Type == "aws:organizations/policyAttachment:PolicyAttachment":
		return accountID(cfg, cfg.PolicyAccount())
	case r.Type == "aws:ram/resourceShareAccepter:ResourceShareAccepter":
		for _, d := range r.Dependencies {
			if pa, ok := rec.ByURN(d); ok && pa.Type == "aws:ram/principalAssociation:PrincipalAssociation" {
				return str(pa.Input("principal"))
			}
		}
		return "(no principal association)"
	}
	return accountID(cfg, ownerKey(cfg, topComponent(rec, r)))
}
