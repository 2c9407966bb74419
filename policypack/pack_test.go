package main

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/internal/packtest"
	"github.com/vpconly/sagemaker-landing-zone/policypack/policies"
)

// binary is the pack, built once for the package's tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "policypack-test-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary, err = packtest.Build(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

func start(t *testing.T, cfg map[string]packtest.PolicyConfig) (*packtest.Pack, context.Context) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	p, err := packtest.Start(binary)
	require.NoError(t, err)
	t.Cleanup(p.Close)
	require.NoError(t, p.Setup(ctx, "sagemaker-landing-zone", "dev", cfg))
	return p, ctx
}

func v(x any) property.Value {
	switch x := x.(type) {
	case string:
		return property.New(x)
	case bool:
		return property.New(x)
	case []string:
		vs := make([]property.Value, len(x))
		for i, s := range x {
			vs[i] = property.New(s)
		}
		return property.New(vs)
	case map[string]property.Value:
		return property.New(x)
	case property.Value:
		return x
	}
	panic(fmt.Sprintf("unsupported %T", x))
}

func res(typ, name string, kv ...any) policies.Resource {
	m := map[string]property.Value{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = v(kv[i+1])
	}
	return policies.Resource{URN: "urn:pulumi:dev::sagemaker-landing-zone::" + typ + "::" + name, Type: typ, Name: name,
		Properties: property.NewMap(m)}
}

var (
	unknown  = property.New(property.Computed)
	tags     = map[string]property.Value{"owner": v("o"), "cost-center": v("c"), "data-sensitivity": v("internal")}
	provider = property.NewMap(map[string]property.Value{"region": v("us-east-1"),
		"defaultTags": v(map[string]property.Value{"tags": v(tags)})})
)

func TestAnalyzerInfo(t *testing.T) {
	t.Parallel()
	p, ctx := start(t, nil)
	info, err := p.Info(ctx)
	require.NoError(t, err)
	assert.Equal(t, PackName, info.GetName())
	assert.Equal(t, PackVersion, info.GetVersion())
	assert.True(t, info.GetSupportsConfig())
	got := map[string]*pulumirpc.PolicyInfo{}
	var names []string
	for _, pi := range info.GetPolicies() {
		got[pi.GetName()] = pi
		names = append(names, pi.GetName())
	}
	var want []string
	for _, pol := range policies.All() {
		want = append(want, pol.Name)
		pi, ok := got[pol.Name]
		if !assert.True(t, ok, pol.Name) {
			continue
		}
		assert.Equal(t, pol.Description, pi.GetDescription())
		assert.Equal(t, pol.DefaultEnforcement, packtest.Level(pi.GetEnforcementLevel()), pol.Name)
		if len(pol.ConfigProperties) > 0 {
			var keys []string
			for k := range pi.GetConfigSchema().GetProperties().AsMap() {
				keys = append(keys, k)
			}
			var wantKeys []string
			for k := range pol.ConfigProperties {
				wantKeys = append(wantKeys, k)
			}
			sort.Strings(keys)
			sort.Strings(wantKeys)
			assert.Equal(t, wantKeys, keys, pol.Name)
		} else {
			assert.Nil(t, pi.GetConfigSchema(), pol.Name)
		}
	}
	assert.Equal(t, want, names, "policies in the pack's stable order")
	assert.Equal(t, pulumirpc.EnforcementLevel_ADVISORY, got["required-tags"].GetEnforcementLevel())
	assert.Equal(t, pulumirpc.EnforcementLevel_MANDATORY, got["no-nat-gateway"].GetEnforcementLevel())
}

func TestAnalyzeOverProtocol(t *testing.T) {
	t.Parallel()
	withProv := func(r policies.Resource) policies.Resource { r.ProviderProperties = provider; return r }
	vpc := withProv(res("aws:ec2/vpc:Vpc", "spoke", "cidrBlock", "10.1.0.0/16"))
	subnet := withProv(res("aws:ec2/subnet:Subnet", "spoke-a", "vpcId", unknown, "mapPublicIpOnLaunch", false))
	subnet.PropertyDependencies = map[string][]string{"vpcId": {vpc.URN}}
	igw := withProv(res("aws:ec2/internetGateway:InternetGateway", "igw", "vpcId", unknown))
	igw.PropertyDependencies = map[string][]string{"vpcId": {vpc.URN}}
	domain := withProv(res("aws:sagemaker/domain:Domain", "studio", "appNetworkAccessType", "VpcOnly", "vpcId", unknown,
		"subnetIds", property.New([]property.Value{unknown}),
		"defaultUserSettings", map[string]property.Value{"securityGroups": property.New([]property.Value{unknown})}))
	domain.PropertyDependencies = map[string][]string{"vpcId": {vpc.URN}, "subnetIds": {subnet.URN}}
	untagged := res("aws:ec2/routeTable:RouteTable", "rt", "vpcId", unknown)
	sg := withProv(res("aws:ec2/securityGroup:SecurityGroup", "sg", "vpcId", unknown, "ingress", property.New([]property.Value{
		v(map[string]property.Value{"cidrBlocks": property.New([]property.Value{unknown, v("0.0.0.0/0").WithSecret(true)})})})))

	cases := []protocolCase{
		{name: "clean preview with unknowns", rs: []policies.Resource{vpc, subnet, domain}, want: map[string]policies.Enforcement{}},
		{name: "internet gateway in the domain's vpc", rs: []policies.Resource{vpc, subnet, igw, domain},
			want: map[string]policies.Enforcement{"no-internet-gateway": policies.Mandatory, "sagemaker-domain-private-vpc": policies.Mandatory},
			msgs: []string{`aws:ec2/internetGateway:InternetGateway "igw"`, `subnetIds belong to VPC aws:ec2/vpc:Vpc "spoke"`}},
		{name: "secret open cidr next to unknown", rs: []policies.Resource{sg},
			want: map[string]policies.Enforcement{"no-open-security-group": policies.Mandatory},
			msgs: []string{"ingress[0].cidrBlocks[1] is [secret]"}},
		{name: "untagged resource is advisory by default", rs: []policies.Resource{untagged},
			want: map[string]policies.Enforcement{"required-tags": policies.Advisory}, msgs: []string{"tags is missing owner"}},
		{name: "configured mandatory tags with custom keys", rs: []policies.Resource{vpc},
			cfg: map[string]packtest.PolicyConfig{"required-tags": {Enforcement: policies.Mandatory,
				Properties: map[string]any{"requiredTags": []any{"owner", "project"}}}},
			want: map[string]policies.Enforcement{"required-tags": policies.Mandatory}, msgs: []string{"tags is missing project"}},
		{name: "disabled stack policy", rs: []policies.Resource{vpc, subnet, igw, domain},
			cfg:  map[string]packtest.PolicyConfig{"sagemaker-domain-private-vpc": {Enforcement: policies.Disabled}},
			want: map[string]policies.Enforcement{"no-internet-gateway": policies.Mandatory}},
	}
	cases = append(cases, stackCases()...)
	cases = append(cases, issue21Cases()...)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, ctx := start(t, tc.cfg)
			ds, err := p.Analyze(ctx, tc.rs)
			require.NoError(t, err)
			got := map[string]policies.Enforcement{}
			var msgs []string
			for _, d := range ds {
				got[d.Policy] = d.Enforcement
				msgs = append(msgs, d.Message)
				assert.Equal(t, PackName, d.PackName)
				assert.Equal(t, PackVersion, d.Version)
				assert.NotEmpty(t, d.URN)
				// policyx prefixes the description (which names 0.0.0.0/0) to our message.
				pol, _ := policies.Lookup(d.Policy)
				assert.True(t, strings.HasPrefix(d.Message, pol.Description+"\n"), d.Message)
				if strings.Contains(tc.name, "secret") {
					assert.NotContains(t, strings.TrimPrefix(d.Message, pol.Description), "0.0.0.0/0", "a secret value is never printed")
				}
			}
			assert.Equal(t, tc.want, got)
			joined := strings.Join(msgs, "\n")
			for _, m := range tc.msgs {
				assert.Contains(t, joined, m)
			}
			// The pack and the pure evaluation agree.
			cfg := policies.DefaultConfig()
			for name, c := range tc.cfg {
				cfg.Enforcement[name] = c.Enforcement
				if tags, ok := c.Properties["requiredTags"].([]any); ok {
					cfg.RequiredTags = nil
					for _, tag := range tags {
						cfg.RequiredTags = append(cfg.RequiredTags, tag.(string))
					}
				}
			}
			byPolicy := map[string]map[string]any{}
			for name, c := range tc.cfg {
				if len(c.Properties) > 0 {
					byPolicy[name] = c.Properties
				}
			}
			parsed, err := policies.ParsePolicyConfigs(byPolicy)
			require.NoError(t, err)
			cfg.IPv6CIDRs, cfg.RouteCIDRs, cfg.SecurityGroupCIDRs = parsed.IPv6CIDRs, parsed.RouteCIDRs, parsed.SecurityGroupCIDRs
			cfg.Admit = parsed.Admit
			direct := map[string]policies.Enforcement{}
			for _, vi := range policies.Evaluate(tc.rs, cfg) {
				direct[vi.Policy] = vi.Enforcement
			}
			assert.Equal(t, direct, got)
		})
	}
}

type protocolCase = struct {
	name string
	cfg  map[string]packtest.PolicyConfig
	rs   []policies.Resource
	want map[string]policies.Enforcement
	msgs []string
}

// stackCases drive AnalyzeStack with stacks that violate and satisfy the stack policies.
func stackCases() []protocolCase {
	withProv := func(r policies.Resource) policies.Resource { r.ProviderProperties = provider; return r }
	list := func(vs ...property.Value) property.Value { return property.New(vs) }
	vpc := withProv(res("aws:ec2/vpc:Vpc", "spoke", "cidrBlock", "10.1.0.0/16", "ipv6CidrBlock", "2600:1f18:aa:bb00::/56"))
	subnet := withProv(res("aws:ec2/subnet:Subnet", "spoke-a", "vpcId", unknown))
	subnet.PropertyDependencies = map[string][]string{"vpcId": {vpc.URN}}
	igw := withProv(res("aws:ec2/internetGateway:InternetGateway", "igw", "vpcId", unknown))
	igw.PropertyDependencies = map[string][]string{"vpcId": {vpc.URN}}
	fn := withProv(res("aws:lambda/function:Function", "fn", "role", "arn:aws:iam::123456789012:role/fn",
		"vpcConfig", map[string]property.Value{"subnetIds": list(unknown), "securityGroupIds": list(v("sg-1"))}))
	fn.PropertyDependencies = map[string][]string{"vpcConfig": {subnet.URN}}
	ep := withProv(res("aws:ec2/vpcEndpoint:VpcEndpoint", "sts", "vpcEndpointType", "Interface", "serviceName", "com.amazonaws.us-east-1.sts", "vpcId", unknown))
	assoc := res("aws:ec2/securityGroupAssociation:SecurityGroupAssociation", "sts-sg", "vpcEndpointId", unknown, "securityGroupId", unknown)
	assoc.PropertyDependencies = map[string][]string{"vpcEndpointId": {ep.URN}}
	pl := withProv(res("aws:ec2/managedPrefixList:ManagedPrefixList", "pl", "addressFamily", "IPv4",
		"entries", list(v(map[string]property.Value{"cidr": v("0.0.0.0/0")}))))
	route := res("aws:ec2/route:Route", "via-pl", "routeTableId", "rtb-1", "destinationPrefixListId", unknown, "transitGatewayId", "tgw-1")
	route.PropertyDependencies = map[string][]string{"destinationPrefixListId": {pl.URN}}
	sg := withProv(res("aws:ec2/securityGroup:SecurityGroup", "sg6", "vpcId", unknown,
		"ingress", list(v(map[string]property.Value{"ipv6CidrBlocks": list(v("2600:1f18:aa:bb01::/64"))}))))
	sg.PropertyDependencies = map[string][]string{"vpcId": {vpc.URN}}
	ipv6Cfg := map[string]packtest.PolicyConfig{"no-global-ipv6": {Properties: map[string]any{"allowedIpv6Cidrs": []any{"fc00::/7", "2600:1f18::/32", "2001:db8::/32"}}}}
	foreign := withProv(res("aws:ec2/securityGroup:SecurityGroup", "sg-doc", "vpcId", unknown,
		"egress", list(v(map[string]property.Value{"ipv6CidrBlocks": list(v("2001:db8:1::/48"))}))))
	foreign.PropertyDependencies = map[string][]string{"vpcId": {vpc.URN}}
	return []protocolCase{
		{name: "stack: lambda in a vpc with an igw", rs: []policies.Resource{vpc, subnet, igw, fn},
			want: map[string]policies.Enforcement{"no-internet-gateway": policies.Mandatory, "compute-private-vpc": policies.Mandatory},
			msgs: []string{`aws:lambda/function:Function "fn": vpcConfig.subnetIds belong to VPC`}, cfg: ipv6Cfg},
		{name: "stack: lambda in a private vpc", rs: []policies.Resource{vpc, subnet, fn}, want: map[string]policies.Enforcement{}, cfg: ipv6Cfg},
		{name: "stack: endpoint without security groups", rs: []policies.Resource{ep},
			want: map[string]policies.Enforcement{"vpc-interface-endpoint-security-groups": policies.Mandatory}},
		{name: "stack: endpoint with a security group association", rs: []policies.Resource{ep, assoc}, want: map[string]policies.Enforcement{}},
		{name: "stack: route through a world prefix list", rs: []policies.Resource{pl, route},
			want: map[string]policies.Enforcement{"no-internet-prefix-list": policies.Mandatory}, msgs: []string{`entries[0].cidr is "0.0.0.0/0"`}},
		{name: "stack: unused world prefix list", rs: []policies.Resource{pl}, want: map[string]policies.Enforcement{}},
		{name: "stack: sg naming the vpc's own ipv6 range, configured", rs: []policies.Resource{vpc, sg}, cfg: ipv6Cfg, want: map[string]policies.Enforcement{}},
		{name: "stack: sg naming a global ipv6 range, default config", rs: []policies.Resource{vpc, sg},
			want: map[string]policies.Enforcement{"no-global-ipv6": policies.Mandatory}},
		{name: "stack: sg naming a foreign ipv6 range", rs: []policies.Resource{vpc, foreign},
			want: map[string]policies.Enforcement{"no-global-ipv6": policies.Mandatory, "no-external-ipv6-security-group": policies.Mandatory},
			msgs: []string{`egress[0].ipv6CidrBlocks[0] is "2001:db8:1::/48"`}},
		// The stack policy reads the allowed IPv6 ranges the engine configured for no-global-ipv6.
		{name: "stack: sg naming a configured ipv6 range", rs: []policies.Resource{vpc, foreign}, cfg: ipv6Cfg, want: map[string]policies.Enforcement{}},
	}
}

func TestInvalidConfigFailsAnalysis(t *testing.T) {
	t.Parallel()
	p, ctx := start(t, map[string]packtest.PolicyConfig{"no-internet-route": {Enforcement: policies.Mandatory,
		Properties: map[string]any{"allowedCidrs": []any{"10.0.0.1/8"}}}})
	_, err := p.Analyze(ctx, []policies.Resource{res("aws:ec2/route:Route", "r", "destinationCidrBlock", "10.0.0.0/16")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `no-internet-route.allowedCidrs[0]: "10.0.0.1/8" is not allowed`)
}

// Without a Configure call (no --policy-pack-config), each policy runs at its default level.
func TestAnalyzeWithoutConfigure(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	p, err := packtest.Start(binary)
	require.NoError(t, err)
	defer p.Close()
	_, err = p.Client.Handshake(ctx, &pulumirpc.AnalyzerHandshakeRequest{})
	require.NoError(t, err)
	_, err = p.Client.ConfigureStack(ctx, &pulumirpc.AnalyzerStackConfigureRequest{Project: "consumer", Stack: "dev"})
	require.NoError(t, err)
	nat := res("aws:ec2/natGateway:NatGateway", "nat", "subnetId", unknown)
	props, err := packtest.Marshal(resourceMap(t, nat))
	require.NoError(t, err)
	resp, err := p.Client.Analyze(ctx, &pulumirpc.AnalyzeRequest{Type: nat.Type, Name: nat.Name, Urn: nat.URN, Properties: props})
	require.NoError(t, err)
	got := map[string]pulumirpc.EnforcementLevel{}
	for _, d := range resp.GetDiagnostics() {
		got[d.GetPolicyName()] = d.GetEnforcementLevel()
		assert.Equal(t, nat.URN, d.GetUrn())
	}
	assert.Equal(t, map[string]pulumirpc.EnforcementLevel{
		"no-nat-gateway": pulumirpc.EnforcementLevel_MANDATORY,
		"required-tags":  pulumirpc.EnforcementLevel_ADVISORY,
	}, got)
}

func resourceMap(t *testing.T, r policies.Resource) resource.PropertyMap {
	t.Helper()
	return resource.ToResourcePropertyMap(r.Properties)
}

// issue21Cases drive each class of issue 21 through the Analyzer protocol (Analyze per resource,
// then AnalyzeStack): a failing and a passing case each, the false positives that were fixed, and
// the default deny with its pack-config escape.
func issue21Cases() []protocolCase {
	withProv := func(r policies.Resource) policies.Resource { r.ProviderProperties = provider; return r }
	m := func(kv ...any) property.Value {
		out := map[string]property.Value{}
		for i := 0; i+1 < len(kv); i += 2 {
			out[kv[i].(string)] = v(kv[i+1])
		}
		return property.New(out)
	}
	mand := func(ps ...string) map[string]policies.Enforcement {
		out := map[string]policies.Enforcement{}
		for _, p := range ps {
			out[p] = policies.Mandatory
		}
		return out
	}
	cfn := func(name, body string) policies.Resource {
		return withProv(res("aws:cloudformation/stack:Stack", name, "templateBody", body))
	}
	admit := map[string]packtest.PolicyConfig{"reviewed-types": {Properties: map[string]any{
		"admit": map[string]any{"aws:amplify/app:App": "internal tool, reviewed by the platform team"}}}}
	return []protocolCase{
		// Default deny, every provider.
		{name: "21: unlisted aws type", rs: []policies.Resource{withProv(res("aws:newsvc/thing:Thing", "t"))},
			want: mand("reviewed-types"), msgs: []string{"type aws:newsvc/thing:Thing is not reviewed for internet paths"}},
		{name: "21: forbidden aws type", rs: []policies.Resource{withProv(res("aws:amplify/app:App", "app"))},
			want: mand("reviewed-types"), msgs: []string{"type aws:amplify/app:App is forbidden"}},
		{name: "21: forbidden type admitted by the pack config", rs: []policies.Resource{withProv(res("aws:amplify/app:App", "app"))},
			cfg: admit, want: map[string]policies.Enforcement{}},
		{name: "21: unmapped aws-native type", rs: []policies.Resource{withProv(res("aws-native:amplify:App", "app"))},
			want: mand("reviewed-types"), msgs: []string{"type aws-native:amplify:App is not reviewed"}},
		{name: "21: unmapped cloudformation type", rs: []policies.Resource{cfn("amp", `{"Resources":{"A":{"Type":"AWS::Amplify::App"}}}`)},
			want: mand("reviewed-types"), msgs: []string{"type AWS::Amplify::App is not reviewed"}},
		{name: "21: unmapped cloud control type", rs: []policies.Resource{withProv(res("aws:cloudcontrol/resource:Resource", "cc", "typeName", "AWS::Amplify::App", "desiredState", "{}"))},
			want: mand("reviewed-types")},
		{name: "21: private cloud control type", rs: []policies.Resource{withProv(res("aws:cloudcontrol/resource:Resource", "cc", "typeName", "AWS::CodeArtifact::PackageGroup", "desiredState", unknown))},
			want: map[string]policies.Enforcement{}},
		// Defaults that mean public; unknown is cannot prove.
		{name: "21: redshift default public", rs: []policies.Resource{withProv(res("aws:redshift/cluster:Cluster", "rs", "clusterSubnetGroupName", "g"))},
			want: mand("no-internet-entry-point"), msgs: []string{"publiclyAccessible is unset, and it defaults to true"}},
		{name: "21: redshift private", rs: []policies.Resource{withProv(res("aws:redshift/cluster:Cluster", "rs", "clusterSubnetGroupName", "g", "publiclyAccessible", false))},
			want: map[string]policies.Enforcement{}},
		{name: "21: redshift unknown", rs: []policies.Resource{withProv(res("aws:redshift/cluster:Cluster", "rs", "clusterSubnetGroupName", "g", "publiclyAccessible", unknown))},
			want: mand("no-internet-entry-point"), msgs: []string{"cannot prove private: publiclyAccessible is unknown"}},
		{name: "21: eks public endpoint by default", rs: []policies.Resource{withProv(res("aws:eks/cluster:Cluster", "k", "vpcConfig", m("subnetIds", []string{"s"})))},
			want: mand("no-internet-entry-point")},
		// Public addresses through other resources; default VPC; compute outside the VPC.
		{name: "21: launch configuration public ip", rs: []policies.Resource{withProv(res("aws:ec2/launchConfiguration:LaunchConfiguration", "lc", "associatePublicIpAddress", true))},
			want: mand("no-public-ip")},
		{name: "21: asg with only zones", rs: []policies.Resource{withProv(res("aws:autoscaling/group:Group", "asg", "availabilityZones", []string{"us-east-1a"}))},
			want: mand("no-default-vpc")},
		{name: "21: asg in subnets", rs: []policies.Resource{withProv(res("aws:autoscaling/group:Group", "asg", "vpcZoneIdentifiers", []string{"subnet-1"}))},
			want: map[string]policies.Enforcement{}},
		{name: "21: codebuild outside the vpc", rs: []policies.Resource{withProv(res("aws:codebuild/project:Project", "cb"))},
			want: mand("compute-in-vpc")},
		// AWS-side egress; public data.
		{name: "21: sns https subscription", rs: []policies.Resource{withProv(res("aws:sns/topicSubscription:TopicSubscription", "s", "protocol", "https", "endpoint", "https://x.example"))},
			want: mand("no-aws-egress")},
		{name: "21: sns email subscription", rs: []policies.Resource{withProv(res("aws:sns/topicSubscription:TopicSubscription", "s", "protocol", "email", "endpoint", "a@x.example"))},
			want: map[string]policies.Enforcement{}},
		{name: "21: public bucket policy", rs: []policies.Resource{withProv(res("aws:s3/bucketPolicy:BucketPolicy", "p", "bucket", "b",
			"policy", `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"*"}]}`))},
			want: mand("no-public-data")},
		// CloudFormation evaluation and SAM.
		{name: "21: cloudformation FindInMap", rs: []policies.Resource{cfn("fim", `{"Mappings":{"M":{"a":{"c":"0.0.0.0/0"}}},"Resources":{"R":{"Type":"AWS::EC2::Route","Properties":{"RouteTableId":"rtb-1","TransitGatewayId":"tgw-1","DestinationCidrBlock":{"Fn::FindInMap":["M","a","c"]}}}}}`)},
			want: mand("no-internet-route")},
		{name: "21: sam function url", rs: []policies.Resource{cfn("sam", "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    VpcConfig: {SubnetIds: [s], SecurityGroupIds: [g]}\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      FunctionUrlConfig: {AuthType: NONE}\n")},
			want: mand("no-internet-entry-point"), msgs: []string{"FunctionUrlConfig"}},
		// False positives fixed.
		{name: "21: false condition, aurora member, cdk disallow-all, vpc resolver", rs: []policies.Resource{
			cfn("fp", `{"Conditions":{"No":{"Fn::Equals":["a","b"]}},"Resources":{
				"G":{"Type":"AWS::EC2::InternetGateway","Condition":"No"},
				"I":{"Type":"AWS::RDS::DBInstance","Properties":{"DBClusterIdentifier":"c","PubliclyAccessible":false}},
				"D":{"Type":"AWS::DMS::ReplicationInstance","Properties":{"ReplicationSubnetGroupIdentifier":"g","PubliclyAccessible":false}}}}`),
			withProv(res("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "none", "securityGroupId", "sg-1", "ipProtocol", "icmp", "cidrIpv4", "255.255.255.255/32")),
			withProv(res("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "dns", "securityGroupId", "sg-1", "ipProtocol", "udp", "cidrIpv4", "169.254.169.253/32"))},
			want: map[string]policies.Enforcement{}},
		{name: "21: block public access ingress only", rs: []policies.Resource{withProv(res("aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions", "bpa", "internetGatewayBlockMode", "block-ingress"))},
			want: mand("vpc-block-public-access")},
		{name: "21: default route table to the internet", rs: []policies.Resource{withProv(res("aws:ec2/defaultRouteTable:DefaultRouteTable", "main", "defaultRouteTableId", "rtb-1",
			"routes", property.New([]property.Value{m("cidrBlock", "0.0.0.0/0", "gatewayId", "igw-1")})))},
			want: mand("no-internet-route")},
	}
}
