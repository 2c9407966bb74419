package components

import (
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

func netHubArgs(azs int) *EndpointHubArgs {
	return &EndpointHubArgs{
		Region:            "us-east-1",
		CidrBlock:         "10.0.0.0/20",
		AvailabilityZones: append([]string(nil), netAZs[:azs]...),
		SpokeCidrs:        map[string]string{"ml": "10.1.0.0/16", "data": "10.2.0.0/16"},
		Tags:              map[string]string{"team": "platform"},
	}
}

func netRunHub(t *testing.T, args *EndpointHubArgs, opts ...pulumi.ResourceOption) (*recorder.Recording, error) {
	t.Helper()
	return runDev(t, func(ctx *pulumi.Context) error {
		_, err := NewEndpointHub(ctx, "hub", args, opts...)
		return err
	})
}

func TestEndpointHubResourceCounts(t *testing.T) {
	t.Parallel()
	for _, azs := range []int{2, 3} {
		t.Run(fmt.Sprintf("%dAZ", azs), func(t *testing.T) {
			t.Parallel()
			rec, err := netRunHub(t, netHubArgs(azs))
			if !assert.NoError(t, err) {
				return
			}
			eps := len(RequiredEndpointKeys())
			assert.Equal(t, map[string]int{
				EndpointHubType: 1, typeVpc: 1, typeSubnet: azs, typeRouteTable: azs, typeRouteTableAssociation: azs,
				typeSecurityGroup: 1, typeIngressRule: 3, // hub + 2 spokes
				typeVpcEndpoint: eps, typeZone: eps, typeRecord: eps,
				typeTransitGateway: 1, typeTgwRouteTable: 1, typeTgwAttachment: 1, typeTgwAssociation: 1, typeTgwPropagation: 1,
				typeRoute: 2 * azs, // one per spoke per AZ
			}, countTypes(rec))
			for _, typ := range netForbidden {
				assert.Empty(t, rec.ByType(typ), typ)
			}
		})
	}
}

func TestEndpointHubHasNoInternetPath(t *testing.T) {
	t.Parallel()
	args := netHubArgs(3)
	rec, err := netRunHub(t, args)
	if !assert.NoError(t, err) {
		return
	}
	vpc := findOne(t, rec, typeVpc, "hub-vpc")
	for _, attr := range []string{"enableDnsSupport", "enableDnsHostnames"} {
		b, set := inputBool(vpc, attr)
		assert.True(t, set && b, attr)
	}
	want, _ := SubnetCidrs(args.CidrBlock, DefaultSubnetPrefix(20, 3), 3)
	for i, az := range args.AvailabilityZones {
		sn := findOne(t, rec, typeSubnet, "hub-subnet-"+az)
		b, set := inputBool(sn, "mapPublicIpOnLaunch")
		assert.True(t, set && !b, "%s must set mapPublicIpOnLaunch false", sn.Name)
		assert.Equal(t, az, inputString(sn, "availabilityZone"))
		assert.Equal(t, want[i], inputString(sn, "cidrBlock"))
		assert.Equal(t, vpc.ID, inputString(sn, "vpcId"))
		rta := findOne(t, rec, typeRouteTableAssociation, "hub-rta-"+az)
		assert.Equal(t, sn.ID, inputString(rta, "subnetId"))
		assert.Equal(t, findOne(t, rec, typeRouteTable, "hub-rt-"+az).ID, inputString(rta, "routeTableId"))
	}
	for _, rt := range rec.ByType(typeRouteTable) {
		assert.True(t, rt.Input("routes").IsNull() || len(rt.Input("routes").ArrayValue()) == 0, "%s has inline routes", rt.Name)
	}
	tgw := findOne(t, rec, typeTransitGateway, "hub-tgw")
	attach := findOne(t, rec, typeTgwAttachment, "hub-tgw-attachment")
	for spoke, cidr := range args.SpokeCidrs {
		for _, az := range args.AvailabilityZones {
			r := findOne(t, rec, typeRoute, "hub-to-"+spoke+"-"+az)
			assert.Equal(t, cidr, inputString(r, "destinationCidrBlock"))
			assert.Equal(t, tgw.ID, inputString(r, "transitGatewayId"))
			assert.Equal(t, findOne(t, rec, typeRouteTable, "hub-rt-"+az).ID, inputString(r, "routeTableId"))
			assert.Contains(t, r.Dependencies, attach.URN, "route waits for the attachment")
		}
	}
	for _, r := range rec.ByType(typeRoute) {
		assert.NotEqual(t, "0.0.0.0/0", inputString(r, "destinationCidrBlock"), r.Name)
		assert.Empty(t, inputString(r, "destinationIpv6CidrBlock"), r.Name)
		for _, other := range []string{"gatewayId", "natGatewayId", "egressOnlyGatewayId", "networkInterfaceId", "vpcPeeringConnectionId"} {
			assert.Empty(t, inputString(r, other), "%s %s", r.Name, other)
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
			args := netHubArgs(2)
			args.SpokeCidrs = tc.spokes
			rec, err := netRunHub(t, args)
			if !assert.NoError(t, err) {
				return
			}
			sg := findOne(t, rec, typeSecurityGroup, "hub-endpoints")
			assert.True(t, sg.Input("ingress").IsNull(), "no inline ingress")
			assert.True(t, sg.Input("egress").IsNull(), "no inline egress")
			assert.Empty(t, rec.ByType(typeEgressRule), "an endpoint SG needs no egress")
			assert.Empty(t, rec.ByType(typeSecurityGroupRule))
			got := map[string]string{}
			for _, r := range rec.ByType(typeIngressRule) {
				got[r.Name] = inputString(r, "cidrIpv4")
				assert.Equal(t, sg.ID, inputString(r, "securityGroupId"))
				assert.Equal(t, "tcp", inputString(r, "ipProtocol"))
				assert.Equal(t, 443.0, inputNumber(r, "fromPort"))
				assert.Equal(t, 443.0, inputNumber(r, "toPort"))
				assert.Empty(t, inputString(r, "cidrIpv6"))
				assert.NotEqual(t, "0.0.0.0/0", inputString(r, "cidrIpv4"))
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestEndpointHubEndpoints(t *testing.T) {
	t.Parallel()
	args := netHubArgs(2)
	args.Endpoints = CatalogKeys()
	rec, err := netRunHub(t, args)
	if !assert.NoError(t, err) {
		return
	}
	sg := findOne(t, rec, typeSecurityGroup, "hub-endpoints")
	subnets := []string{findOne(t, rec, typeSubnet, "hub-subnet-us-east-1a").ID, findOne(t, rec, typeSubnet, "hub-subnet-us-east-1b").ID}
	assert.Len(t, rec.ByType(typeVpcEndpoint), len(CatalogKeys()))
	for _, key := range CatalogKeys() {
		svc, _ := LookupEndpoint(key)
		ep := findOne(t, rec, typeVpcEndpoint, "hub-"+key)
		assert.Equal(t, svc.ServiceName("us-east-1"), inputString(ep, "serviceName"))
		assert.Equal(t, "Interface", inputString(ep, "vpcEndpointType"))
		b, set := inputBool(ep, "privateDnsEnabled")
		assert.True(t, set && !b, "%s: privateDnsEnabled must be false", key)
		assert.Equal(t, []string{sg.ID}, recorder.Strings(ep.Input("securityGroupIds")), key)
		assert.Equal(t, subnets, recorder.Strings(ep.Input("subnetIds")), key)
		assert.Equal(t, findOne(t, rec, typeVpc, "hub-vpc").ID, inputString(ep, "vpcId"))
		if svc.PolicySupported {
			assert.NotEmpty(t, inputString(ep, "policy"), "%s supports policies", key)
		} else {
			assert.Empty(t, inputString(ep, "policy"), "%s does not support policies", key)
		}
	}
}

func TestEndpointHubZonesAnswerEveryHostname(t *testing.T) {
	t.Parallel()
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		t.Run(region, func(t *testing.T) {
			t.Parallel()
			args := netHubArgs(2)
			args.Region = region
			args.AvailabilityZones = []string{region + "a", region + "b"}
			args.Endpoints = CatalogKeys()
			rec, err := netRunHub(t, args)
			if !assert.NoError(t, err) {
				return
			}
			vpc := findOne(t, rec, typeVpc, "hub-vpc")
			recordsByZone := map[string][]recorder.Resource{}
			for _, r := range rec.ByType(typeRecord) {
				recordsByZone[inputString(r, "zoneId")] = append(recordsByZone[inputString(r, "zoneId")], r)
			}
			assert.Len(t, rec.ByType(typeZone), len(CatalogKeys()))
			for _, key := range CatalogKeys() {
				svc, _ := LookupEndpoint(key)
				zone := findOne(t, rec, typeZone, "hub-"+key+"-zone")
				assert.Equal(t, svc.ZoneName(region), inputString(zone, "name"))
				assert.Equal(t, vpc.ID, inputString(zone, "vpcs.0.vpcId"), "created with the hub VPC inline")
				assert.Equal(t, region, inputString(zone, "vpcs.0.vpcRegion"))
				assert.Contains(t, zone.IgnoreChanges, "vpcs", "spokes use ZoneAssociation")
				recs := recordsByZone[zone.ID]
				if !assert.Len(t, recs, 1, "%s: exactly one record", key) {
					continue
				}
				r := recs[0]
				ep := findOne(t, rec, typeVpcEndpoint, "hub-"+key)
				assert.Equal(t, svc.RecordName(region), inputString(r, "name"))
				if svc.Wildcard {
					assert.Equal(t, "*."+svc.ZoneName(region), inputString(r, "name"))
				} else {
					assert.Equal(t, inputString(zone, "name"), inputString(r, "name"), "apex record")
				}
				assert.Equal(t, "A", inputString(r, "type"))
				assert.Equal(t, outputString(ep, "dnsEntries.0.dnsName"), inputString(r, "aliases.0.name"))
				assert.Equal(t, outputString(ep, "dnsEntries.0.hostedZoneId"), inputString(r, "aliases.0.zoneId"))
				b, set := inputBool(r, "aliases.0.evaluateTargetHealth")
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
			args := netHubArgs(2)
			args.AccountId, args.OrganizationId = tc.account, tc.org
			rec, err := netRunHub(t, args)
			if !assert.NoError(t, err) {
				return
			}
			for _, ep := range rec.ByType(typeVpcEndpoint) {
				d := netParse(t, inputString(ep, "policy"))
				if !assert.Len(t, d.Statement, 1, ep.Name) {
					continue
				}
				s := d.Statement[0]
				assert.Equal(t, "Allow", s.Effect)
				assert.Equal(t, map[string]map[string]any{"StringEquals": {tc.key: tc.value}}, s.Condition, ep.Name)
				assert.True(t, iamAllows(t, d, "sagemaker:CreatePresignedDomainUrl", "arn:aws:sagemaker:us-east-1:1:user-profile/d/u", tc.insider))
				assert.False(t, iamAllows(t, d, "sagemaker:CreatePresignedDomainUrl", "arn:aws:sagemaker:us-east-1:1:user-profile/d/u", tc.outsider))
				assert.False(t, iamAllows(t, d, "sts:GetCallerIdentity", "*", tc.otherKeyOnly), "the other condition key alone is not enough")
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
			args := netHubArgs(2)
			tc.mutate(args)
			rec, err := netRunHub(t, args)
			assertRejected(t, rec, err, tc.errHas...)
		})
	}
	t.Run("nil args", func(t *testing.T) {
		t.Parallel()
		rec, err := netRunHub(t, nil)
		assert.ErrorContains(t, err, `EndpointHub "hub": args is not set`)
		assert.Empty(t, rec.ByType(EndpointHubType))
	})
	t.Run("valid args pass", func(t *testing.T) {
		t.Parallel()
		args := netHubArgs(3)
		args.SubnetPrefixLength = 24
		args.OrganizationId = "o-abcdefghij"
		_, err := netRunHub(t, args)
		assert.NoError(t, err)
	})
}

func TestEndpointHubProviderAndParents(t *testing.T) {
	t.Parallel()
	for _, tc := range providerOptions {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := runWithExplicitProvider(t, "us-east-1", func(ctx *pulumi.Context, p *aws.Provider) error {
				_, err := NewEndpointHub(ctx, "hub", netHubArgs(2), tc.opt(p))
				return err
			})
			if !assert.NoError(t, err) {
				return
			}
			assertChildrenInherit(t, rec, EndpointHubType, "hub", 35)
		})
	}
}

func TestEndpointHubOutputs(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	got := map[string]any{}
	var ref HubRef
	rec, err := runDev(t, func(ctx *pulumi.Context) error {
		hub, err := NewEndpointHub(ctx, "hub", netHubArgs(2))
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
	assert.Equal(t, findOne(t, rec, typeVpc, "hub-vpc").ID, got["vpc"])
	assert.Equal(t, "10.0.0.0/20", got["cidr"])
	assert.Equal(t, netIDsInAZOrder(t, rec, typeSubnet, "hub-subnet-", netAZs[:2]), got["subnets"])
	assert.Equal(t, []string{findOne(t, rec, typeRouteTable, "hub-rt-us-east-1a").ID, findOne(t, rec, typeRouteTable, "hub-rt-us-east-1b").ID}, got["rts"])
	assert.Equal(t, findOne(t, rec, typeSecurityGroup, "hub-endpoints").ID, got["sg"])
	assert.Equal(t, findOne(t, rec, typeTransitGateway, "hub-tgw").ID, got["tgw"])
	assert.Equal(t, findOne(t, rec, typeTgwRouteTable, "hub-tgw-rt").ID, got["tgwrt"])
	assert.Equal(t, findOne(t, rec, typeTgwAttachment, "hub-tgw-attachment").ID, got["attach"])
	wantEPs, wantZones := map[string]string{}, map[string]string{}
	for _, k := range RequiredEndpointKeys() {
		wantEPs[k] = findOne(t, rec, typeVpcEndpoint, "hub-"+k).ID
		wantZones[k] = findOne(t, rec, typeZone, "hub-"+k+"-zone").ID
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
	rec, err := netRunHub(t, netHubArgs(2))
	if !assert.NoError(t, err) {
		return
	}
	for _, typ := range []string{typeVpc, typeSubnet, typeRouteTable, typeSecurityGroup, typeIngressRule, typeVpcEndpoint, typeZone, typeTransitGateway, typeTgwRouteTable, typeTgwAttachment} {
		for _, r := range rec.ByType(typ) {
			assert.Equal(t, "platform", inputString(r, "tags.team"), "%s %s", typ, r.Name)
			assert.Equal(t, r.Name, inputString(r, "tags.Name"), "%s %s", typ, r.Name)
		}
	}
}

func TestEndpointHubTransitGateway(t *testing.T) {
	t.Parallel()
	rec, err := netRunHub(t, netHubArgs(2))
	if !assert.NoError(t, err) {
		return
	}
	tgw := findOne(t, rec, typeTransitGateway, "hub-tgw")
	for attr, want := range map[string]string{"defaultRouteTableAssociation": "disable", "defaultRouteTablePropagation": "disable",
		"dnsSupport": "enable", "autoAcceptSharedAttachments": "disable"} {
		assert.Equal(t, want, inputString(tgw, attr), attr)
	}
	rt := findOne(t, rec, typeTgwRouteTable, "hub-tgw-rt")
	assert.Equal(t, tgw.ID, inputString(rt, "transitGatewayId"))
	attach := findOne(t, rec, typeTgwAttachment, "hub-tgw-attachment")
	assert.Equal(t, tgw.ID, inputString(attach, "transitGatewayId"))
	assert.Equal(t, findOne(t, rec, typeVpc, "hub-vpc").ID, inputString(attach, "vpcId"))
	assert.Equal(t, netIDsInAZOrder(t, rec, typeSubnet, "hub-subnet-", netAZs[:2]), recorder.Strings(attach.Input("subnetIds")))
	for _, attr := range []string{"transitGatewayDefaultRouteTableAssociation", "transitGatewayDefaultRouteTablePropagation"} {
		b, set := inputBool(attach, attr)
		assert.True(t, set && !b, attr)
	}
	for _, r := range []recorder.Resource{findOne(t, rec, typeTgwAssociation, "hub-tgw-association"), findOne(t, rec, typeTgwPropagation, "hub-tgw-propagation")} {
		assert.Equal(t, attach.ID, inputString(r, "transitGatewayAttachmentId"), r.Name)
		assert.Equal(t, rt.ID, inputString(r, "transitGatewayRouteTableId"), r.Name)
	}
}
