package reach

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// TestStacksOpenEveryRequiredPathAndNoForbiddenOne: under the mock, dev and prod reach every
// hub endpoint from every Studio group (with DNS), each group itself and S3; no subnet reaches
// 0.0.0.0/0 or ::/0 and no spoke reaches another. Corporate paths follow the stack config.
func TestStacksOpenEveryRequiredPathAndNoForbiddenOne(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		stack                           string
		groups, endpoints, subnets, vpc int
	}{
		{"dev", 3, 5, 4, 1},
		{"prod", 9, 13, 9, 2},
	} {
		t.Run(tc.stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, tc.stack)
			opts := OptionsFromConfig(cfg)
			cidrs := opts.CorporateCidrs
			r := mustAnalyze(t, rec, opts)
			assert.Empty(t, failures(r), dump(t, r))
			count := map[string]int{}
			ids := map[string]bool{}
			for _, p := range r.Paths {
				assert.False(t, ids[p.ID], "path ids are unique: %s", p.ID)
				ids[p.ID] = true
				count[p.Check]++
				if len(cidrs) == 0 && strings.HasPrefix(p.Check, "corporate") {
					assert.Equal(t, NotConfigured, p.Verdict, p.ID)
				}
			}
			assert.GreaterOrEqual(t, count[CheckStudioEndpoint], tc.groups*tc.endpoints)
			assert.Equal(t, 2*tc.groups, count[CheckStudioSelf])
			assert.Equal(t, tc.groups, count[CheckStudioS3])
			assert.GreaterOrEqual(t, count[CheckInternet], tc.subnets)
			assert.Equal(t, tc.vpc*(tc.vpc-1), count[CheckSpokeToSpoke])
		})
	}
}

// mutation is one change to a recording and the paths it must break, at which hop.
type mutation struct {
	name   string
	mutate func(t *testing.T, rec *recorder.Recording)
	opts   Options
	fails  func(p Path) bool // exactly the paths that must fail
	step   string            // the hop every failing path reports
	// stepFor, when set, gives the hop per failing path instead of step.
	stepFor func(p Path) string
}

func check(c string) func(Path) bool { return func(p Path) bool { return p.Check == c } }

func checkTo(c, to string) func(Path) bool {
	return func(p Path) bool { return p.Check == c && p.To == to }
}

func checkFrom(c, from string) func(Path) bool {
	return func(p Path) bool { return p.Check == c && p.From == from }
}

func runMutations(t *testing.T, base *recorder.Recording, cases []mutation) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := clone(base)
			if tc.mutate != nil {
				tc.mutate(t, rec)
			}
			r := mustAnalyze(t, rec, tc.opts)
			failed := 0
			for _, p := range r.Paths {
				want := tc.fails != nil && tc.fails(p)
				if !assert.Equal(t, want, p.Failed(), "%s: %s", p.ID, p.Describe()) {
					continue
				}
				if want {
					failed++
					step := tc.step
					if tc.stepFor != nil {
						step = tc.stepFor(p)
					}
					assert.Equal(t, step, p.Hop.Step, p.Describe())
					assert.NotEmpty(t, p.Hop.Resource, p.Describe())
				}
			}
			if tc.fails != nil {
				assert.Positive(t, failed, "the mutation breaks at least one path")
			}
		})
	}
}

const (
	ingress = typeIngressRule
	egress  = typeEgressRule
)

// TestDevMutationsBreakExactlyTheirPath: one mutation of the dev recording per hop.
func TestDevMutationsBreakExactlyTheirPath(t *testing.T) {
	t.Parallel()
	base, _ := runStack(t, "dev")
	runMutations(t, base, []mutation{
		{name: "unchanged"},
		{"endpoint group loses the spoke's HTTPS rule", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, ingress, "hub-https-from-spoke-research")
		}, Options{}, check(CheckStudioEndpoint), "sg-ingress", nil},
		{"alice's group loses HTTPS to the hub", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, egress, "studio-research-dev-user-alice-https-hub-out")
		}, Options{}, checkFrom(CheckStudioEndpoint, "studio-research-dev-user-alice"), "sg-egress", nil},
		{"a spoke route table loses its hub route", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeRoute, "spoke-research-to-hub-us-east-1b")
		}, Options{}, check(CheckStudioEndpoint), "route", nil},
		{"a hub route table loses its return route", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeRoute, "hub-to-research-us-east-1a")
		}, Options{}, check(CheckStudioEndpoint), "return-route", nil},
		{"the spoke attachment is associated with no TGW route table", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeTGWAssoc, "spoke-research-tgw-association")
		}, Options{}, check(CheckStudioEndpoint), "tgw-association", nil},
		{"the hub attachment is not propagated", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeTGWProp, "hub-tgw-propagation")
		}, Options{}, check(CheckStudioEndpoint), "tgw-route", nil},
		{"the spoke attachment is not propagated", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeTGWProp, "spoke-research-tgw-propagation")
		}, Options{}, check(CheckStudioEndpoint), "return-tgw-route", nil},
		{"a static blackhole for the hub CIDR", func(t *testing.T, r *recorder.Recording) {
			add(r, typeTGWRoute, "hub-blackhole", "hub-blackhole-id", "", map[string]any{
				"transitGatewayRouteTableId": idOf(t, r, typeTGWRouteTable, "hub-tgw-rt"),
				"destinationCidrBlock":       "10.0.0.0/24", "blackhole": true})
		}, Options{}, check(CheckStudioEndpoint), "tgw-route", nil},
		{"the hub attachment has no subnet in us-east-1b", func(t *testing.T, r *recorder.Recording) {
			set(t, r, typeTGWVpcAttachment, "hub-tgw-attachment", "subnetIds", resource.NewPropertyValue(
				[]any{idOf(t, r, typeSubnet, "hub-subnet-us-east-1a")}))
		}, Options{}, check(CheckStudioEndpoint), "tgw-attachment", nil},
		{"the sts zone is not associated with the spoke", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeZoneAssoc, "spoke-research-sts-zone")
		}, Options{}, checkTo(CheckStudioEndpoint, "hub-sts"), "dns-zone-association", nil},
		{"the sts zone loses its alias record", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeRecord, "hub-sts-alias")
		}, Options{}, checkTo(CheckStudioEndpoint, "hub-sts"), "dns-record", nil},
		{"the spoke VPC has DNS hostnames off", func(t *testing.T, r *recorder.Recording) {
			set(t, r, typeVpc, "spoke-research-vpc", "enableDnsHostnames", resource.NewBoolProperty(false))
		}, Options{}, check(CheckStudioEndpoint), "vpc-dns", nil},
		{"the domain group loses NFS from itself", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, ingress, "studio-research-dev-domain-nfs-in")
		}, Options{}, func(p Path) bool {
			return checkFrom(CheckStudioSelf, "studio-research-dev-domain")(p) && p.Traffic == "tcp/2049"
		}, "sg-ingress", nil},
		{"bob's group may not send app ports to itself", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, egress, "studio-research-dev-user-bob-apps-out")
		}, Options{}, func(p Path) bool {
			return checkFrom(CheckStudioSelf, "studio-research-dev-user-bob")(p) && p.Traffic == "tcp/8192-65535"
		}, "sg-egress", nil},
		{"the domain group loses HTTPS to S3", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, egress, "studio-research-dev-domain-https-s3-out")
		}, Options{}, checkFrom(CheckStudioS3, "studio-research-dev-domain"), "sg-egress", nil},
		{"the S3 endpoint leaves a route table out", func(t *testing.T, r *recorder.Recording) {
			set(t, r, typeVpcEndpoint, "spoke-research-s3", "routeTableIds", resource.NewPropertyValue(
				[]any{idOf(t, r, typeRouteTable, "spoke-research-rt-us-east-1a")}))
		}, Options{}, check(CheckStudioS3), "route", nil},
		{"the spoke has no S3 gateway endpoint", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeVpcEndpoint, "spoke-research-s3")
		}, Options{}, check(CheckStudioS3), "s3-gateway-endpoint", nil},
		{"a spoke route table gets a default route to an internet gateway", func(t *testing.T, r *recorder.Recording) {
			add(r, typeRoute, "leak", "leak-id", "", map[string]any{
				"routeTableId":         idOf(t, r, typeRouteTable, "spoke-research-rt-us-east-1a"),
				"destinationCidrBlock": "0.0.0.0/0", "gatewayId": "igw-0123"})
		}, Options{}, checkFrom(CheckInternet, "spoke-research-subnet-us-east-1a"), "route", nil},
		{"a hub route table gets ::/0 inline", func(t *testing.T, r *recorder.Recording) {
			set(t, r, typeRouteTable, "hub-rt-us-east-1b", "routes", resource.NewPropertyValue([]any{
				map[string]any{"ipv6CidrBlock": "::/0", "egressOnlyGatewayId": "eigw-1"}}))
		}, Options{}, checkFrom(CheckInternet, "hub-subnet-us-east-1b"), "route", nil},
		{name: "the same rule as an aws:ec2/securityGroupRule", mutate: func(t *testing.T, r *recorder.Recording) {
			drop(t, r, ingress, "hub-https-from-spoke-research")
			add(r, typeSGRule, "hub-https-legacy", "sgr-1", "", map[string]any{"type": "ingress",
				"securityGroupId": idOf(t, r, typeSG, "hub-endpoints"), "protocol": "tcp", "fromPort": 443, "toPort": 443,
				"cidrBlocks": []any{"10.1.0.0/20"}})
		}},
		{name: "the same rules inline, self included", mutate: func(t *testing.T, r *recorder.Recording) {
			drop(t, r, ingress, "hub-https-from-spoke-research")
			drop(t, r, ingress, "studio-research-dev-domain-nfs-in")
			set(t, r, typeSG, "hub-endpoints", "ingress", resource.NewPropertyValue([]any{
				map[string]any{"protocol": "6", "fromPort": 443, "toPort": 443, "cidrBlocks": []any{"10.1.0.0/20"}}}))
			set(t, r, typeSG, "studio-research-dev-domain", "ingress", resource.NewPropertyValue([]any{
				map[string]any{"protocol": "tcp", "fromPort": 2049, "toPort": 2049, "self": true}}))
		}},
		{"an aws:ec2/securityGroupRule admits the wrong port", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, ingress, "hub-https-from-spoke-research")
			add(r, typeSGRule, "hub-http-legacy", "sgr-2", "", map[string]any{"type": "ingress",
				"securityGroupId": idOf(t, r, typeSG, "hub-endpoints"), "protocol": "tcp", "fromPort": 80, "toPort": 80,
				"cidrBlocks": []any{"10.1.0.0/20"}})
		}, Options{}, check(CheckStudioEndpoint), "sg-ingress", nil},
		{"a spoke subnet falls back to the VPC's main route table", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeRTAssoc, "spoke-research-rta-us-east-1a")
		}, Options{}, func(p Path) bool { return p.Check == CheckStudioEndpoint || p.Check == CheckStudioS3 }, "route", nil},
		{"the main route table a subnet falls back to has a default route", func(t *testing.T, r *recorder.Recording) {
			drop(t, r, typeRTAssoc, "spoke-research-rta-us-east-1a")
			vpc, _ := r.Find(typeVpc, "spoke-research-vpc")
			add(r, typeRoute, "main-default", "main-default-id", "", map[string]any{
				"routeTableId": str(vpc, "mainRouteTableId"), "destinationCidrBlock": "0.0.0.0/0", "natGatewayId": "nat-1"})
		}, Options{}, func(p Path) bool {
			return p.Check == CheckStudioEndpoint || p.Check == CheckStudioS3 || checkFrom(CheckInternet, "spoke-research-subnet-us-east-1a")(p)
		}, "route", nil},
		{"the TGW route table gets a default route", func(t *testing.T, r *recorder.Recording) {
			add(r, typeTGWRoute, "tgw-default", "tgw-default-id", "", map[string]any{
				"transitGatewayRouteTableId": idOf(t, r, typeTGWRouteTable, "hub-tgw-rt"),
				"destinationCidrBlock":       "0.0.0.0/0",
				"transitGatewayAttachmentId": idOf(t, r, typeTGWVpcAttachment, "hub-tgw-attachment")})
		}, Options{}, check(CheckInternet), "tgw-route", nil},
	})
}

// TestProdSpokesStayApart: a wide route in one spoke opens the other spoke through the shared
// TGW route table, unless the pair is allowed.
func TestProdSpokesStayApart(t *testing.T) {
	t.Parallel()
	base, _ := runStack(t, "prod")
	wide := func(t *testing.T, r *recorder.Recording) {
		add(r, typeRoute, "clinical-wide", "clinical-wide-id", "", map[string]any{
			"routeTableId":         idOf(t, r, typeRouteTable, "spoke-clinical-rt-eu-central-1a"),
			"destinationCidrBlock": "10.0.0.0/8", "transitGatewayId": idOf(t, r, "aws:ec2transitgateway/transitGateway:TransitGateway", "hub-tgw")})
	}
	peering := func(t *testing.T, r *recorder.Recording) {
		add(r, typeRoute, "genomics-peer", "genomics-peer-id", "", map[string]any{
			"routeTableId":         idOf(t, r, typeRouteTable, "spoke-genomics-rt-eu-central-1b"),
			"destinationCidrBlock": "10.20.0.0/19", "vpcPeeringConnectionId": "pcx-1"})
	}
	runMutations(t, base, []mutation{
		{name: "unchanged"},
		{"clinical routes 10.0.0.0/8 to the TGW", wide, Options{},
			func(p Path) bool { return p.Check == CheckSpokeToSpoke && p.From == "spoke-clinical" }, "tgw-route", nil},
		{"genomics peers with clinical", peering, Options{},
			func(p Path) bool { return p.Check == CheckSpokeToSpoke && p.From == "spoke-genomics" }, "route", nil},
		{name: "the pair is allowed", mutate: wide, opts: Options{AllowedSpokePairs: [][2]string{{"genomics", "clinical"}}}},
	})
}

// TestRealJobGroupsReachThemselves: every spoke's job group (security.JobSecurityGroup,
// "jobs-<spoke>") reaches itself on all traffic, and a mutation of its real rules breaks that
// group's path alone; the groups admit nothing from the corporate network.
func TestRealJobGroupsReachThemselves(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		stack  string
		groups []string
	}{
		{"dev", []string{"jobs-research"}},
		{"prod", []string{"jobs-clinical", "jobs-genomics"}},
	} {
		t.Run(tc.stack, func(t *testing.T) {
			t.Parallel()
			base, cfg := runStack(t, tc.stack)
			opts := OptionsFromConfig(cfg)
			r := mustAnalyze(t, base, opts)
			var got []string
			for _, p := range r.Paths {
				if p.Check == CheckJobSelf {
					got = append(got, p.From)
					assert.Equal(t, p.From, p.To)
					assert.Equal(t, Reachable, p.Verdict, p.Describe())
				}
			}
			assert.ElementsMatch(t, tc.groups, got, "one job-self path per spoke's job group")

			first, last := tc.groups[0], tc.groups[len(tc.groups)-1]
			cidr := cfg.Corporate.Cidrs[0]
			runMutations(t, base, []mutation{
				{name: "unchanged", opts: opts},
				{"no egress to itself", func(t *testing.T, r *recorder.Recording) { drop(t, r, egress, first+"-all-out") },
					opts, checkFrom(CheckJobSelf, first), "sg-egress", nil},
				{"no ingress from itself", func(t *testing.T, r *recorder.Recording) { drop(t, r, ingress, last+"-all-in") },
					opts, checkFrom(CheckJobSelf, last), "sg-ingress", nil},
				{"only TCP from itself", func(t *testing.T, r *recorder.Recording) {
					set(t, r, ingress, first+"-all-in", "ipProtocol", resource.NewStringProperty("tcp"))
				}, opts, checkFrom(CheckJobSelf, first), "sg-ingress", nil},
				{"egress to another group, not itself", func(t *testing.T, r *recorder.Recording) {
					set(t, r, egress, last+"-all-out", "referencedSecurityGroupId", resource.NewStringProperty(idOf(t, r, typeSG, "hub-endpoints")))
				}, opts, checkFrom(CheckJobSelf, last), "sg-egress", nil},
				{"the job group admits HTTPS from the corporate network", func(t *testing.T, r *recorder.Recording) {
					add(r, ingress, first+"-corporate-in", "rule-job-corp", "", map[string]any{
						"securityGroupId": idOf(t, r, typeSG, first), "ipProtocol": "tcp", "fromPort": 443, "toPort": 443, "cidrIpv4": cidr})
				}, opts, checkTo(CheckCorporateOther, first), "sg-ingress", nil},
			})
		})
	}
}

func TestRoleHeuristics(t *testing.T) {
	t.Parallel()
	rec := &recorder.Recording{}
	hub := addComponent(rec, "vpconly:network:EndpointHub", "hub")
	spoke := addComponent(rec, "vpconly:network:SpokeVpc", "spoke-x")
	studio := addComponent(rec, "vpconly:security:StudioSecurityGroups", "studio-x")
	batch := addComponent(rec, "acme:ml:BatchJobs", "batch")
	add(rec, typeVpc, "hub-vpc", "vpc-h", hub, map[string]any{"cidrBlock": "10.0.0.0/24"})
	add(rec, typeVpc, "spoke-x-vpc", "vpc-s", spoke, map[string]any{"cidrBlock": "10.1.0.0/24"})
	add(rec, typeSG, "hub-endpoints", "sg-e", hub, map[string]any{"vpcId": "vpc-h"})
	add(rec, typeSG, "studio-x-domain", "sg-st", studio, map[string]any{"vpcId": "vpc-s"})
	add(rec, typeSG, "runner", "sg-j1", batch, map[string]any{"vpcId": "vpc-s"})       // by component type
	add(rec, typeSG, "spoke-x-jobs", "sg-j2", spoke, map[string]any{"vpcId": "vpc-s"}) // by name token
	add(rec, typeSG, "jobless-name", "sg-n", spoke, map[string]any{"vpcId": "vpc-s"})  // "jobless" is not "job"
	add(rec, typeSG, "other", "sg-o", spoke, map[string]any{"vpcId": "vpc-s"})
	add(rec, typeVpcEndpoint, "hub-sts", "vpce-1", hub, map[string]any{"vpcId": "vpc-h", "vpcEndpointType": "Interface",
		"serviceName": "com.amazonaws.us-east-1.sts", "securityGroupIds": []any{"sg-e"}})
	m := newModel(rec)
	assert.Equal(t, "hub", m.vpcs["vpc-h"].role)
	assert.Equal(t, "spoke", m.vpcs["vpc-s"].role)
	assert.Equal(t, "spoke-x", m.vpcs["vpc-s"].component)
	for id, role := range map[string]string{"sg-e": "endpoint", "sg-st": "studio", "sg-j1": "job", "sg-j2": "job", "sg-n": "", "sg-o": ""} {
		assert.Equal(t, role, m.sgs[id].role, id)
	}
	assert.True(t, m.endpoints[0].hub)
}

func TestAnalyzeRejectsBadOptions(t *testing.T) {
	t.Parallel()
	_, err := Analyze(&recorder.Recording{}, Options{CorporateCidrs: []string{"10.100.0.0/16", "10.300.0.0/16", "fd00::/8"},
		CorporateEndpoints: []string{""}})
	require.Error(t, err)
	assert.ErrorContains(t, err, `CorporateCidrs[1] "10.300.0.0/16"`)
	assert.ErrorContains(t, err, `CorporateCidrs[2] "fd00::/8"`)
	assert.ErrorContains(t, err, "CorporateEndpoints[0]")
}
