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
	sg := withProv(res("aws:ec2/securityGroup:SecurityGroup", "sg", "ingress", property.New([]property.Value{
		v(map[string]property.Value{"cidrBlocks": property.New([]property.Value{unknown, v("0.0.0.0/0").WithSecret(true)})})})))

	cases := []struct {
		name string
		cfg  map[string]packtest.PolicyConfig
		rs   []policies.Resource
		want map[string]policies.Enforcement // policy -> level of its diagnostics
		msgs []string
	}{
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
				assert.NotContains(t, strings.TrimPrefix(d.Message, pol.Description), "0.0.0.0/0", "a secret value is never printed")
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
			direct := map[string]policies.Enforcement{}
			for _, vi := range policies.Evaluate(tc.rs, cfg) {
				direct[vi.Policy] = vi.Enforcement
			}
			assert.Equal(t, direct, got)
		})
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
