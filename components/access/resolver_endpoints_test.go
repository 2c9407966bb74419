package access

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	typeResolverEndpoint        = "aws:route53/resolverEndpoint:ResolverEndpoint"
	typeResolverRule            = "aws:route53/resolverRule:ResolverRule"
	typeResolverRuleAssociation = "aws:route53/resolverRuleAssociation:ResolverRuleAssociation"
)

func resArgs(outbound bool) *ResolverEndpointsArgs {
	a := &ResolverEndpointsArgs{
		VpcId:             pulumi.String("vpc-0hub"),
		SubnetIds:         pulumi.ToStringArray([]string{"subnet-0a", "subnet-0b"}),
		AvailabilityZones: []string{"us-east-1a", "us-east-1b"},
		CorporateCidrs:    []string{"192.168.0.0/16", "172.16.0.0/12"},
		Tags:              map[string]string{"team": "net"},
	}
	if outbound {
		a.Outbound = &ResolverOutbound{
			DomainNames: []string{"corp.example.com", "lab.example.org"},
			TargetIps:   []string{"192.168.10.10", "172.16.0.10"},
			VpcIds:      map[string]pulumi.StringInput{"ml": pulumi.String("vpc-0ml"), "data": pulumi.String("vpc-0data")},
		}
	}
	return a
}

func resRun(t *testing.T, args *ResolverEndpointsArgs, opts ...pulumi.ResourceOption) (*recorder.Recording, error) {
	t.Helper()
	return componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		_, err := NewResolverEndpoints(ctx, "dns", args, opts...)
		return err
	})
}

// TestResolverInbound: one address per hub subnet, a group of its own admitting TCP and UDP 53
// from the corporate CIDRs and nothing else.
func TestResolverInbound(t *testing.T) {
	t.Parallel()
	rec, err := resRun(t, resArgs(false))
	require.NoError(t, err)
	assert.Equal(t, map[string]int{ResolverEndpointsType: 1, componenttest.TypeSecurityGroup: 1, componenttest.TypeIngressRule: 4, typeResolverEndpoint: 1}, componenttest.CountTypes(rec))
	ep := componenttest.FindOne(t, rec, typeResolverEndpoint, "dns-inbound")
	sg := componenttest.FindOne(t, rec, componenttest.TypeSecurityGroup, "dns-inbound")
	assert.Equal(t, "INBOUND", componenttest.InputString(ep, "direction"))
	assert.Equal(t, []string{sg.ID}, recorder.Strings(ep.Input("securityGroupIds")))
	assert.Equal(t, "subnet-0a", componenttest.InputString(ep, "ipAddresses.0.subnetId"))
	assert.Equal(t, "subnet-0b", componenttest.InputString(ep, "ipAddresses.1.subnetId"))
	assert.Equal(t, "vpc-0hub", componenttest.InputString(sg, "vpcId"))
	for _, cidr := range []string{"192.168.0.0/16", "172.16.0.0/12"} {
		for _, proto := range []string{"tcp", "udp"} {
			r := componenttest.FindOne(t, rec, componenttest.TypeIngressRule, "dns-inbound-dns-"+proto+"-from-"+network.CidrKey(cidr))
			assert.Equal(t, sg.ID, componenttest.InputString(r, "securityGroupId"))
			assert.Equal(t, proto, componenttest.InputString(r, "ipProtocol"))
			assert.Equal(t, cidr, componenttest.InputString(r, "cidrIpv4"))
			assert.Equal(t, 53.0, componenttest.InputNumber(r, "fromPort"))
			assert.Equal(t, 53.0, componenttest.InputNumber(r, "toPort"))
		}
	}
}

// TestResolverOutbound: forwarding rules per domain to the corporate servers, associated with
// every given VPC; the outbound group only talks DNS to those servers.
func TestResolverOutbound(t *testing.T) {
	t.Parallel()
	rec, err := resRun(t, resArgs(true))
	require.NoError(t, err)
	assert.Equal(t, map[string]int{ResolverEndpointsType: 1, componenttest.TypeSecurityGroup: 2, componenttest.TypeIngressRule: 4, componenttest.TypeEgressRule: 4,
		typeResolverEndpoint: 2, typeResolverRule: 2, typeResolverRuleAssociation: 4}, componenttest.CountTypes(rec))
	out := componenttest.FindOne(t, rec, typeResolverEndpoint, "dns-outbound")
	assert.Equal(t, "OUTBOUND", componenttest.InputString(out, "direction"))
	outSG := componenttest.FindOne(t, rec, componenttest.TypeSecurityGroup, "dns-outbound")
	for _, r := range rec.ByType(componenttest.TypeEgressRule) {
		assert.Equal(t, outSG.ID, componenttest.InputString(r, "securityGroupId"))
		assert.Contains(t, []string{"192.168.10.10/32", "172.16.0.10/32"}, componenttest.InputString(r, "cidrIpv4"), r.Name)
		assert.Equal(t, 53.0, componenttest.InputNumber(r, "fromPort"))
	}
	for _, r := range rec.ByType(componenttest.TypeIngressRule) {
		assert.NotEqual(t, outSG.ID, componenttest.InputString(r, "securityGroupId"), "the outbound group admits nothing")
	}
	rule := componenttest.FindOne(t, rec, typeResolverRule, "dns-forward-corp-example-com")
	assert.Equal(t, "FORWARD", componenttest.InputString(rule, "ruleType"))
	assert.Equal(t, "corp.example.com", componenttest.InputString(rule, "domainName"))
	assert.Equal(t, out.ID, componenttest.InputString(rule, "resolverEndpointId"))
	assert.Equal(t, "192.168.10.10", componenttest.InputString(rule, "targetIps.0.ip"))
	assert.Equal(t, 53.0, componenttest.InputNumber(rule, "targetIps.0.port"))
	for _, vpc := range []string{"ml", "data"} {
		a := componenttest.FindOne(t, rec, typeResolverRuleAssociation, "dns-forward-corp-example-com-"+vpc)
		assert.Equal(t, rule.ID, componenttest.InputString(a, "resolverRuleId"))
		assert.Equal(t, "vpc-0"+vpc, componenttest.InputString(a, "vpcId"))
	}
}

func TestResolverEndpointsExplicitProvider(t *testing.T) {
	t.Parallel()
	rec, err := componenttest.RunWithExplicitProvider(t, "us-east-1", func(ctx *pulumi.Context, p *aws.Provider) error {
		_, err := NewResolverEndpoints(ctx, "dns", resArgs(true), pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	componenttest.AssertChildrenInherit(t, rec, ResolverEndpointsType, "dns", 18)
}

func TestResolverEndpointsRejects(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		mutate func(a *ResolverEndpointsArgs)
		want   []string
	}{
		{"one AZ", func(a *ResolverEndpointsArgs) { a.AvailabilityZones = a.AvailabilityZones[:1] }, []string{"at least 2 zones"}},
		{"no corporate CIDRs", func(a *ResolverEndpointsArgs) { a.CorporateCidrs = nil }, []string{"CorporateCidrs is not set"}},
		{"open to the world", func(a *ResolverEndpointsArgs) { a.CorporateCidrs = []string{"0.0.0.0/0"} }, []string{"default route"}},
		{"target outside the corporate network", func(a *ResolverEndpointsArgs) { a.Outbound.TargetIps = []string{"8.8.8.8"} },
			[]string{`Outbound.TargetIps[0] = "8.8.8.8"`, "outside the corporate CIDRs"}},
		{"bad domain", func(a *ResolverEndpointsArgs) { a.Outbound.DomainNames = []string{"Corp.Example.com."} }, []string{`Outbound.DomainNames[0] = "Corp.Example.com."`}},
		{"no targets", func(a *ResolverEndpointsArgs) { a.Outbound.TargetIps = nil }, []string{"Outbound.TargetIps is not set"}},
		{"no VPC", func(a *ResolverEndpointsArgs) { a.VpcId = nil }, []string{"VpcId is not set"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := resArgs(true)
			tc.mutate(args)
			rec, err := resRun(t, args)
			componenttest.AssertRejected(t, rec, err, tc.want...)
		})
	}
}

func TestConditionalForwarders(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"api.sagemaker.us-east-1.amazonaws.com", "sts.us-east-1.amazonaws.com", "studio.us-east-1.sagemaker.aws"},
		ConditionalForwarders("us-east-1", []string{"sts", "studio", "sagemaker.api", "nope"}))
}
