package tests

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/access"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	tokTgwRoute         = "aws:ec2transitgateway/route:Route"
	tokTgwAssociation   = "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation"
	tokTgwPropagation   = "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation"
	tokResolverEndpoint = "aws:route53/resolverEndpoint:ResolverEndpoint"
	tokResolverRuleAssn = "aws:route53/resolverRuleAssociation:ResolverRuleAssociation"
	tokIngressRule      = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	tokSecurityGroup    = "aws:ec2/securityGroup:SecurityGroup"
	tokIamPolicy        = "aws:iam/policy:Policy"
)

// TestCorporatePathOfTheStacks (dev and prod: the multi-account fixture has no corporate
// section): dev connects by VPN and prod by a Direct Connect gateway
// association; either way the hub's TGW route table routes exactly the corporate CIDRs to the
// corporate attachment, which is associated with a corporate TGW route table of its own into
// which only the hub and the on-premises spokes propagate (nothing is propagated from the
// corporate attachment), every hub route table routes them to the TGW, and only the on-premises
// spokes do.
func TestCorporatePathOfTheStacks(t *testing.T) {
	t.Parallel()
	kinds := map[string]string{"dev": "aws:ec2/vpnConnection:VpnConnection", "prod": "aws:directconnect/gatewayAssociation:GatewayAssociation"}
	for stack, kind := range kinds {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			require.NotNil(t, cfg.Corporate)
			assert.Len(t, rec.ByType(kind), 1, "%s connects with %s", stack, kind)
			assoc, ok := rec.Find(tokTgwAssociation, "corporate-tgw-association")
			require.True(t, ok)
			attachment := str(assoc.Input("transitGatewayAttachmentId"))
			assert.True(t, strings.HasPrefix(attachment, "tgw-attach-"), attachment)
			corpRT, ok := rec.Find("aws:ec2transitgateway/routeTable:RouteTable", "corporate-tgw-rt")
			require.True(t, ok)
			assert.Equal(t, corpRT.ID, str(assoc.Input("transitGatewayRouteTableId")), "the corporate attachment has a route table of its own")
			hubRTRes, ok := rec.Find("aws:ec2transitgateway/routeTable:RouteTable", "hub-tgw-rt")
			require.True(t, ok)
			hubRT := hubRTRes.ID
			var propagated []string
			for _, p := range rec.ByType(tokTgwPropagation) {
				if str(p.Input("transitGatewayRouteTableId")) == corpRT.ID {
					propagated = append(propagated, p.Name)
				}
			}
			want := []string{"corporate-propagation-hub"}
			for _, s := range cfg.Spokes {
				if cfg.Corporate.ReachesOnPremises(s.Name) {
					want = append(want, "corporate-propagation-spoke-"+s.Name)
				}
			}
			assert.ElementsMatch(t, want, propagated, "only the hub and the on-premises spokes reach (and are advertised to) the corporate network")
			for _, cidr := range cfg.Corporate.Cidrs {
				r, ok := rec.Find(tokTgwRoute, "corporate-to-"+network.CidrKey(cidr))
				require.True(t, ok, cidr)
				assert.Equal(t, attachment, str(r.Input("transitGatewayAttachmentId")))
				assert.Equal(t, hubRT, str(r.Input("transitGatewayRouteTableId")))
			}
			for _, p := range rec.ByType(tokTgwPropagation) {
				assert.NotEqual(t, attachment, str(p.Input("transitGatewayAttachmentId")), "nothing is propagated from the corporate side")
			}
			// Hub route tables: every corporate CIDR via the TGW.
			for _, rt := range rec.ByType(tokRouteTable) {
				if _, inHub := ancestor(rec, rt, tokHub); !inHub {
					continue
				}
				var dsts []string
				for _, r := range rec.ByType(tokRoute) {
					if str(r.Input("routeTableId")) == rt.ID && str(r.Input("transitGatewayId")) != "" {
						dsts = append(dsts, str(r.Input("destinationCidrBlock")))
					}
				}
				for _, cidr := range cfg.Corporate.Cidrs {
					assert.Contains(t, dsts, cidr, "hub route table %s", rt.Name)
				}
			}
			// Spokes: only the on-premises ones (the per-route check is in network_test.go).
			for _, s := range cfg.Spokes {
				n := 0
				for _, r := range rec.ByType(tokRoute) {
					if strings.HasPrefix(r.Name, "spoke-"+s.Name+"-to-corporate-") {
						n++
					}
				}
				want := 0
				if cfg.Corporate.ReachesOnPremises(s.Name) {
					want = len(cfg.Corporate.Cidrs) * len(cfg.SpokeAZs(s))
				}
				assert.Equal(t, want, n, "spoke %s", s.Name)
			}
		})
	}
}

// TestCorporateNetworkReachesOnlyTheListedEndpointsAndTheResolver (repository stack files: the
// multi-account fixture has no corporate section, which this test would skip): every ingress rule naming a
// corporate CIDR is HTTPS on the corporate endpoint group or DNS on the inbound Resolver group,
// and the corporate group sits on exactly corporate.endpoints.
func TestCorporateNetworkReachesOnlyTheListedEndpointsAndTheResolver(t *testing.T) {
	t.Parallel()
	for _, stack := range stackFiles(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			if cfg.Corporate == nil {
				t.Skip("no corporate section")
			}
			corpSG, ok := rec.Find(tokSecurityGroup, "hub-corporate-endpoints")
			require.True(t, ok)
			// corporate.dns.inbound: an inbound endpoint and its group, or (none) neither.
			azs := len(cfg.HubAZs())
			inboundIPs := cfg.Corporate.Dns.InboundIPs(azs)
			dnsSG, hasInbound := rec.Find(tokSecurityGroup, "dns-inbound")
			require.Equal(t, inboundIPs > 0, hasInbound, "inbound %q", cfg.Corporate.Dns.Inbound)
			dnsRules := 2
			if !hasInbound {
				dnsSG.ID, dnsRules = "(no inbound group)", 0
			}
			rules := 0
			for _, r := range rec.ByType(tokIngressRule) {
				if !slices.Contains(cfg.Corporate.Cidrs, str(r.Input("cidrIpv4"))) {
					assert.NotEqual(t, corpSG.ID, str(r.Input("securityGroupId")), "%s: the corporate group admits only corporate CIDRs", r.Name)
					assert.NotEqual(t, dnsSG.ID, str(r.Input("securityGroupId")), "%s: the Resolver group admits only corporate CIDRs", r.Name)
					continue
				}
				rules++
				port := r.Input("fromPort").NumberValue()
				switch str(r.Input("securityGroupId")) {
				case corpSG.ID:
					assert.Equal(t, 443.0, port, r.Name)
				case dnsSG.ID:
					assert.Equal(t, 53.0, port, r.Name)
				default:
					t.Errorf("%s admits the corporate network to another group", r.Name)
				}
				assert.Equal(t, port, r.Input("toPort").NumberValue(), r.Name)
			}
			assert.Equal(t, (1+dnsRules)*len(cfg.Corporate.Cidrs), rules, "HTTPS, and DNS over TCP and over UDP with an inbound endpoint, per corporate CIDR")
			for _, ep := range rec.ByType(tokEndpoint) {
				if _, inHub := ancestor(rec, ep, tokHub); !inHub || str(ep.Input("vpcEndpointType")) != "Interface" {
					continue
				}
				key := strings.TrimPrefix(ep.Name, "hub-")
				assert.Equal(t, slices.Contains(cfg.CorporateEndpointKeys(), key),
					slices.Contains(recorder.Strings(ep.Input("securityGroupIds")), corpSG.ID), "endpoint %s", key)
			}
			in, ok := rec.Find(tokResolverEndpoint, "dns-inbound")
			require.Equal(t, hasInbound, ok)
			if ok {
				assert.Equal(t, "INBOUND", str(in.Input("direction")))
				assert.Len(t, in.Input("ipAddresses").ArrayValue(), inboundIPs, "inbound %q", cfg.Corporate.Dns.Inbound)
			}
			if out, ok := rec.Find(tokResolverEndpoint, "dns-outbound"); ok {
				assert.Len(t, out.Input("ipAddresses").ArrayValue(), cfg.Corporate.Dns.OutboundIPs(azs), "outbound %q", cfg.Corporate.Dns.Outbound)
			}
			assert.GreaterOrEqual(t, azs, access.MinResolverAddresses)
			// Outbound forwarding rules reach every spoke.
			if len(cfg.Corporate.Dns.ForwardDomains) > 0 {
				assert.Len(t, rec.ByType(tokResolverRuleAssn), len(cfg.Corporate.Dns.ForwardDomains)*len(cfg.Spokes))
			}
		})
	}
}

// TestAccessOutputs: the conditional forwarders are one per private hosted zone name, and the
// access outputs are exported (the corporate ones only with the corporate section).
func TestAccessOutputs(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			b, cfg := buildStack(t, stack)
			b.mu.Lock()
			defer b.mu.Unlock()
			for _, k := range []string{"humanAccessPolicyArn", "humanAccessPermissionSetInlinePolicy"} {
				assert.Contains(t, b.outputs, k, stack)
			}
			// The corporate outputs exist exactly with the corporate section (the multi fixture
			// has none).
			_, ok := b.outputs["corporateAccess"]
			assert.Equal(t, cfg.Corporate != nil, ok, "%s: output corporateAccess", stack)
			// With an inbound endpoint the corporate DNS forwards to it; without (dns.inbound
			// none) it holds the exported records.
			inbound := cfg.Corporate != nil && cfg.Corporate.Dns.Inbound != access.ResolverInboundNone
			for _, k := range []string{"dnsInboundResolverAddresses", "dnsConditionalForwarders"} {
				_, ok := b.outputs[k]
				assert.Equal(t, inbound, ok, "%s: output %s", stack, k)
			}
			records, hasRecords := b.outputs["dnsCorporateRecords"].(map[string]string) // a pulumi.StringMap
			assert.Equal(t, cfg.Corporate != nil && !inbound, hasRecords, "%s: output dnsCorporateRecords", stack)
			if hasRecords {
				var names []string
				for _, r := range access.CorporateDnsRecords(cfg.Region, cfg.CorporateEndpointKeys()) {
					names = append(names, r.Name)
					assert.NotEmpty(t, records[r.Name], "%s: %s has a target", stack, r.Name)
				}
				assert.Len(t, records, len(names))
			}
			if !inbound {
				return
			}
			fw, _ := b.outputs["dnsConditionalForwarders"].(map[string]any)
			var zones []string
			for z := range fw {
				zones = append(zones, z)
			}
			assert.ElementsMatch(t, access.ConditionalForwarders(cfg.Region, cfg.Hub.Endpoints), zones)
			var zoneNames []string
			for _, key := range cfg.Hub.Endpoints {
				e, _ := network.LookupEndpoint(key)
				zoneNames = append(zoneNames, e.ZoneName(cfg.Region))
			}
			assert.ElementsMatch(t, zoneNames, zones, "one forwarder per private hosted zone")
		})
	}
}

// TestHumanAccessPolicyOfTheStacks proves the created human policy of each stack with the
// offline evaluator: own profile through the hub's SageMaker API endpoint allowed; another
// user's profile, or any profile from outside the endpoint, denied.
func TestHumanAccessPolicyOfTheStacks(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			var api string
			for _, ep := range rec.ByType(tokEndpoint) {
				if ep.Name == "hub-sagemaker.api" {
					api = ep.ID
				}
			}
			require.NotEmpty(t, api)
			for _, d := range cfg.Domains {
				// The human access policy of the domain's account ("data-scientists" in the
				// deploying account, "data-scientists-<account>" in the others).
				pol, ok := rec.Find(tokIamPolicy, "data-scientists"+accountSuffix(cfg, d.Spoke))
				require.True(t, ok, d.Name)
				p, err := iamsim.Parse([]byte(str(pol.Input("policy"))))
				require.NoError(t, err)
				dom, ok := rec.Find("aws:sagemaker/domain:Domain", "domain-"+d.Name)
				require.True(t, ok)
				require.NotEmpty(t, d.Users)
				me, other := d.Users[0].Name, "someone-else" // another user's profile, configured or not
				if len(d.Users) > 1 {
					other = d.Users[1].Name
				}
				profile := func(u string) string {
					// The profile lives in the domain's account (its provider's, as the mock answers it).
					return "arn:aws:sagemaker:" + cfg.Region + ":" + dom.Account + ":user-profile/" + dom.ID + "/" + u
				}
				keys := func(vpce string) map[string][]string {
					k := map[string][]string{"aws:PrincipalTag/" + iampolicy.DefaultStudioProfileTagKey: {me},
						iampolicy.KeyViaAWSService: {"false"}, iampolicy.KeyPrincipalIsAWSService: {"false"}}
					if vpce != "" {
						k[iampolicy.KeySourceVpce] = []string{vpce}
					}
					return k
				}
				for _, c := range []struct {
					name, resource, vpce string
					want                 iamsim.Decision
				}{
					{"own profile through the hub API endpoint", profile(me), api, iamsim.Allow},
					{"another user's profile", profile(other), api, iamsim.Deny},
					{"own profile from outside the endpoint", profile(me), "", iamsim.Deny},
					{"another profile from outside the endpoint", profile(other), "", iamsim.Deny},
				} {
					got, err := p.Evaluate(iamsim.Request{Action: iampolicy.ActionCreatePresignedDomainUrl, Resource: c.resource, Keys: keys(c.vpce)})
					require.NoError(t, err)
					assert.Equal(t, c.want, got.Decision, "%s %s: %s (%v)", stack, d.Name, c.name, got.Matched)
				}
			}
		})
	}
}

// TestHumanRoleCarriesTheDenyGuard: the policies the stack tells people to attach
// (humanAccessPolicyArns: the human policy, then every deny-guard policy; with accounts, per
// workload account in the "accounts" output, the deploying account's also at the top level)
// together still let a data scientist open their own Studio profile through the hub endpoint, and
// deny a training job with no VPC configuration or in a foreign subnet — the deny guard binds
// people too, in every account with domains.
func TestHumanRoleCarriesTheDenyGuard(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			b, cfg := buildStack(t, stack)
			rec := b.rec
			var api string
			for _, ep := range rec.ByType(tokEndpoint) {
				if ep.Name == "hub-sagemaker.api" {
					api = ep.ID
				}
			}
			checked := 0
			for _, acct := range cfg.WorkloadAccounts() {
				var domains []config.Domain
				for _, d := range cfg.Domains {
					if cfg.SpokeAccount(d.Spoke) == acct {
						domains = append(domains, d)
					}
				}
				if len(domains) == 0 {
					continue // no human access policy in an account without domains
				}
				checked++
				suffix := accountSuffix(cfg, domains[0].Spoke)
				human := mustFind(t, rec, tokIamPolicy, "data-scientists"+suffix)
				var stmts []iamsim.Statement
				want := []string{recorder.Lookup(human.Outputs, "arn").StringValue()}
				p, err := iamsim.Parse([]byte(str(human.Input("policy"))))
				require.NoError(t, err)
				stmts = append(stmts, p.Statements...)
				var guard []recorder.Resource
				for _, r := range rec.ByType(tokIamPolicy) {
					if strings.HasPrefix(r.Name, "guardrails"+suffix+"-deny-") {
						guard = append(guard, r)
					}
				}
				require.NotEmpty(t, guard)
				sort.Slice(guard, func(i, j int) bool { return guard[i].Name < guard[j].Name })
				for _, g := range guard {
					want = append(want, recorder.Lookup(g.Outputs, "arn").StringValue())
					gp, err := iamsim.Parse([]byte(str(g.Input("policy"))))
					require.NoError(t, err)
					stmts = append(stmts, gp.Statements...)
				}
				b.mu.Lock()
				var outputs []any
				if acct == "" {
					outputs = append(outputs, b.outputs["humanAccessPolicyArns"])
				}
				if len(cfg.Accounts) > 0 {
					name := acct
					if name == "" {
						name = "deploying"
					}
					accts, _ := b.outputs["accounts"].(map[string]any)
					entry, _ := accts[name].(map[string]any)
					outputs = append(outputs, entry["humanAccessPolicyArns"])
				}
				b.mu.Unlock()
				require.NotEmpty(t, outputs, "account %q: an output lists its human policies", acct)
				for _, raw := range outputs {
					var got []string
					switch v := raw.(type) {
					case []string:
						got = v
					case []any:
						for _, a := range v {
							s, _ := a.(string)
							got = append(got, s)
						}
					default:
						t.Fatalf("account %q: output humanAccessPolicyArns is %T, want a list of ARNs", acct, raw)
					}
					assert.Equal(t, want, got, "account %q: the human policy, then the deny guard in key order", acct)
				}

				for _, d := range domains {
					dom := mustFind(t, rec, "aws:sagemaker/domain:Domain", "domain-"+d.Name)
					me := d.Users[0].Name
					// The profile lives in the domain's account (its provider's, as the mock answers it).
					presigned := iamsim.Request{Action: iampolicy.ActionCreatePresignedDomainUrl,
						Resource: "arn:aws:sagemaker:" + cfg.Region + ":" + dom.Account + ":user-profile/" + dom.ID + "/" + me,
						Keys: map[string][]string{"aws:PrincipalTag/" + iampolicy.DefaultStudioProfileTagKey: {me}, iampolicy.KeySourceVpce: {api},
							iampolicy.KeyViaAWSService: {"false"}, iampolicy.KeyPrincipalIsAWSService: {"false"}}}
					res, err := iamsim.Evaluate(stmts, presigned)
					require.NoError(t, err)
					assert.Equal(t, iamsim.Allow, res.Decision, "%s: own profile through the endpoint: %v", d.Name, res.Matched)
				}
				for name, keys := range map[string]map[string][]string{
					"no VPC configuration": {},
					"a foreign subnet":     {iampolicy.KeyVpcSubnets: {"subnet-0ffffffffffffff99"}, iampolicy.KeyVpcSecurityGroupIds: {"sg-0ffffffffffffff99"}},
				} {
					res, err := iamsim.Evaluate(stmts, iamsim.Request{Action: "sagemaker:CreateTrainingJob", Resource: "*", Keys: keys})
					require.NoError(t, err)
					assert.Equal(t, iamsim.Deny, res.Decision, "account %q: training job with %s", acct, name)
				}
			}
			assert.NotZero(t, checked, "some account has domains")
		})
	}
}
