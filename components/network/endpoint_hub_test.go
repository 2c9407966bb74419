package network

import (
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

func NetHubArgs(azs int) *EndpointHubArgs {
	return &EndpointHubArgs{
		Region:            "us-east-1",
		CidrBlock:         "10.0.0.0/20",
		AvailabilityZones: append([]string(nil), componenttest.NetAZs[:azs]...),
		SpokeCidrs:        map[string]string{"ml": "10.1.0.0/16", "data": "10.2.0.0/16"},
		Tags:              map[string]string{"team": "platform"},
	}
}

func NetRunHub(t *testing.T, args *EndpointHubArgs, opts ...pulumi.ResourceOption) (*recorder.Recording, error) {
	t.Helper()
	return componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		_, err := NewEndpointHub(ctx, "hub", args, opts...)
		return err
	})
}

func TestEndpointHubResourceCounts(t *testing.T) {
	t.Parallel()
	for _, azs := range []int{2, 3} {
		t.Run(fmt.Sprintf("%dAZ", azs), func(t *testing.T) {
			t.Parallel()
			rec, err := NetRunHub(t, NetHubArgs(azs))
			if !assert.NoError(t, err) {
				return
			}
			eps := len(RequiredEndpointKeys())
			assert.Equal(t, map[string]int{
				EndpointHubType: 1, componenttest.TypeVpc: 1, componenttest.TypeSubnet: azs, componenttest.TypeRouteTable: azs, componenttest.TypeRouteTableAssociation: azs,
				componenttest.TypeSecurityGroup: 1, componenttest.TypeIngressRule: 3, // hub + 2 spokes
				componenttest.TypeVpcEndpoint: eps, componenttest.TypeZone: eps, componenttest.TypeRecord: eps,
				componenttest.TypeTransitGateway: 1, componenttest.TypeTgwRouteTable: 1, componenttest.TypeTgwAttachment: 1, componenttest.TypeTgwAssociation: 1, componenttest.TypeTgwPropagation: 1,
				componenttest.TypeRoute: 2 * azs, // one per spoke per AZ
			}, componenttest.CountTypes(rec))
			for _, typ := range componenttest.NetForbidden {
				assert.Empty(t, rec.ByType(typ), typ)
			}
		})
	}
}

func TestEndpointHubHasNoInternetPath(t *testing.T) {
	t.Parallel()
	args := NetHubArgs(3)
	rec, err := NetRunHub(t, args)
	if !assert.NoError(t, err) {
		return
	}
	vpc := componenttest.FindOne(t, rec, componenttest.TypeVpc, "hub-vpc")
	for _, attr := range []string{"enableDnsSupport", "enableDnsHostnames"} {
		b, set := componenttest.InputBool(vpc, attr)
		assert.True(t, set && b, attr)
	}
	want, _ := SubnetCidrs(args.CidrBlock, DefaultSubnetPrefix(20, 3), 3)
	for i, az := range args.AvailabilityZones {
		sn := componenttest.FindOne(t, rec, componenttest.TypeSubnet, "hub-subnet-"+az)
		b, set := componenttest.InputBool(sn, "mapPublicIpOnLaunch")
		assert.True(t, set && !b, "%s must set mapPublicIpOnLaunch false", sn.Name)
		assert.Equal(t, az, componenttest.InputString(sn, "availabilityZone"))
		assert.Equal(t, want[i], componenttest.InputString(sn, "cidrBlock"))
		assert.Equal(t, vpc.ID, componenttest.InputString(sn, "vpcId"))
		rta := componenttest.FindOne(t, rec, componenttest.TypeRouteTableAssociation, "hub-rta-"+az)
		assert.Equal(t, sn.ID, componenttest.InputString(rta, "subnetId"))
		assert.Equal(t, componenttest.FindOne(t, rec, componenttest.TypeRouteTable, "hub-rt-"+az).ID, componenttest.InputString(rta, "routeTableId"))
	}
	for _, rt := range rec.ByType(componenttest.TypeRouteTable) {
		assert.True(t, rt.Input("routes").IsNull() || len(rt.Input("routes").ArrayValue()) == 0, "%s has inline routes", rt.Name)
	}
	tgw := componenttest.FindOne(t, rec, componenttest.TypeTransitGateway, "hub-tgw")
	attach := componenttest.FindOne(t, rec, componenttest.TypeTgwAttachment, "hub-tgw-attachment")
	for spoke, cidr := range args.SpokeCidrs {
		for _, az := range args.AvailabilityZones {
			r := componenttest.FindOne(t, rec, componenttest.TypeRoute, "hub-to-"+spoke+"-"+az)
			assert.Equal(t, cidr, componenttest.InputString(r, "destinationCidrBlock"))
			assert.Equal(t, tgw.ID, componenttest.InputString(r, "transitGatewayId"))
			assert.Equal(t, componenttest.FindOne(t, rec, componenttest.TypeRouteTable, "hub-rt-"+az).ID, componenttest.InputString(r, "routeTableId"))
			assert.Contains(t, r.Dependencies, attach.URN, "route waits for the attachment")
		}
	}
	for _, r := range rec.ByType(componenttest.TypeRoute) {
		assert.NotEqual(t, "0.0.0.0/0", componenttest.InputString(r, "destinationCidrBlock"), r.Name)
		assert.Empty(t, componenttest.InputString(r, "destinationIpv6CidrBlock"), r.Name)
		for _, other := range []string{"gatewayId", "natGatewayId", "egressOnlyGatewayId", "networkInterfaceId", "vpcPeeringConnectionId"} {
			assert.Empty(t, componenttest.InputString(r, other), "%s %s", r.Name, other)
		}
	}
}

func TestEndpointHubSecurityGroupAdmitsOnlyHttpsFromKnownCidrs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		spokes map[string]string
		want   map[string]string // rule name -> CIDR
	}{
		{"no spokes", nil, map[string]string{"hub-https-from-hub": "10.0.0.0/20"}},
		{"two spokes", map[string]string{"ml": "10.1.0.0/16", "data": "10.2.0.0/16"}, map[string]string{
			"hub-https-from-hub": "10.0.0.0/20", "hub-https-from-spoke-ml": "10.1.0.0/16", "hub-https-from-spoke-data": "10.2.0.0/16"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := NetHubArgs(2)
			args.SpokeCidrs = tc.spokes
			rec, err := NetRunHub(t, args)
			if !assert.NoError(t, err) {
				return
			}
			sg := componenttest.FindOne(t, rec, componenttest.TypeSecurityGroup, "hub-endpoints")
			assert.True(t, sg.Input("ingress").IsNull(), "no inline ingress")
			assert.True(t, sg.Input("egress").IsNull(), "no inline egress")
			assert.Empty(t, rec.ByType(componenttest.TypeEgressRule), "an endpoint SG needs no egress")
			assert.Empty(t, rec.ByType(componenttest.TypeSecurityGroupRule))
			got := map[string]string{}
			for _, r := range rec.ByType(componenttest.TypeIngressRule) {
				got[r.Name] = componenttest.InputString(r, "cidrIpv4")
				assert.Equal(t, sg.ID, componenttest.InputString(r, "securityGroupId"))
				assert.Equal(t, "tcp", componenttest.InputString(r, "ipProtocol"))
				assert.Equal(t, 443.0, componenttest.InputNumber(r, "fromPort"))
				assert.Equal(t, 443.0, componenttest.InputNumber(r, "toPort"))
				assert.Empty(t, componenttest.InputString(r, "cidrIpv6"))
				assert.NotEqual(t, "0.0.0.0/0", componenttest.InputString(r, "cidrIpv4"))
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestEndpointHubEndpoints(t *testing.T) {
	t.Parallel()
	args := NetHubArgs(2)
	args.Endpoints = CatalogKeys()
	rec, err := NetRunHub(t, args)
	if !assert.NoError(t, err) {
		return
	}
	sg := componenttest.FindOne(t, rec, componenttest.TypeSecurityGroup, "hub-endpoints")
	subnets := []string{componenttest.FindOne(t, rec, componenttest.TypeSubnet, "hub-subnet-us-east-1a").ID, componenttest.FindOne(t, rec, componenttest.TypeSubnet, "hub-subnet-us-east-1b").ID}
	assert.Len(t, rec.ByType(componenttest.TypeVpcEndpoint), len(CatalogKeys()))
	for _, key := range CatalogKeys() {
		svc, _ := LookupEndpoint(key)
		ep := componenttest.FindOne(t, rec, componenttest.TypeVpcEndpoint, "hub-"+key)
		assert.Equal(t, svc.ServiceName("us-east-1"), componenttest.InputString(ep, "serviceName"))
		assert.Equal(t, "Interface", componenttest.InputString(ep, "vpcEndpointType"))
		b, set := componenttest.InputBool(ep, "privateDnsEnabled")
		assert.True(t, set && !b, "%s: privateDnsEnabled must be false", key)
		assert.Equal(t, []string{sg.ID}, recorder.Strings(ep.Input("securityGroupIds")), key)
		assert.Equal(t, subnets, recorder.Strings(ep.Input("subnetIds")), key)
		assert.Equal(t, componenttest.FindOne(t, rec, componenttest.TypeVpc, "hub-vpc").ID, componenttest.InputString(ep, "vpcId"))
		if svc.PolicySupported {
			assert.NotEmpty(t, componenttest.InputString(ep, "policy"), "%s supports policies", key)
		} else {
			assert.Empty(t, componenttest.InputString(ep, "policy"), "%s does not support policies", key)
		}
	}
}

func TestEndpointHubZonesAnswerEveryHostname(t *testing.T) {
	t.Parallel()
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		t.Run(region, func(t *testing.T) {
			t.Parallel()
			args := NetHubArgs(2)
			args.Region = region
			args.AvailabilityZones = []string{region + "a", region + "b"}
			args.Endpoints = CatalogKeys()
			rec, err := NetRunHub(t, args)
			if !assert.NoError(t, err) {
				return
			}
			vpc := componenttest.FindOne(t, rec, componenttest.TypeVpc, "hub-vpc")
			recordsByZone := map[string][]recorder.Resource{}
			for _, r := range rec.ByType(componenttest.TypeRecord) {
				recordsByZone[componenttest.InputString(r, "zoneId")] = append(recordsByZone[componenttest.InputString(r, "zoneId")], r)
			}
			assert.Len(t, rec.ByType(componenttest.TypeZone), len(CatalogKeys()))
			for _, key := range CatalogKeys() {
				svc, _ := LookupEndpoint(key)
				zone := componenttest.FindOne(t, rec, componenttest.TypeZone, "hub-"+key+"-zone")
				assert.Equal(t, svc.ZoneName(region), componenttest.InputString(zone, "name"))
				assert.Equal(t, vpc.ID, componenttest.InputString(zone, "vpcs.0.vpcId"), "created with the hub VPC inline")
				assert.Equal(t, region, componenttest.InputString(zone, "vpcs.0.vpcRegion"))
				assert.Contains(t, zone.IgnoreChanges, "vpcs", "spokes use ZoneAssociation")
				recs := recordsByZone[zone.ID]
				if !assert.Len(t, recs, 1, "%s: exactly one record", key) {
					continue
				}
				r := recs[0]
				ep := componenttest.FindOne(t, rec, componenttest.TypeVpcEndpoint, "hub-"+key)
				assert.Equal(t, svc.RecordName(region), componenttest.InputString(r, "name"))
				if svc.Wildcard {
					assert.Equal(t, "*."+svc.ZoneName(region), componenttest.InputString(r, "name"))
				} else {
					assert.Equal(t, componenttest.InputString(zone, "name"), componenttest.InputString(r, "name"), "apex record")
				}
				assert.Equal(t, "A", componenttest.InputString(r, "type"))
				assert.Equal(t, componenttest.OutputString(ep, "dnsEntries.0.dnsName"), componenttest.InputString(r, "aliases.0.name"))
				assert.Equal(t, componenttest.OutputString(ep, "dnsEntries.0.hostedZoneId"), componenttest.InputString(r, "aliases.0.zoneId"))
				b, set := componenttest.InputBool(r, "aliases.0.evaluateTargetHealth")
				assert.True(t, set && b, "evaluateTargetHealth")
				assert.True(t, r.Input("records").IsNull(), "alias only")
			}
		})
	}
}

func TestEndpointHubEndpointPolicy(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name         string
		account      pulumi.StringInput
		org          string
		key, value   string
		insider      map[string]string // a caller the policy must admit
		outsider     map[string]string // a caller it must not
		otherKeyOnly map[string]string
	}{
		{"caller account by default", nil, "", "aws:PrincipalAccount", recorder.FakeAccountID,
			map[string]string{"aws:PrincipalAccount": recorder.FakeAccountID},
			map[string]string{"aws:PrincipalAccount": "999999999999"},
			map[string]string{"aws:PrincipalOrgID": "o-abcdefghij"}},
		{"explicit account", pulumi.String("111122223333"), "", "aws:PrincipalAccount", "111122223333",
			map[string]string{"aws:PrincipalAccount": "111122223333"},
			map[string]string{"aws:PrincipalAccount": recorder.FakeAccountID},
			map[string]string{}},
		{"organization", pulumi.String("111122223333"), "o-abcdefghij", "aws:PrincipalOrgID", "o-abcdefghij",
			map[string]string{"aws:PrincipalOrgID": "o-abcdefghij", "aws:PrincipalAccount": "444455556666"},
			map[string]string{"aws:PrincipalOrgID": "o-zzzzzzzzzz", "aws:PrincipalAccount": "111122223333"},
			map[string]string{"aws:PrincipalAccount": "111122223333"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := NetHubArgs(2)
			args.AccountId, args.OrganizationId = tc.account, tc.org
			rec, err := NetRunHub(t, args)
			if !assert.NoError(t, err) {
				return
			}
			for _, ep := range rec.ByType(componenttest.TypeVpcEndpoint) {
				d := componenttest.NetParse(t, componenttest.InputString(ep, "policy"))
				if !assert.Len(t, d.Statement, 1, ep.Name) {
					continue
				}
				s := d.Statement[0]
				assert.Equal(t, "Allow", s.Effect)
				assert.Equal(t, map[string]map[string]any{"StringEquals": {tc.key: tc.value}}, s.Condition, ep.Name)
				assert.True(t, componenttest.IamAllows(t, d, "sagemaker:CreatePresignedDomainUrl", "arn:aws:sagemaker:us-east-1:1:user-profile/d/u", tc.insider))
				assert.False(t, componenttest.IamAllows(t, d, "sagemaker:CreatePresignedDomainUrl", "arn:aws:sagemaker:us-east-1:1:user-profile/d/u", tc.outsider))
				assert.False(t, componenttest.IamAllows(t, d, "sts:GetCallerIdentity", "*", tc.otherKeyOnly), "the other condition key alone is not enough")
			}
		})
	}
}

func TestHubEndpointPolicyNeedsExactlyOnePrincipalScope(t *testing.T) {
	t.Parallel()
	_, err := HubEndpointPolicy("", "")
	assert.ErrorContains(t, err, "want exactly one")
	_, err = HubEndpointPolicy("123456789012", "o-abcdefghij")
	assert.ErrorContains(t, err, `"123456789012"`)
	doc, err := HubEndpointPolicy("123456789012", "")
	assert.NoError(t, err)
	assert.Less(t, len(doc), 20480, "endpoint policy size limit")
}

func TestEndpointHubValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		mutate func(a *EndpointHubArgs)
		errHas []string
	}{
		{"empty region", func(a *EndpointHubArgs) { a.Region = "" }, []string{`EndpointHub "hub": Region = ""`, "AWS Region"}},
		{"bad cidr", func(a *EndpointHubArgs) { a.CidrBlock = "10.0.0.0/33" }, []string{`CidrBlock = "10.0.0.0/33"`}},
		{"host bits", func(a *EndpointHubArgs) { a.CidrBlock = "10.0.0.5/20" }, []string{`"10.0.0.5/20"`, "10.0.0.0/20"}},
		{"vpc too big", func(a *EndpointHubArgs) { a.CidrBlock = "10.0.0.0/8" }, []string{`"10.0.0.0/8"`, "/16 and /28"}},
		{"one AZ", func(a *EndpointHubArgs) { a.AvailabilityZones = []string{"us-east-1a"} }, []string{"AvailabilityZones", "at least 2"}},
		{"duplicate AZ", func(a *EndpointHubArgs) { a.AvailabilityZones = []string{"us-east-1a", "us-east-1a"} },
			[]string{`AvailabilityZones[1] = "us-east-1a"`, "once"}},
		{"AZ of another region", func(a *EndpointHubArgs) { a.AvailabilityZones = []string{"us-east-1a", "eu-west-1b"} },
			[]string{`AvailabilityZones[1] = "eu-west-1b"`, "us-east-1a"}},
		{"unknown endpoint", func(a *EndpointHubArgs) { a.Endpoints = []string{"sagemaker.api", "s3"} },
			[]string{`Endpoints[1] = "s3"`, "sagemaker.api"}},
		{"duplicate endpoint", func(a *EndpointHubArgs) { a.Endpoints = []string{"sts", "sts"} }, []string{`Endpoints[1] = "sts"`, "once"}},
		{"subnets too small", func(a *EndpointHubArgs) {
			a.Endpoints = CatalogKeys() // 15 ENIs + TGW = 16 > 11 usable in a /28
			a.SubnetPrefixLength = 28
		}, []string{"SubnetPrefixLength = 28", "at least 16 usable", "AWS keeps 5"}},
		{"subnets do not fit", func(a *EndpointHubArgs) { a.SubnetPrefixLength = 20 }, []string{"SubnetPrefixLength = 20", "2 subnets", "/21"}},
		{"prefix shorter than vpc", func(a *EndpointHubArgs) { a.SubnetPrefixLength = 19 }, []string{"SubnetPrefixLength = 19", "/20"}},
		{"spoke overlaps hub", func(a *EndpointHubArgs) { a.SpokeCidrs = map[string]string{"ml": "10.0.8.0/24"} },
			[]string{`SpokeCidrs["ml"] = "10.0.8.0/24"`, "10.0.0.0/20"}},
		{"spokes overlap", func(a *EndpointHubArgs) { a.SpokeCidrs = map[string]string{"a": "10.1.0.0/16", "b": "10.1.128.0/17"} },
			[]string{`SpokeCidrs["b"] = "10.1.128.0/17"`, `spoke "a"`}},
		{"bad spoke cidr", func(a *EndpointHubArgs) { a.SpokeCidrs = map[string]string{"ml": "10.1.0.0"} }, []string{`SpokeCidrs["ml"] = "10.1.0.0"`}},
		{"bad spoke name", func(a *EndpointHubArgs) { a.SpokeCidrs = map[string]string{"my spoke": "10.1.0.0/16"} },
			[]string{`SpokeCidrs["my spoke"] = "my spoke"`}},
		{"bad org", func(a *EndpointHubArgs) { a.OrganizationId = "org-1" }, []string{`OrganizationId = "org-1"`, "o-a1b2c3d4e5"}},
		{"all at once", func(a *EndpointHubArgs) {
			a.Region, a.AvailabilityZones, a.Endpoints = "", []string{"x"}, []string{"nope"}
		}, []string{"Region", "AvailabilityZones", `Endpoints[0] = "nope"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := NetHubArgs(2)
			tc.mutate(args)
			rec, err := NetRunHub(t, args)
			componenttest.AssertRejected(t, rec, err, tc.errHas...)
		})
	}
	t.Run("nil args", func(t *testing.T) {
		t.Parallel()
		rec, err := NetRunHub(t, nil)
		assert.ErrorContains(t, err, `EndpointHub "hub": args is not set`)
		assert.Empty(t, rec.ByType(EndpointHubType))
	})
	t.Run("valid args pass", func(t *testing.T) {
		t.Parallel()
		args := NetHubArgs(3)
		args.SubnetPrefixLength = 24
		args.OrganizationId = "o-abcdefghij"
		_, err := NetRunHub(t, args)
		assert.NoError(t, err)
	})
}

func TestEndpointHubProviderAndParents(t *testing.T) {
	t.Parallel()
	for _, tc := range componenttest.ProviderOptions {
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunWithExplicitProvider(t, "us-east-1", func(ctx *pulumi.Context, p *aws.Provider) error {
				_, err := NewEndpointHub(ctx, "hub", NetHubArgs(2), tc.Opt(p))
				return err
			})
			if !assert.NoError(t, err) {
				return
			}
			componenttest.AssertChildrenInherit(t, rec, EndpointHubType, "hub", 35)
		})
	}
}

func TestEndpointHubOutputs(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	got := map[string]any{}
	var ref HubRef
	rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		hub, err := NewEndpointHub(ctx, "hub", NetHubArgs(2))
		if err != nil {
			return err
		}
		ref = hub.Ref()
		refZones, refEndpoints := pulumi.StringMap{}, pulumi.StringMap{}
		for k, v := range ref.ZoneIds {
			refZones[k] = v
		}
		for k, v := range ref.EndpointIds {
			refEndpoints[k] = v
		}
		pulumi.All(hub.VpcId, hub.CidrBlock, hub.SubnetIds, hub.RouteTableIds, hub.EndpointIds, hub.EndpointSecurityGroupId,
			hub.ZoneIds, hub.TransitGatewayId, hub.TransitGatewayRouteTableId, hub.TransitGatewayAttachmentId,
			refZones.ToStringMapOutput(), refEndpoints.ToStringMapOutput(), ref.VpcId, ref.TransitGatewayId,
			ref.TransitGatewayRouteTableId).ApplyT(func(v []any) int {
			mu.Lock()
			defer mu.Unlock()
			for i, k := range []string{"vpc", "cidr", "subnets", "rts", "endpoints", "sg", "zones", "tgw", "tgwrt", "attach",
				"refZones", "refEndpoints", "refVpc", "refTgw", "refTgwRt"} {
				got[k] = v[i]
			}
			return 0
		})
		return nil
	})
	if !assert.NoError(t, err) {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	if !assert.Len(t, got, 15, "outputs resolved") {
		return
	}
	assert.Equal(t, componenttest.FindOne(t, rec, componenttest.TypeVpc, "hub-vpc").ID, got["vpc"])
	assert.Equal(t, "10.0.0.0/20", got["cidr"])
	assert.Equal(t, componenttest.NetIDsInAZOrder(t, rec, componenttest.TypeSubnet, "hub-subnet-", componenttest.NetAZs[:2]), got["subnets"])
	assert.Equal(t, []string{componenttest.FindOne(t, rec, componenttest.TypeRouteTable, "hub-rt-us-east-1a").ID, componenttest.FindOne(t, rec, componenttest.TypeRouteTable, "hub-rt-us-east-1b").ID}, got["rts"])
	assert.Equal(t, componenttest.FindOne(t, rec, componenttest.TypeSecurityGroup, "hub-endpoints").ID, got["sg"])
	assert.Equal(t, componenttest.FindOne(t, rec, componenttest.TypeTransitGateway, "hub-tgw").ID, got["tgw"])
	assert.Equal(t, componenttest.FindOne(t, rec, componenttest.TypeTgwRouteTable, "hub-tgw-rt").ID, got["tgwrt"])
	assert.Equal(t, componenttest.FindOne(t, rec, componenttest.TypeTgwAttachment, "hub-tgw-attachment").ID, got["attach"])
	wantEPs, wantZones := map[string]string{}, map[string]string{}
	for _, k := range RequiredEndpointKeys() {
		wantEPs[k] = componenttest.FindOne(t, rec, componenttest.TypeVpcEndpoint, "hub-"+k).ID
		wantZones[k] = componenttest.FindOne(t, rec, componenttest.TypeZone, "hub-"+k+"-zone").ID
	}
	assert.Equal(t, wantEPs, got["endpoints"])
	assert.Equal(t, wantZones, got["zones"])
	// Ref() is the same hub as one value: plain CIDR, Region and keys, the ids of its resources.
	assert.Equal(t, wantZones, got["refZones"], "Ref().ZoneIds matches ZoneIds")
	assert.Equal(t, wantEPs, got["refEndpoints"], "Ref().EndpointIds matches EndpointIds")
	assert.Equal(t, got["vpc"], got["refVpc"])
	assert.Equal(t, got["tgw"], got["refTgw"])
	assert.Equal(t, got["tgwrt"], got["refTgwRt"])
	assert.Equal(t, "10.0.0.0/20", ref.Cidr)
	assert.Equal(t, "us-east-1", ref.Region)
	assert.Empty(t, ref.Account, "the deploying account")
	assert.Equal(t, RequiredEndpointKeys(), ref.EndpointKeys)
	assert.True(t, sort.StringsAreSorted(ref.EndpointKeys))
}

func TestEndpointHubTags(t *testing.T) {
	t.Parallel()
	rec, err := NetRunHub(t, NetHubArgs(2))
	if !assert.NoError(t, err) {
		return
	}
	for _, typ := range []string{componenttest.TypeVpc, componenttest.TypeSubnet, componenttest.TypeRouteTable, componenttest.TypeSecurityGroup, componenttest.TypeIngressRule, componenttest.TypeVpcEndpoint, componenttest.TypeZone, componenttest.TypeTransitGateway, componenttest.TypeTgwRouteTable, componenttest.TypeTgwAttachment} {
		for _, r := range rec.ByType(typ) {
			assert.Equal(t, "platform", componenttest.InputString(r, "tags.team"), "%s %s", typ, r.Name)
			assert.Equal(t, r.Name, componenttest.InputString(r, "tags.Name"), "%s %s", typ, r.Name)
		}
	}
}

func TestEndpointHubTransitGateway(t *testing.T) {
	t.Parallel()
	rec, err := NetRunHub(t, NetHubArgs(2))
	if !assert.NoError(t, err) {
		return
	}
	tgw := componenttest.FindOne(t, rec, componenttest.TypeTransitGateway, "hub-tgw")
	for attr, want := range map[string]string{"defaultRouteTableAssociation": "disable", "defaultRouteTablePropagation": "disable",
		"dnsSupport": "enable", "autoAcceptSharedAttachments": "disable"} {
		assert.Equal(t, want, componenttest.InputString(tgw, attr), attr)
	}
	rt := componenttest.FindOne(t, rec, componenttest.TypeTgwRouteTable, "hub-tgw-rt")
	assert.Equal(t, tgw.ID, componenttest.InputString(rt, "transitGatewayId"))
	attach := componenttest.FindOne(t, rec, componenttest.TypeTgwAttachment, "hub-tgw-attachment")
	assert.Equal(t, tgw.ID, componenttest.InputString(attach, "transitGatewayId"))
	assert.Equal(t, componenttest.FindOne(t, rec, componenttest.TypeVpc, "hub-vpc").ID, componenttest.InputString(attach, "vpcId"))
	assert.Equal(t, componenttest.NetIDsInAZOrder(t, rec, componenttest.TypeSubnet, "hub-subnet-", componenttest.NetAZs[:2]), recorder.Strings(attach.Input("subnetIds")))
	for _, attr := range []string{"transitGatewayDefaultRouteTableAssociation", "transitGatewayDefaultRouteTablePropagation"} {
		b, set := componenttest.InputBool(attach, attr)
		assert.True(t, set && !b, attr)
	}
	for _, r := range []recorder.Resource{componenttest.FindOne(t, rec, componenttest.TypeTgwAssociation, "hub-tgw-association"), componenttest.FindOne(t, rec, componenttest.TypeTgwPropagation, "hub-tgw-propagation")} {
		assert.Equal(t, attach.ID, componenttest.InputString(r, "transitGatewayAttachmentId"), r.Name)
		assert.Equal(t, rt.ID, componenttest.InputString(r, "transitGatewayRouteTableId"), r.Name)
	}
}
