package policies

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
)

// policyCase is one evaluation: the resources, the policies that must fire (and no other), and
// substrings the messages must or must not contain.
type policyCase struct {
	name     string
	rs       []Resource
	cfg      *Config
	want     []string
	contains []string
	absent   []string
}

func runCases(t *testing.T, cases []policyCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := DefaultConfig()
			if tc.cfg != nil {
				cfg = *tc.cfg
			}
			vs := Evaluate(tc.rs, cfg)
			assert.Equal(t, tc.want, fired(vs), "%v", vs)
			var msgs []string
			urns := map[string]bool{}
			for _, r := range tc.rs {
				urns[r.URN] = true
			}
			for _, v := range vs {
				assert.True(t, urns[v.URN], "violation on a URN of the input: %s", v.URN)
				msgs = append(msgs, v.Message)
			}
			all := strings.Join(msgs, "\n")
			for _, c := range tc.contains {
				assert.Contains(t, all, c)
			}
			for _, c := range tc.absent {
				assert.NotContains(t, all, c)
			}
		})
	}
}

func one(r Resource) []Resource { return []Resource{r} }

// tagged adds the FinOps tags so that required-tags stays silent.
func tagged(r Resource) Resource {
	r.Properties = r.Properties.Set("tags", goodTags)
	return r
}

var num = func(f float64) property.Value { return property.New(f) }

// Class 1: public addresses on compute and interfaces, and global IPv6.
func TestPublicAddresses(t *testing.T) {
	t.Parallel()
	ulaCfg := DefaultConfig()
	ulaCfg.IPv6CIDRs = mustPrefixes([]string{"fc00::/7", "2600:1f18::/32"})
	runCases(t, []policyCase{
		{name: "instance with public ip", rs: one(tagged(res(typeInstance, "vm", "subnetId", s("subnet-1"), "associatePublicIpAddress", b(true)))),
			want: []string{"no-public-ip"}, contains: []string{"associatePublicIpAddress is true"}},
		{name: "instance with public ip as secret string", rs: one(tagged(res(typeInstance, "vm", "subnetId", s("subnet-1"), "associatePublicIpAddress", secret(s("TRUE"))))),
			want: []string{"no-public-ip"}, contains: []string{"associatePublicIpAddress is [secret]"}, absent: []string{"TRUE"}},
		{name: "instance private", rs: one(tagged(res(typeInstance, "vm", "subnetId", unk, "associatePublicIpAddress", b(false)))), want: nil},
		{name: "instance unknown flag", rs: one(tagged(res(typeInstance, "vm", "subnetId", s("subnet-1"), "associatePublicIpAddress", unk))), want: nil},
		{name: "launch template string boolean beside unknown", rs: one(tagged(res(typeLaunchTemplate, "lt",
			"networkInterfaces", arr(obj("associatePublicIpAddress", unk), obj("associatePublicIpAddress", s("True")))))),
			want: []string{"no-public-ip"}, contains: []string{`networkInterfaces[1].associatePublicIpAddress is "True"`}, absent: []string{"networkInterfaces[0]"}},
		{name: "launch template carrier ip", rs: one(tagged(res(typeLaunchTemplate, "lt", "networkInterfaces", arr(obj("associateCarrierIpAddress", s("true")))))),
			want: []string{"no-public-ip"}, contains: []string{"associateCarrierIpAddress"}},
		{name: "launch template private", rs: one(tagged(res(typeLaunchTemplate, "lt", "networkInterfaces", arr(obj("associatePublicIpAddress", s("false")))))), want: nil},
		{name: "ecs service public", rs: one(tagged(res(typeEcsService, "svc", "networkConfiguration", obj("assignPublicIp", b(true), "subnets", arr(unk))))),
			want: []string{"no-public-ip"}, contains: []string{"networkConfiguration.assignPublicIp is true"}},
		{name: "ecs task set private", rs: one(tagged(res(typeEcsTaskSet, "ts", "networkConfiguration", obj("assignPublicIp", b(false))))), want: nil},
		{name: "spot fleet public", rs: one(tagged(res(typeSpotFleetRequest, "fleet", "launchSpecifications", arr(obj("associatePublicIpAddress", b(true)))))),
			want: []string{"no-public-ip"}},
		{name: "eip association", rs: one(res(typeEipAssociation, "assoc", "networkInterfaceId", s("eni-1"), "allocationId", s("eipalloc-1"))),
			want: []string{"no-elastic-ip"}},
		// global IPv6
		{name: "vpc with amazon ipv6", rs: one(tagged(res(typeVpc, "vpc", "cidrBlock", s("10.0.0.0/16"), "assignGeneratedIpv6CidrBlock", b(true)))),
			want: []string{"no-global-ipv6"}, contains: []string{"assignGeneratedIpv6CidrBlock is true"}},
		{name: "vpc with ula ipv6", rs: one(tagged(res(typeVpc, "vpc", "ipv6CidrBlock", s("fd00:1::/56"), "assignGeneratedIpv6CidrBlock", b(false)))), want: nil},
		{name: "vpc with configured gua ipv6", rs: one(tagged(res(typeVpc, "vpc", "ipv6CidrBlock", s("2600:1f18:1::/56")))), cfg: &ulaCfg, want: nil},
		{name: "ipv6 association from byoip pool", rs: one(res(typeVpcIpv6Association, "a", "vpcId", s("vpc-1"), "ipv6Pool", s("ipv6pool-ec2-1"))),
			want: []string{"no-global-ipv6"}, contains: []string{"BYOIP"}},
		{name: "subnet with gua ipv6, secret", rs: one(tagged(res(typeSubnet, "sub", "ipv6CidrBlock", secret(s("2600:1f18:1:1::/64")), "assignIpv6AddressOnCreation", b(true)))),
			want: []string{"no-global-ipv6"}, contains: []string{"ipv6CidrBlock is [secret]"}},
		{name: "subnet unknown ipv6", rs: one(tagged(res(typeSubnet, "sub", "ipv6CidrBlock", unk, "assignIpv6AddressOnCreation", b(true)))), want: nil},
		{name: "instance gua address beside unknown", rs: one(tagged(res(typeInstance, "vm", "subnetId", s("subnet-1"), "ipv6Addresses", arr(unk, s("2600:1f18::10"))))),
			want: []string{"no-global-ipv6"}, contains: []string{"ipv6Addresses[1]"}, absent: []string{"ipv6Addresses[0]"}},
		{name: "network interface ula address", rs: one(tagged(res(typeNetworkInterface, "eni", "subnetId", s("subnet-1"), "ipv6Addresses", strs("fd00::10")))), want: nil},
		{name: "network interface gua prefix", rs: one(tagged(res(typeNetworkInterface, "eni", "subnetId", s("subnet-1"), "ipv6Prefixes", strs("2a05:d018::/80")))),
			want: []string{"no-global-ipv6"}},
	})
}

// Class 2: other internet-facing gateways and targets.
func TestGatewaysAndTargets(t *testing.T) {
	t.Parallel()
	list := func(cidrs ...string) Resource {
		var es []property.Value
		for _, c := range cidrs {
			es = append(es, obj("cidr", s(c)))
		}
		r := tagged(res(typeManagedPrefixList, "pl", "addressFamily", s("IPv4"), "maxEntries", num(5), "entries", arr(es...)))
		r.ID = "pl-0123"
		return r
	}
	route := res(typeRoute, "r", "routeTableId", s("rtb-1"), "destinationPrefixListId", s("pl-0123"), "transitGatewayId", s("tgw-1"))
	sg := tagged(res(typeSecurityGroup, "sg", "vpcId", s("vpc-1"), "egress", arr(obj("prefixListIds", strs("pl-0123")))))
	entry := res(typeManagedPrefixListEntry, "e", "prefixListId", s("pl-0123"), "cidr", s("0.0.0.0/0"))
	runCases(t, []policyCase{
		{name: "carrier gateway", rs: one(tagged(res(typeCarrierGateway, "cagw", "vpcId", s("vpc-1")))),
			want: []string{"no-internet-gateway"}, contains: []string{"carrier gateways"}},
		{name: "route to carrier gateway", rs: one(res(typeRoute, "r", "destinationCidrBlock", s("10.9.0.0/16"), "carrierGatewayId", s("cagw-1"))),
			want: []string{"no-internet-route"}, contains: []string{`carrierGatewayId is "cagw-1"`}},
		{name: "inline route to carrier gateway", rs: one(tagged(res(typeRouteTable, "rt", "vpcId", s("vpc-1"), "routes", arr(obj("cidrBlock", s("10.9.0.0/16"), "carrierGatewayId", s("cagw-1")))))),
			want: []string{"no-internet-route"}, contains: []string{"routes[0].carrierGatewayId"}},
		{name: "igw id in a different case", rs: one(res(typeRoute, "r", "destinationCidrBlock", s("10.9.0.0/16"), "gatewayId", s("IGW-1"))),
			want: []string{"no-internet-route"}},
		{name: "tgw blackhole default route is hardening", rs: one(res(typeTgwRoute, "drop", "destinationCidrBlock", s("0.0.0.0/0"), "blackhole", b(true))), want: nil},
		{name: "tgw blackhole as string", rs: one(res(typeTgwRoute, "drop", "destinationCidrBlock", s("0.0.0.0/0"), "blackhole", s("TRUE"))), want: nil},
		{name: "tgw default route not blackhole", rs: one(res(typeTgwRoute, "fwd", "destinationCidrBlock", s("0.0.0.0/0"), "blackhole", b(false), "transitGatewayAttachmentId", s("tgw-attach-1"))),
			want: []string{"no-internet-route"}},
		{name: "route to prefix list with world range", rs: []Resource{list("10.0.0.0/8", "0.0.0.0/0"), route},
			want: []string{"no-internet-prefix-list"}, contains: []string{`entries[1].cidr is "0.0.0.0/0"`, `aws:ec2/route:Route "r" uses the list`}},
		{name: "sg using prefix list with public range", rs: []Resource{list("52.94.0.0/16"), sg},
			want: []string{"no-internet-prefix-list"}, contains: []string{"egress[0].prefixListIds"}},
		{name: "secret world entry", rs: []Resource{list("10.0.0.0/8"), res(typeManagedPrefixListEntry, "e", "prefixListId", s("pl-0123"), "cidr", secret(s("0.0.0.0/0"))), sg},
			want: []string{"no-internet-prefix-list"}, contains: []string{"cidr is [secret]"}, absent: []string{"0.0.0.0/0"}},
		{name: "secret carrier gateway target", rs: one(res(typeRoute, "r", "destinationCidrBlock", s("10.9.0.0/16"), "carrierGatewayId", secret(s("cagw-1")))),
			want: []string{"no-internet-route"}, contains: []string{"carrierGatewayId is [secret]"}},
		{name: "world prefix list nobody uses", rs: []Resource{list("0.0.0.0/0")}, want: nil},
		{name: "private prefix list used", rs: []Resource{list("10.0.0.0/8"), route, sg}, want: nil},
		{name: "entry resource with world range, used by preview dependency", rs: func() []Resource {
			l := list("10.0.0.0/8")
			e := entry
			e.Properties = e.Properties.Set("prefixListId", unk)
			e.PropertyDependencies = map[string][]string{"prefixListId": {l.URN}}
			r := route
			r.Properties = r.Properties.Set("destinationPrefixListId", unk)
			r.PropertyDependencies = map[string][]string{"destinationPrefixListId": {l.URN}}
			return []Resource{l, e, r}
		}(), want: []string{"no-internet-prefix-list"}, contains: []string{`aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry "e": cidr is "0.0.0.0/0"`}},
		{name: "inline route and rule through a world list, preview", rs: func() []Resource {
			l := list("0.0.0.0/0")
			rt := tagged(res(typeRouteTable, "rt", "vpcId", s("vpc-1"), "routes", arr(obj("destinationPrefixListId", unk, "transitGatewayId", s("tgw-1")))))
			rt.PropertyDependencies = map[string][]string{"routes": {l.URN}}
			return []Resource{l, rt}
		}(), want: []string{"no-internet-prefix-list"}, contains: []string{`aws:ec2/routeTable:RouteTable "rt" uses the list (routes[0].destinationPrefixListId)`}},
		{name: "inline rule with unknown list and no dependency", rs: func() []Resource {
			g := tagged(res(typeSecurityGroup, "sg", "vpcId", s("vpc-1"), "egress", arr(obj("prefixListIds", arr(unk)))))
			return []Resource{list("0.0.0.0/0"), g}
		}(), want: nil},
		{name: "prefix list entry unknown", rs: []Resource{list("10.0.0.0/8", "x"), func() Resource {
			e := entry
			e.Properties = e.Properties.Set("cidr", unk)
			return e
		}(), route}, want: nil},
	})
}

// Class 3: internet-facing entry points.
func TestEntryPoints(t *testing.T) {
	t.Parallel()
	ep := func(name string, r Resource, bad bool, contains ...string) policyCase {
		c := policyCase{name: name, rs: one(tagged(r)), contains: contains}
		if bad {
			c.want = []string{"no-internet-entry-point"}
		}
		return c
	}
	runCases(t, []policyCase{
		ep("alb default scheme", res(typeLB, "alb", "subnets", strs("subnet-1")), true, "internet-facing by default"),
		ep("alb internal", res(typeLB, "alb", "internal", b(true)), false),
		ep("alb internal unknown", res(typeALB, "alb", "internal", unk), true),
		ep("nlb internet-facing, secret", res(typeLB, "nlb", "internal", secret(b(false)), "loadBalancerType", s("network")), true, "internal is [secret]"),
		ep("gateway load balancer", res(typeLB, "gwlb", "loadBalancerType", s("Gateway")), false),
		ep("classic elb", res(typeELB, "elb", "internal", s("false")), true),
		ep("global accelerator", res(typeGlobalAccelerator, "ga", "name", s("ga")), true, "anycast"),
		ep("function url without auth", res(typeFunctionURL, "url", "authorizationType", s("NONE"), "functionName", unk), true, `authorizationType is "NONE"`),
		ep("function url iam, lower case", res(typeFunctionURL, "url", "authorizationType", s("aws_iam")), false),
		ep("function url unknown auth", res(typeFunctionURL, "url", "authorizationType", unk), true),
		ep("rest api default", res(typeRestAPI, "api", "name", s("x")), true, "EDGE"),
		ep("rest api regional", res(typeRestAPI, "api", "endpointConfiguration", obj("types", s("REGIONAL"))), true),
		ep("rest api private list", res(typeRestAPI, "api", "endpointConfiguration", obj("types", strs("private"))), false),
		ep("http api", res(typeAPIv2, "http", "protocolType", s("HTTP")), true),
		ep("instance connect endpoint", res(typeInstanceConnectEndpoint, "eice", "subnetId", s("subnet-1")), true, "Session Manager"),
		ep("public rds", res(typeRdsInstance, "db", "dbSubnetGroupName", s("g"), "publiclyAccessible", b(true)), true),
		ep("private rds", res(typeRdsInstance, "db", "dbSubnetGroupName", s("g"), "publiclyAccessible", b(false)), false),
		ep("public opensearch", res(typeOpenSearchDomain, "search"), true, "vpcOptions is unset"),
		ep("transfer server default", res(typeTransferServer, "sftp"), true, "PUBLIC"),
		ep("transfer vpc with eips", res(typeTransferServer, "sftp", "endpointType", s("VPC"), "endpointDetails", obj("addressAllocationIds", strs("eipalloc-1"))), true),
		ep("transfer vpc", res(typeTransferServer, "sftp", "endpointType", s("vpc"), "endpointDetails", obj("subnetIds", strs("subnet-1"))), false),
		ep("appsync default", res(typeAppSync, "gql"), true),
		ep("app runner private", res(typeAppRunner, "ar", "networkConfiguration", obj("ingressConfiguration", obj("isPubliclyAccessible", b(false)))), false),
		ep("cloudfront", res(typeCloudFront, "cdn"), true),
		{name: "client vpn route to the world", rs: one(res(typeClientVpnRoute, "vpnr", "destinationCidrBlock", s("0.0.0.0/0"), "clientVpnEndpointId", unk)),
			want: []string{"no-internet-route"}, contains: []string{"whole internet"}},
		{name: "client vpn route to the landing zone", rs: one(res(typeClientVpnRoute, "vpnr", "destinationCidrBlock", s("10.0.0.0/8"))), want: nil},
		{name: "client vpn authorization to the world", rs: one(res(typeClientVpnAuthorization, "auth", "targetNetworkCidr", s("0.0.0.0/0"))),
			want: []string{"no-internet-entry-point"}},
	})
}

// Class 4: compute outside the VPC.
func TestComputeInVpc(t *testing.T) {
	t.Parallel()
	regulatedCfg := DefaultConfig()
	yes := true
	regulatedCfg.Regulated = &yes
	vpcCfg := obj("subnets", strs("subnet-1"), "securityGroupIds", strs("sg-1"))
	pipeline := func(def string) Resource {
		return tagged(res(typePipeline, "pipe", "pipelineName", s("p"), "pipelineDefinition", s(def)))
	}
	runCases(t, []policyCase{
		{name: "lambda without vpc", rs: one(tagged(res(typeLambda, "fn", "role", unk))),
			want: []string{"compute-in-vpc"}, contains: []string{"vpcConfig is unset"}},
		{name: "lambda in vpc", rs: one(tagged(res(typeLambda, "fn", "vpcConfig", obj("subnetIds", arr(unk), "securityGroupIds", strs("sg-1"))))), want: nil},
		{name: "lambda empty subnets beside unknown sgs", rs: one(tagged(res(typeLambda, "fn", "vpcConfig", obj("subnetIds", arr(), "securityGroupIds", unk)))),
			want: []string{"compute-in-vpc"}, contains: []string{"vpcConfig.subnetIds is []"}, absent: []string{"securityGroupIds"}},
		{name: "data quality job without network", rs: one(tagged(res(typeDataQualityJob, "dq", "roleArn", s("arn")))),
			want: []string{"compute-in-vpc"}, contains: []string{"networkConfig is unset"}},
		{name: "data quality job in vpc", rs: one(tagged(res(typeDataQualityJob, "dq", "networkConfig", obj("vpcConfig", vpcCfg)))), want: nil},
		{name: "regulated job without isolation", rs: one(tagged(res(typeDataQualityJob, "dq", "networkConfig", obj("vpcConfig", vpcCfg)))),
			cfg: &regulatedCfg, want: []string{"compute-in-vpc"}, contains: []string{"networkConfig.enableNetworkIsolation is null in a regulated stack"}},
		{name: "regulated job isolated", rs: one(tagged(res(typeDataQualityJob, "dq", "networkConfig", obj("vpcConfig", vpcCfg, "enableNetworkIsolation", b(true))))),
			cfg: &regulatedCfg, want: nil},
		{name: "pipeline training step without vpc", rs: one(pipeline(`{"Version":"2020-12-01","Steps":[{"Name":"Train","Type":"Training","Arguments":{"AlgorithmSpecification":{}}}]}`)),
			want: []string{"compute-in-vpc"}, contains: []string{`pipelineDefinition step "Train" (Training) Arguments.VpcConfig is unset`}},
		{name: "pipeline processing step in condition without network", rs: one(pipeline(`{"Steps":[{"Name":"Check","Type":"Condition","Arguments":{"IfSteps":[{"Name":"Prep","Type":"Processing","Arguments":{}}],"ElseSteps":[]}}]}`)),
			want: []string{"compute-in-vpc"}, contains: []string{`step "Prep" (Processing) Arguments.NetworkConfig is unset`}},
		{name: "pipeline steps in vpc, parameters unknown", rs: one(pipeline(`{"Steps":[
			{"Name":"Train","Type":"Training","Arguments":{"VpcConfig":{"Subnets":{"Get":"Parameters.Subnets"},"SecurityGroupIds":["sg-1"]}}},
			{"Name":"Prep","Type":"Processing","Arguments":{"NetworkConfig":{"VpcConfig":{"Subnets":["subnet-1"],"SecurityGroupIds":["sg-1"]}}}},
			{"Name":"Tune","Type":"Tuning","Arguments":{"TrainingJobDefinition":{"VpcConfig":{"Subnets":["subnet-1"],"SecurityGroupIds":["sg-1"]}}}},
			{"Name":"Score","Type":"Transform","Arguments":{"ModelName":"m"}}]}`)), want: nil},
		{name: "pipeline step type in another case", rs: one(pipeline(`{"Steps":[{"Name":"P","Type":"PROCESSING","Arguments":{"NetworkConfig":{"VpcConfig":{"Subnets":["s"],"SecurityGroupIds":[]}}}}]}`)),
			want: []string{"compute-in-vpc"}, contains: []string{"NetworkConfig.VpcConfig.SecurityGroupIds is []"}},
		{name: "pipeline model step with empty subnets", rs: one(pipeline(`{"Steps":[{"Name":"M","Type":"Model","Arguments":{"VpcConfig":{"Subnets":[],"SecurityGroupIds":["sg-1"]}}}]}`)),
			want: []string{"compute-in-vpc"}, contains: []string{"Arguments.VpcConfig.Subnets is []"}},
		{name: "pipeline secret definition", rs: one(tagged(res(typePipeline, "pipe", "pipelineDefinition", secret(s(`{"Steps":[{"Name":"Secret-Name","Type":"Training","Arguments":{}}]}`))))),
			want: []string{"compute-in-vpc"}, absent: []string{"Secret-Name"}},
		{name: "pipeline unknown or invalid definition", rs: []Resource{tagged(res(typePipeline, "a", "pipelineDefinition", unk)),
			tagged(res(typePipeline, "b", "pipelineDefinition", s("{not json")))}, want: nil},
	})
}

// Class 6 and issue 14: account backstops.
func TestAccountBackstops(t *testing.T) {
	t.Parallel()
	runCases(t, []policyCase{
		{name: "block public access off", rs: one(res(typeBPAOptions, "bpa", "internetGatewayBlockMode", s("off"))),
			want: []string{"vpc-block-public-access"}, contains: []string{`internetGatewayBlockMode is "off"`}},
		{name: "block public access OFF, secret", rs: one(res(typeBPAOptions, "bpa", "internetGatewayBlockMode", secret(s("OFF")))),
			want: []string{"vpc-block-public-access"}, contains: []string{"[secret]"}},
		{name: "block public access bidirectional", rs: one(res(typeBPAOptions, "bpa", "internetGatewayBlockMode", s("block-bidirectional"))), want: nil},
		{name: "block public access ingress", rs: one(res(typeBPAOptions, "bpa", "internetGatewayBlockMode", s("Block-Ingress"))), want: []string{"vpc-block-public-access"}},
		{name: "block public access unknown", rs: one(res(typeBPAOptions, "bpa", "internetGatewayBlockMode", unk)), want: []string{"vpc-block-public-access"}},
		{name: "exclusion without reason", rs: one(tagged(res(typeBPAExclusion, "ex", "vpcId", s("vpc-1"), "internetGatewayExclusionMode", s("allow-egress")))),
			want: []string{"vpc-block-public-access"}, contains: []string{`"exclusion-reason" tag`}},
		{name: "exclusion with blank reason", rs: one(res(typeBPAExclusion, "ex", "subnetId", s("subnet-1"),
			"tags", obj("owner", s("o"), "cost-center", s("c"), "data-sensitivity", s("internal"), "exclusion-reason", s(" ")))),
			want: []string{"vpc-block-public-access"}},
		{name: "exclusion with reason", rs: one(res(typeBPAExclusion, "ex", "subnetId", s("subnet-1"),
			"tags", obj("owner", s("o"), "cost-center", s("c"), "data-sensitivity", s("internal"), "exclusion-reason", secret(s("vendor VPN")))))},
		{name: "exclusion with unknown tags", rs: one(res(typeBPAExclusion, "ex", "subnetId", s("subnet-1"), "tags", unk))},
		{name: "dns firewall fail open", rs: one(res(typeResolverFirewallConfig, "fw", "resourceId", unk, "firewallFailOpen", s("ENABLED"))),
			want: []string{"dns-firewall-fail-closed"}, contains: []string{`firewallFailOpen is "ENABLED"`}},
		{name: "dns firewall fail open lower case", rs: one(res(typeResolverFirewallConfig, "fw", "firewallFailOpen", s("enabled"))),
			want: []string{"dns-firewall-fail-closed"}},
		{name: "dns firewall fail closed", rs: one(res(typeResolverFirewallConfig, "fw", "resourceId", s("vpc-1"), "firewallFailOpen", s("DISABLED"))), want: nil},
		{name: "dns firewall default", rs: one(res(typeResolverFirewallConfig, "fw", "resourceId", s("vpc-1"))), want: nil},
	})
}

// Class 7 and the default VPC.
func TestComputePrivateVpcAndDefaultVpc(t *testing.T) {
	t.Parallel()
	vpc := tagged(res(typeVpc, "spoke"))
	vpc.ID = "vpc-spoke"
	sub := tagged(res(typeSubnet, "spoke-a", "vpcId", s("vpc-spoke")))
	sub.ID = "subnet-a"
	igw := tagged(res(typeInternetGateway, "igw", "vpcId", s("vpc-spoke")))
	defSub := tagged(res(typeDefaultSubnet, "def", "availabilityZone", s("us-east-1a"), "mapPublicIpOnLaunch", b(false)))
	defSub.ID = "subnet-def"
	nb := func(subnet property.Value) Resource {
		return tagged(res(typeNotebookInstance, "nb", "directInternetAccess", s("Disabled"), "subnetId", subnet))
	}
	fn := func(subnet property.Value) Resource {
		return tagged(res(typeLambda, "fn", "vpcConfig", obj("subnetIds", arr(subnet), "securityGroupIds", strs("sg-1"))))
	}
	previewFn := fn(unk)
	previewFn.PropertyDependencies = map[string][]string{"vpcConfig": {sub.URN}}
	runCases(t, []policyCase{
		{name: "notebook in a vpc with an igw", rs: []Resource{vpc, sub, igw, nb(s("subnet-a"))},
			want: []string{"compute-private-vpc", "no-internet-gateway"}, contains: []string{`subnetId belong to VPC aws:ec2/vpc:Vpc "spoke"`}},
		{name: "lambda in a vpc with an igw, by preview dependency", rs: []Resource{vpc, sub, igw, previewFn},
			want: []string{"compute-private-vpc", "no-internet-gateway"}, contains: []string{"vpcConfig.subnetIds"}},
		{name: "lambda in a private vpc", rs: []Resource{vpc, sub, fn(s("subnet-a"))}, want: nil},
		{name: "model in a default subnet", rs: []Resource{defSub, tagged(res(typeModel, "m", "vpcConfig", obj("subnets", strs("subnet-def"), "securityGroupIds", strs("sg"))))},
			want: []string{"compute-private-vpc"}, contains: []string{"the default VPC"}},
		{name: "job definition in an igw vpc", rs: []Resource{vpc, sub, igw, tagged(res(typeDataQualityJob, "dq", "networkConfig", obj("vpcConfig", obj("subnets", strs("subnet-a"), "securityGroupIds", strs("sg")))))},
			want: []string{"compute-private-vpc", "no-internet-gateway"}},
		{name: "secret subnet id still links", rs: []Resource{vpc, sub, igw, nb(secret(s("subnet-a")))},
			want: []string{"compute-private-vpc", "no-internet-gateway"}},
		{name: "external subnet cannot be decided", rs: []Resource{nb(s("subnet-elsewhere"))}, want: nil},
		{name: "instance without subnet uses the default vpc", rs: one(tagged(res(typeInstance, "vm", "ami", s("ami-1")))),
			want: []string{"no-default-vpc"}, contains: []string{"subnetId is unset"}},
		{name: "instance with unknown subnet", rs: one(tagged(res(typeInstance, "vm", "subnetId", unk))), want: nil},
		{name: "security group without vpc", rs: one(tagged(res(typeSecurityGroup, "sg"))), want: []string{"no-default-vpc"}, contains: []string{"vpcId is unset"}},
		{name: "rds without subnet group", rs: one(tagged(res(typeRdsInstance, "db", "publiclyAccessible", b(false)))), want: []string{"no-default-vpc"}},
	})
}

// The three false positives of the issue are gone, and their near misses still fail.
func TestFalsePositivesRemoved(t *testing.T) {
	t.Parallel()
	ep := tagged(res(typeVpcEndpoint, "ep", "vpcEndpointType", s("Interface"), "serviceName", s("com.amazonaws.us-east-1.sts")))
	ep.ID = "vpce-1"
	assoc := res(typeSecurityGroupAssoc, "ep-sg", "vpcEndpointId", s("vpce-1"), "securityGroupId", s("sg-1"))
	previewAssoc := res(typeSecurityGroupAssoc, "ep-sg", "vpcEndpointId", unk, "securityGroupId", unk)
	previewAssoc.PropertyDependencies = map[string][]string{"vpcEndpointId": {ep.URN}}
	otherAssoc := res(typeSecurityGroupAssoc, "other", "vpcEndpointId", s("vpce-other"), "securityGroupId", s("sg-1"))

	vpc := tagged(res(typeVpc, "vpc", "cidrBlock", s("10.0.0.0/16"), "ipv6CidrBlock", s("2600:1f18:aa:bb00::/56")))
	vpc.ID = "vpc-1"
	sg := func(cidr string) Resource {
		r := tagged(res(typeSecurityGroup, "sg", "vpcId", s("vpc-1"), "ingress", arr(obj("ipv6CidrBlocks", strs(cidr)))))
		r.ID = "sg-1"
		return r
	}
	rule := tagged(res(typeSGIngressRule, "in6", "securityGroupId", s("sg-1"), "cidrIpv6", s("2600:1f18:aa:bb01::/64")))
	ipv6Cfg := DefaultConfig()
	ipv6Cfg.IPv6CIDRs = mustPrefixes([]string{"fc00::/7", "2600:1f18::/32"}) // the VPC's range may be global here
	runCases(t, []policyCase{
		{name: "blackhole default route", rs: one(res(typeTgwRoute, "drop", "destinationCidrBlock", s("0.0.0.0/0"), "blackhole", b(true), "transitGatewayRouteTableId", s("tgw-rtb-1")))},
		{name: "endpoint with sg association", rs: []Resource{ep, assoc}},
		{name: "endpoint with sg association in preview", rs: []Resource{ep, previewAssoc}},
		{name: "endpoint with an association to another endpoint", rs: []Resource{ep, otherAssoc},
			want: []string{"vpc-interface-endpoint-security-groups"}, contains: []string{"no aws:ec2/securityGroupAssociation attaches one"}},
		{name: "sg naming the vpc's own ipv6 range", rs: []Resource{vpc, sg("2600:1f18:aa:bb00::/64"), rule}, cfg: &ipv6Cfg},
		{name: "sg naming a foreign ipv6 range", rs: []Resource{vpc, sg("2001:4860::/32")}, cfg: &ipv6Cfg,
			want: []string{"no-external-ipv6-security-group"}, contains: []string{`ingress[0].ipv6CidrBlocks[0] is "2001:4860::/32"`}},
		{name: "sg rule naming a foreign ipv6 range", rs: []Resource{vpc, sg("fd00::/8"), tagged(res(typeSGEgressRule, "out6", "securityGroupId", s("sg-1"), "cidrIpv6", s("2001:db8::/32")))}, cfg: &ipv6Cfg,
			want: []string{"no-external-ipv6-security-group"}, contains: []string{`cidrIpv6 is "2001:db8::/32"`}},
		{name: "sg naming ::/0 is still the world", rs: []Resource{vpc, sg("::/0")}, cfg: &ipv6Cfg, want: []string{"no-open-security-group"}},
		{name: "vpc ipv6 range unknown: cannot decide", rs: func() []Resource {
			v := tagged(res(typeVpc, "vpc", "assignGeneratedIpv6CidrBlock", b(true)))
			v.ID = "vpc-1"
			return []Resource{v, sg("2600:1f18:aa:bb00::/64")}
		}(), want: []string{"no-global-ipv6"}},
	})
}
