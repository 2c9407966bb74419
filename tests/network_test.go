package tests

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/components"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
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
	for _, stack := range stackFiles(t) {
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

func TestEverySpokeRouteTableRoutesTheHubViaTheTransitGateway(t *testing.T) {
	t.Parallel()
	for _, stack := range stackFiles(t) {
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
					if str(r.Input("destinationCidrBlock")) == cfg.Hub.CIDR && str(r.Input("transitGatewayId")) != "" {
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
	for _, stack := range stackFiles(t) {
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
	for _, stack := range stackFiles(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			byService := map[string]recorder.Resource{}
			for _, e := range rec.ByType(tokEndpoint) {
				byService[str(e.Input("serviceName"))] = e
			}
			for _, key := range cfg.Hub.Endpoints {
				svc, ok := components.LookupEndpoint(key)
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
	for _, stack := range stackFiles(t) {
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

func TestEveryResourceUsesTheTaggedExplicitProvider(t *testing.T) {
	t.Parallel()
	for _, stack := range stackFiles(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			provs := rec.ByType("pulumi:providers:aws")
			if !assert.Len(t, provs, 1) {
				return
			}
			p := provs[0]
			assert.Equal(t, cfg.Region, str(p.Input("region")))
			tags := p.Input("defaultTags.tags")
			for k, want := range cfg.Tags.Map() {
				assert.Equal(t, want, str(recorder.Lookup(tags.ObjectValue(), k)), "default tag %s", k)
			}
			for _, r := range rec.Resources {
				if r.Custom && strings.HasPrefix(r.Type, "aws:") {
					assert.True(t, strings.HasPrefix(r.Provider, p.URN+"::"), "%s %s uses provider %q", r.Type, r.Name, r.Provider)
				}
			}
		})
	}
}
