package policies

import (
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
)

// Builders for property maps.
func s(v string) property.Value { return property.New(v) }
func b(v bool) property.Value   { return property.New(v) }
func arr(vs ...property.Value) property.Value {
	if vs == nil {
		vs = []property.Value{}
	}
	return property.New(vs)
}
func strs(vs ...string) property.Value {
	out := make([]property.Value, len(vs))
	for i, v := range vs {
		out[i] = s(v)
	}
	return arr(out...)
}
func obj(kv ...any) property.Value { return property.New(mp(kv...)) }
func mp(kv ...any) property.Map {
	m := map[string]property.Value{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1].(property.Value)
	}
	return property.NewMap(m)
}
func secret(v property.Value) property.Value { return v.WithSecret(true) }

var unk = property.New(property.Computed)

var goodTags = obj("owner", s("me@example.com"), "cost-center", s("CC-1"), "data-sensitivity", s("internal"))

func res(typ, name string, kv ...any) Resource {
	return Resource{URN: "urn:pulumi:dev::p::" + typ + "::" + name, Type: typ, Name: name, Properties: mp(kv...)}
}

// fired returns the sorted names of the policies that reported on the resources.
func fired(vs []Violation) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range vs {
		if !seen[v.Policy] {
			seen[v.Policy] = true
			out = append(out, v.Policy)
		}
	}
	sort.Strings(out)
	return out
}

func TestResourcePolicies(t *testing.T) {
	t.Parallel()
	privateSubnet := res(typeSubnet, "private-a", "vpcId", s("vpc-1"), "cidrBlock", s("10.1.0.0/24"), "tags", goodTags)
	cases := []struct {
		name     string
		r        Resource
		cfg      *Config
		want     []string // policies that must fire, nothing else
		contains []string // substrings of the messages
		absent   []string // substrings no message may contain
	}{
		// no-nat-gateway
		{name: "nat gateway", r: res(typeNatGateway, "nat-a", "subnetId", s("subnet-1"), "allocationId", s("eipalloc-1"), "tags", goodTags),
			want: []string{"no-nat-gateway"}, contains: []string{`"nat-a"`, `connectivityType unset (default "public")`}},
		{name: "private nat gateway is still a nat gateway", r: res(typeNatGateway, "nat-p", "connectivityType", s("private"), "subnetId", unk, "tags", goodTags),
			want: []string{"no-nat-gateway"}, contains: []string{`connectivityType "private"`}},
		// no-internet-gateway
		{name: "internet gateway", r: res(typeInternetGateway, "igw", "vpcId", s("vpc-1"), "tags", goodTags),
			want: []string{"no-internet-gateway"}, contains: []string{`vpcId "vpc-1"`}},
		{name: "egress-only internet gateway with unknown vpc", r: res(typeEgressOnlyIGW, "eigw", "vpcId", unk, "tags", goodTags),
			want: []string{"no-internet-gateway"}, contains: []string{"[unknown]"}},
		{name: "igw attachment", r: res(typeIGWAttachment, "att", "vpcId", s("vpc-1"), "internetGatewayId", s("igw-1")),
			want: []string{"no-internet-gateway"}},
		{name: "awsx vpc isolated only still brings an igw",
			r: res(typeAwsxVpc, "vpc", "natGateways", obj("strategy", s("None")),
				"subnetSpecs", arr(obj("type", s("Isolated"))), "tags", goodTags),
			want: []string{"no-internet-gateway"}, contains: []string{"always creates and attaches"}},
		{name: "default vpc", r: res(typeDefaultVpc, "default", "tags", goodTags),
			want: []string{"no-internet-gateway"}, contains: []string{"the default VPC comes with an internet gateway"}},
		{name: "awsx default vpc", r: res(typeAwsxDefaultVpc, "default"),
			want: []string{"no-internet-gateway"}, contains: []string{`awsx:ec2:DefaultVpc "default"`}},
		// awsx-vpc-isolated-only
		{name: "awsx vpc defaults", r: res(typeAwsxVpc, "vpc"),
			want: []string{"awsx-vpc-isolated-only", "no-internet-gateway"}, contains: []string{"natGateways.strategy is unset", "subnetSpecs is unset"}},
		{name: "awsx vpc single nat and public subnet",
			r: res(typeAwsxVpc, "vpc", "natGateways", obj("strategy", s("Single")),
				"subnetSpecs", arr(obj("type", s("Isolated")), obj("type", s("Public")))),
			want: []string{"awsx-vpc-isolated-only", "no-internet-gateway"}, contains: []string{`natGateways.strategy is "Single"`, `subnetSpecs[1].type is "Public"`}},
		{name: "awsx vpc unknown strategy, known private spec",
			r:    res(typeAwsxVpc, "vpc", "natGateways", obj("strategy", unk), "subnetSpecs", arr(obj("type", unk), obj("type", s("Private")))),
			want: []string{"awsx-vpc-isolated-only", "no-internet-gateway"}, contains: []string{"subnetSpecs[1].type"}, absent: []string{"strategy", "subnetSpecs[0]"}},
		// no-public-subnet
		{name: "private subnet", r: privateSubnet, want: nil},
		{name: "public subnet", r: res(typeSubnet, "pub", "mapPublicIpOnLaunch", b(true), "tags", goodTags),
			want: []string{"no-public-subnet"}, contains: []string{`"pub"`, "mapPublicIpOnLaunch is true"}},
		{name: "public subnet secret flag", r: res(typeSubnet, "pub", "mapPublicIpOnLaunch", secret(b(true)), "tags", goodTags),
			want: []string{"no-public-subnet"}, contains: []string{"mapPublicIpOnLaunch is [secret]"}},
		{name: "subnet unknown flag", r: res(typeSubnet, "sub", "mapPublicIpOnLaunch", unk, "tags", goodTags), want: nil},
		{name: "default subnet maps public ips", r: res(typeDefaultSubnet, "def", "availabilityZone", s("us-east-1a"), "tags", goodTags),
			want: []string{"no-public-subnet"}, contains: []string{"mapPublicIpOnLaunch is unset"}},
		// no-internet-route
		{name: "route to tgw for private range", r: res(typeRoute, "r", "destinationCidrBlock", s("10.0.0.0/16"), "transitGatewayId", s("tgw-1")), want: nil},
		{name: "default route", r: res(typeRoute, "r", "destinationCidrBlock", s("0.0.0.0/0"), "transitGatewayId", s("tgw-1")),
			want: []string{"no-internet-route"}, contains: []string{`destinationCidrBlock is "0.0.0.0/0"`, "whole internet"}},
		{name: "ipv6 default route, secret", r: res(typeRoute, "r6", "destinationIpv6CidrBlock", secret(s("::/0")), "routeTableId", unk),
			want: []string{"no-internet-route"}, contains: []string{"destinationIpv6CidrBlock is [secret]"}, absent: []string{"::/0\""}},
		{name: "route to public range", r: res(typeRoute, "r", "destinationCidrBlock", s("52.94.0.0/16"), "transitGatewayId", s("tgw-1")),
			want: []string{"no-internet-route"}, contains: []string{"outside the allowed ranges"}},
		{name: "route to public range allowed by config", r: res(typeRoute, "r", "destinationCidrBlock", s("52.94.0.0/16")),
			cfg: &Config{RouteCIDRs: mustPrefixes([]string{"52.94.0.0/15"})}, want: nil},
		{name: "route through igw", r: res(typeRoute, "r", "destinationCidrBlock", s("10.9.0.0/16"), "gatewayId", s("igw-123")),
			want: []string{"no-internet-route"}, contains: []string{`gatewayId is "igw-123"`}},
		{name: "route unknown destination, unknown nat", r: res(typeRoute, "r", "destinationCidrBlock", unk, "natGatewayId", unk), want: nil},
		{name: "route table inline default route", r: res(typeRouteTable, "rt", "vpcId", s("vpc-1"), "tags", goodTags,
			"routes", arr(obj("cidrBlock", s("10.2.0.0/16")), obj("cidrBlock", unk), obj("cidrBlock", s("0.0.0.0/0"), "natGatewayId", s("nat-1")))),
			want: []string{"no-internet-route"}, contains: []string{`routes[2].cidrBlock is "0.0.0.0/0"`, `routes[2].natGatewayId is "nat-1"`}, absent: []string{"routes[0]", "routes[1]"}},
		{name: "transit gateway default route", r: res(typeTgwRoute, "tgwr", "destinationCidrBlock", s("0.0.0.0/0")),
			want: []string{"no-internet-route"}},
		// no-elastic-ip
		{name: "eip", r: res(typeEip, "eip", "domain", s("vpc"), "tags", goodTags), want: []string{"no-elastic-ip"}, contains: []string{`domain "vpc"`}},
		// sagemaker-domain-vpc-only
		{name: "vpc-only domain", r: res(typeDomain, "d", "appNetworkAccessType", s("VpcOnly"), "tags", goodTags,
			"defaultUserSettings", obj("securityGroups", strs("sg-1"), "executionRole", s("arn"))), want: nil},
		{name: "public internet domain", r: res(typeDomain, "d", "appNetworkAccessType", s("PublicInternetOnly"), "tags", goodTags,
			"defaultUserSettings", obj("securityGroups", strs("sg-1"))),
			want: []string{"sagemaker-domain-vpc-only"}, contains: []string{`appNetworkAccessType is "PublicInternetOnly"`}},
		{name: "domain default network access", r: res(typeDomain, "d", "tags", goodTags, "defaultUserSettings", obj("securityGroups", strs("sg-1"))),
			want: []string{"sagemaker-domain-vpc-only"}, contains: []string{"appNetworkAccessType is unset"}},
		{name: "domain without user security groups, unknown access type", r: res(typeDomain, "d", "appNetworkAccessType", unk, "tags", goodTags,
			"defaultUserSettings", obj("executionRole", s("arn"))),
			want: []string{"sagemaker-domain-vpc-only"}, contains: []string{"defaultUserSettings.securityGroups is null"}, absent: []string{"appNetworkAccessType"}},
		{name: "domain with unknown security groups, bad access type", r: res(typeDomain, "d", "appNetworkAccessType", s("PublicInternetOnly"), "tags", goodTags,
			"defaultUserSettings", obj("securityGroups", unk)),
			want: []string{"sagemaker-domain-vpc-only"}, absent: []string{"securityGroups"}},
		{name: "domain with unknown user settings", r: res(typeDomain, "d", "appNetworkAccessType", s("VpcOnly"), "tags", goodTags, "defaultUserSettings", unk), want: nil},
		{name: "domain with empty security groups", r: res(typeDomain, "d", "appNetworkAccessType", s("VpcOnly"), "tags", goodTags,
			"defaultUserSettings", obj("securityGroups", arr())), want: []string{"sagemaker-domain-vpc-only"}, contains: []string{"securityGroups is []"}},
		// sagemaker-domain-retain-home (advisory)
		{name: "domain deletes home", r: res(typeDomain, "d", "appNetworkAccessType", s("VpcOnly"), "tags", goodTags,
			"defaultUserSettings", obj("securityGroups", strs("sg-1")), "retentionPolicy", obj("homeEfsFileSystem", s("Delete"))),
			want: []string{"sagemaker-domain-retain-home"}, contains: []string{`retentionPolicy.homeEfsFileSystem is "Delete"`}},
		{name: "domain retains home explicitly", r: res(typeDomain, "d", "appNetworkAccessType", s("VpcOnly"), "tags", goodTags,
			"defaultUserSettings", obj("securityGroups", strs("sg-1")), "retentionPolicy", obj("homeEfsFileSystem", s("Retain"))), want: nil},
		// sagemaker-notebook-no-direct-internet
		{name: "notebook disabled in subnet", r: res(typeNotebookInstance, "nb", "directInternetAccess", s("Disabled"), "subnetId", unk, "tags", goodTags), want: nil},
		{name: "notebook default access", r: res(typeNotebookInstance, "nb", "subnetId", s("subnet-1"), "tags", goodTags),
			want: []string{"sagemaker-notebook-no-direct-internet"}, contains: []string{"directInternetAccess is unset"}},
		{name: "notebook enabled no subnet", r: res(typeNotebookInstance, "nb", "directInternetAccess", s("Enabled"), "tags", goodTags),
			want: []string{"sagemaker-notebook-no-direct-internet"}, contains: []string{`directInternetAccess is "Enabled"`, "subnetId is unset"}},
		// sagemaker-model-vpc
		{name: "model in vpc", r: res(typeModel, "m", "tags", goodTags, "vpcConfig", obj("subnets", strs("subnet-1"), "securityGroupIds", arr(unk))), want: nil},
		{name: "model without vpc", r: res(typeModel, "m", "tags", goodTags, "executionRoleArn", unk),
			want: []string{"sagemaker-model-vpc"}, contains: []string{`"m"`, "vpcConfig is unset"}},
		{name: "model with empty subnets", r: res(typeModel, "m", "tags", goodTags, "vpcConfig", obj("subnets", arr(), "securityGroupIds", unk)),
			want: []string{"sagemaker-model-vpc"}, contains: []string{"vpcConfig.subnets is []"}, absent: []string{"securityGroupIds"}},
		{name: "regulated model without isolation", r: res(typeModel, "m", "vpcConfig", obj("subnets", strs("s"), "securityGroupIds", strs("sg")),
			"tags", obj("owner", s("o"), "cost-center", s("c"), "data-sensitivity", s("regulated"))),
			want: []string{"sagemaker-model-vpc"}, contains: []string{"enableNetworkIsolation is null in a regulated stack"}},
		{name: "regulated by provider default tags (JSON string)", r: withProvider(res(typeModel, "m", "enableNetworkIsolation", b(false),
			"vpcConfig", obj("subnets", strs("s"), "securityGroupIds", strs("sg"))),
			mp("defaultTags", s(`{"tags":{"owner":"o","cost-center":"c","data-sensitivity":"regulated"}}`))),
			want: []string{"sagemaker-model-vpc"}, contains: []string{"enableNetworkIsolation is false"}},
		{name: "regulated isolated model", r: res(typeModel, "m", "enableNetworkIsolation", b(true), "vpcConfig", obj("subnets", strs("s"), "securityGroupIds", strs("sg")),
			"tags", obj("owner", s("o"), "cost-center", s("c"), "data-sensitivity", s("regulated"))), want: nil},
		{name: "regulated override by config", r: res(typeModel, "m", "tags", goodTags, "vpcConfig", obj("subnets", strs("s"), "securityGroupIds", strs("sg"))),
			cfg:  func() *Config { c := DefaultConfig(); t := true; c.Regulated = &t; return &c }(),
			want: []string{"sagemaker-model-vpc"}, contains: []string{"enableNetworkIsolation"}},
		{name: "unknown sensitivity cannot decide isolation", r: res(typeModel, "m", "vpcConfig", obj("subnets", strs("s"), "securityGroupIds", strs("sg")),
			"tags", obj("owner", s("o"), "cost-center", s("c"), "data-sensitivity", unk)), want: nil},
		// vpc-interface-endpoint-security-groups
		{name: "interface endpoint with sg", r: res(typeVpcEndpoint, "ep", "vpcEndpointType", s("Interface"), "securityGroupIds", strs("sg-1"), "tags", goodTags), want: nil},
		{name: "interface endpoint without sg", r: res(typeVpcEndpoint, "ep", "vpcEndpointType", s("Interface"), "serviceName", s("com.amazonaws.us-east-1.sts"), "tags", goodTags),
			want: []string{"vpc-interface-endpoint-security-groups"}, contains: []string{"securityGroupIds is null", `"com.amazonaws.us-east-1.sts"`}},
		{name: "gateway endpoint needs no sg", r: res(typeVpcEndpoint, "s3", "serviceName", s("com.amazonaws.us-east-1.s3"), "tags", goodTags), want: nil},
		{name: "unknown endpoint type", r: res(typeVpcEndpoint, "ep", "vpcEndpointType", unk, "tags", goodTags), want: nil},
		// no-open-security-group
		{name: "sg scoped to private ranges", r: res(typeSecurityGroup, "sg", "vpcId", s("vpc-1"), "tags", goodTags,
			"ingress", arr(obj("cidrBlocks", strs("10.0.0.0/16"), "fromPort", property.New(443.0))),
			"egress", arr(obj("prefixListIds", strs("pl-1")))), want: nil},
		{name: "sg open ingress next to unknown", r: res(typeSecurityGroup, "sg", "vpcId", s("vpc-1"), "tags", goodTags,
			"ingress", arr(obj("cidrBlocks", arr(unk, s("0.0.0.0/0"))))),
			want: []string{"no-open-security-group"}, contains: []string{`ingress[0].cidrBlocks[1] is "0.0.0.0/0"`}},
		{name: "sg open ipv6 egress", r: res(typeSecurityGroup, "sg", "vpcId", s("vpc-1"), "tags", goodTags, "egress", arr(obj("ipv6CidrBlocks", strs("::/0")))),
			want: []string{"no-open-security-group"}, contains: []string{"egress[0].ipv6CidrBlocks[0]"}},
		{name: "sg rule open", r: res(typeSecurityGroupRule, "rule", "type", s("ingress"), "cidrBlocks", strs("0.0.0.0/0")),
			want: []string{"no-open-security-group"}, contains: []string{"cidrBlocks[0]"}},
		{name: "vpc ingress rule open, secret", r: res(typeSGIngressRule, "in", "cidrIpv4", secret(s("0.0.0.0/0")), "tags", goodTags),
			want: []string{"no-open-security-group"}, contains: []string{"cidrIpv4 is [secret]"}},
		{name: "vpc egress rule public host", r: res(typeSGEgressRule, "out", "cidrIpv4", s("8.8.8.8/32"), "tags", goodTags),
			want: []string{"no-open-security-group"}, contains: []string{"outside the allowed ranges"}},
		{name: "vpc egress rule to hub", r: res(typeSGEgressRule, "out", "cidrIpv4", s("10.0.0.0/24"), "tags", goodTags), want: nil},
		// required-tags (advisory)
		{name: "untagged taggable resource", r: res(typeVpc, "vpc", "cidrBlock", s("10.0.0.0/16")),
			want: []string{"required-tags"}, contains: []string{`aws:ec2/vpc:Vpc "vpc"`, "tags is missing owner, cost-center, data-sensitivity"}},
		{name: "partly tagged", r: res(typeVpc, "vpc", "tags", obj("owner", s("o"), "cost-center", s(" "))),
			want: []string{"required-tags"}, contains: []string{"missing cost-center, data-sensitivity"}},
		{name: "tags from provider defaults", r: withProvider(res(typeVpc, "vpc", "tags", obj("Name", s("x"))),
			mp("defaultTags", obj("tags", goodTags))), want: nil},
		{name: "tags with secret and unknown values", r: res(typeVpc, "vpc", "tags", obj("owner", secret(s("o")), "cost-center", unk, "data-sensitivity", s("public"))), want: nil},
		{name: "unknown tags", r: res(typeVpc, "vpc", "tags", unk), want: nil},
		{name: "unknown provider default tags", r: withProvider(res(typeVpc, "vpc"), mp("defaultTags", unk)), want: nil},
		{name: "untaggable resource", r: res(typeRoute, "r", "destinationCidrBlock", s("10.0.0.0/8")), want: nil},
		{name: "custom tag keys", r: res(typeVpc, "vpc", "tags", goodTags), cfg: &Config{RequiredTags: []string{"project"}},
			want: []string{"required-tags"}, contains: []string{"missing project"}},
		{name: "disabled policy", r: res(typeNatGateway, "nat", "tags", goodTags), cfg: &Config{Enforcement: map[string]Enforcement{"no-nat-gateway": Disabled}}, want: nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := DefaultConfig()
			if tc.cfg != nil {
				cfg = *tc.cfg
			}
			vs := Evaluate([]Resource{tc.r}, cfg)
			assert.Equal(t, tc.want, fired(vs))
			var msgs []string
			for _, v := range vs {
				assert.Equal(t, tc.r.URN, v.URN)
				assert.Contains(t, v.Message, tc.r.Name, "a message names the resource")
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

func withProvider(r Resource, p property.Map) Resource {
	r.ProviderProperties = p
	return r
}

func TestEnforcementLevels(t *testing.T) {
	t.Parallel()
	rs := []Resource{res(typeNatGateway, "nat"), res(typeDomain, "d", "appNetworkAccessType", s("VpcOnly"),
		"defaultUserSettings", obj("securityGroups", strs("sg")), "retentionPolicy", obj("homeEfsFileSystem", s("Delete")))}
	levels := func(cfg Config) map[string]Enforcement {
		out := map[string]Enforcement{}
		for _, v := range Evaluate(rs, cfg) {
			out[v.Policy] = v.Enforcement
		}
		return out
	}
	assert.Equal(t, map[string]Enforcement{"no-nat-gateway": Mandatory, "required-tags": Advisory, "sagemaker-domain-retain-home": Advisory},
		levels(DefaultConfig()))
	cfg, err := ParseConfig(map[string]any{"required-tags": map[string]any{"enforcementLevel": "mandatory"},
		"sagemaker-domain-retain-home": "mandatory", "no-nat-gateway": "advisory"})
	assert.NoError(t, err)
	assert.Equal(t, map[string]Enforcement{"no-nat-gateway": Advisory, "required-tags": Mandatory, "sagemaker-domain-retain-home": Mandatory},
		levels(cfg))
}

func TestMetadata(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, p := range All() {
		assert.Regexp(t, `^[a-z0-9-]+$`, p.Name)
		assert.False(t, seen[p.Name], "duplicate policy %s", p.Name)
		seen[p.Name] = true
		assert.Greater(t, len(p.Description), 40, p.Name)
		assert.Contains(t, []Enforcement{Advisory, Mandatory}, p.DefaultEnforcement, p.Name)
		_, reserved := p.ConfigProperties["enforcementLevel"]
		assert.False(t, reserved, p.Name)
	}
	assert.Equal(t, Advisory, requiredTags.DefaultEnforcement)
	assert.Equal(t, Advisory, domainRetainHome.DefaultEnforcement)
	assert.True(t, domainPrivateVpc.IsStack())
	assert.Len(t, All(), 27)
	assert.True(t, interfaceEndpointSecurityGroups.IsStack())
	for _, p := range []Policy{computePrivateVpc, noInternetPrefixList, noExternalIPv6SecurityGroup} {
		assert.True(t, p.IsStack(), p.Name)
	}
}

func TestStackPolicyDomainVpc(t *testing.T) {
	t.Parallel()
	vpc := res(typeVpc, "spoke", "cidrBlock", s("10.1.0.0/16"), "tags", goodTags)
	vpc.ID = "vpc-spoke"
	sub := res(typeSubnet, "spoke-a", "vpcId", s("vpc-spoke"), "tags", goodTags)
	sub.ID = "subnet-a"
	other := res(typeVpc, "other", "tags", goodTags)
	other.ID = "vpc-other"
	otherSub := res(typeSubnet, "other-a", "vpcId", s("vpc-other"), "tags", goodTags)
	otherSub.ID = "subnet-o"
	domain := func(vpcID, subnetID property.Value) Resource {
		return res(typeDomain, "studio", "appNetworkAccessType", s("VpcOnly"), "tags", goodTags,
			"defaultUserSettings", obj("securityGroups", strs("sg")), "vpcId", vpcID, "subnetIds", arr(subnetID))
	}
	igw := func(vpcID property.Value) Resource {
		return res(typeInternetGateway, "igw", "vpcId", vpcID, "tags", goodTags)
	}

	// Preview: IDs are unknown; links come from property dependencies.
	pDomain := domain(unk, unk)
	pDomain.PropertyDependencies = map[string][]string{"vpcId": {vpc.URN}, "subnetIds": {sub.URN}}
	pSub := res(typeSubnet, "spoke-a", "vpcId", unk)
	pSub.PropertyDependencies = map[string][]string{"vpcId": {vpc.URN}}
	pIgw := igw(unk)
	pIgw.PropertyDependencies = map[string][]string{"vpcId": {vpc.URN}}
	// Only the subnets lead to the open VPC (the domain's own vpcId is unknown with no links).
	sDomain := domain(unk, s("subnet-a"))
	// awsx: the domain depends on an awsx Vpc (under mocks, its children do not exist).
	awsx := res(typeAwsxVpc, "shared", "natGateways", obj("strategy", s("None")))
	aDomain := domain(s("vpc-awsx-shared"), unk)
	aDomain.Dependencies = []string{awsx.URN}
	defVpc := res(typeDefaultVpc, "default")
	defVpc.ID = "vpc-default"

	cases := []struct {
		name     string
		rs       []Resource
		want     int
		contains string
	}{
		{"private vpc", []Resource{vpc, sub, igw(s("vpc-other")), other, otherSub, domain(s("vpc-spoke"), s("subnet-a"))}, 0, ""},
		{"igw in the domain's vpc", []Resource{vpc, sub, igw(s("vpc-spoke")), domain(s("vpc-spoke"), s("subnet-a"))}, 1, "vpcId and subnetIds belong to VPC aws:ec2/vpc:Vpc \"spoke\""},
		{"domain subnets in the open vpc", []Resource{vpc, sub, igw(s("vpc-spoke")), sDomain}, 1, "subnetIds belong to VPC"},
		{"preview links by property dependencies", []Resource{vpc, pSub, pIgw, pDomain}, 1, "internet gateway (aws:ec2/internetGateway:InternetGateway \"igw\")"},
		{"preview, nothing known", []Resource{vpc, pSub, igw(unk), domain(unk, unk)}, 0, ""},
		{"domain in an awsx vpc", []Resource{awsx, aDomain}, 1, "always attaches an internet gateway"},
		{"domain in the default vpc", []Resource{defVpc, domain(s("vpc-default"), unk)}, 1, "a default VPC has an internet gateway"},
		{"igw by vpc id only (no vpc resource)", []Resource{igw(s("vpc-ext")), domain(s("vpc-ext"), unk)}, 1, `VPC "vpc-ext"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []Violation
			for _, v := range Evaluate(tc.rs, DefaultConfig()) {
				if v.Policy == domainPrivateVpc.Name {
					got = append(got, v)
				}
			}
			if assert.Len(t, got, tc.want) && tc.want > 0 {
				assert.Contains(t, got[0].Message, tc.contains)
				assert.Contains(t, got[0].URN, "studio")
				assert.Equal(t, Mandatory, got[0].Enforcement)
			}
		})
	}
}

func TestFromResourcePropertyMap(t *testing.T) {
	t.Parallel()
	m := resource.PropertyMap{
		"mapPublicIpOnLaunch": resource.MakeSecret(resource.NewBoolProperty(true)),
		"vpcId":               resource.MakeComputed(resource.NewStringProperty("")),
		"tags": resource.NewOutputProperty(resource.Output{Known: true, Element: resource.NewObjectProperty(resource.PropertyMap{
			"owner": resource.NewStringProperty("o")})}),
	}
	pm := FromResourcePropertyMap(m)
	assert.True(t, pm.Get("mapPublicIpOnLaunch").Secret())
	assert.True(t, pm.Get("vpcId").IsComputed())
	v, ok := str(prop(pm, "tags", "owner"))
	assert.True(t, ok)
	assert.Equal(t, "o", v)
	vs := Evaluate([]Resource{{URN: "u", Type: typeSubnet, Name: "s", Properties: pm}}, Config{})
	if assert.Len(t, vs, 1) {
		assert.Equal(t, "no-public-subnet", vs[0].Policy)
	}
}
