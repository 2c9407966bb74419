package components

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	return runDev(t, func(ctx *pulumi.Context) error {
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
	assert.Equal(t, map[string]int{ResolverEndpointsType: 1, typeSecurityGroup: 1, typeIngressRule: 4, typeResolverEndpoint: 1}, countTypes(rec))
	ep := findOne(t, rec, typeResolverEndpoint, "dns-inbound")
	sg := findOne(t, rec, typeSecurityGroup, "dns-inbound")
	assert.Equal(t, "INBOUND", inputString(ep, "direction"))
	assert.Equal(t, []string{sg.ID}, recorder.Strings(ep.Input("securityGroupIds")))
	assert.Equal(t, "subnet-0a", inputString(ep, "ipAddresses.0.subnetId"))
	assert.Equal(t, "subnet-0b", inputString(ep, "ipAddresses.1.subnetId"))
	assert.Equal(t, "vpc-0hub", inputString(sg, "vpcId"))
	for _, cidr := range []string{"192.168.0.0/16", "172.16.0.0/12"} {
		for _, proto := range []string{"tcp", "udp"} {
			r := findOne(t, rec, typeIngressRule, "dns-inbound-dns-"+proto+"-from-"+CidrKey(cidr))
			assert.Equal(t, sg.ID, inputString(r, "securityGroupId"))
			assert.Equal(t, proto, inputString(r, "ipProtocol"))
			assert.Equal(t, cidr, inputString(r, "cidrIpv4"))
			assert.Equal(t, 53.0, inputNumber(r, "fromPort"))
			assert.Equal(t, 53.0, inputNumber(r, "toPort"))
		}
	}
}

// TestResolverOutbound: forwarding rules per domain to the corporate servers, associated with
// every given VPC; the outbound group only talks DNS to those servers.
func TestResolverOutbound(t *testing.T) {
	t.Parallel()
	rec, err := resRun(t, resArgs(true))
	require.NoError(t, err)
	assert.Equal(t, map[string]int{ResolverEndpointsType: 1, typeSecurityGroup: 2, typeIngressRule: 4, typeEgressRule: 4,
		typeResolverEndpoint: 2, typeResolverRule: 2, typeResolverRuleAssociation: 4}, countTypes(rec))
	out := findOne(t, rec, typeResolverEndpoint, "dns-outbound")
	assert.Equal(t, "OUTBOUND", inputString(out, "direction"))
	outSG := findOne(t, rec, typeSecurityGroup, "dns-outbound")
	for _, r := range rec.ByType(typeEgressRule) {
		assert.Equal(t, outSG.ID, inputString(r, "securityGroupId"))
		assert.Contains(t, []string{"192.168.10.10/32", "172.16.0.10/32"}, inputString(r, "cidrIpv4"), r.Name)
		assert.Equal(t, 53.0, inputNumber(r, "fromPort"))
	}
	for _, r := range rec.ByType(typeIngressRule) {
		assert.NotEqual(t, outSG.ID, inputString(r, "securityGroupId"), "the outbound group admits nothing")
	}
	rule := findOne(t, rec, typeResolverRule, "dns-forward-corp-example-com")
	assert.Equal(t, "FORWARD", inputString(rule, "ruleType"))
	assert.Equal(t, "corp.example.com", inputString(rule, "domainName"))
	assert.Equal(t, out.ID, inputString(rule, "resolverEndpointId"))
	assert.Equal(t, "192.168.10.10", inputString(rule, "targetIps.0.ip"))
	assert.Equal(t, 53.0, inputNumber(rule, "targetIps.0.port"))
	for _, vpc := range []string{"ml", "data"} {
		a := findOne(t, rec, typeResolverRuleAssociation, "dns-forward-corp-example-com-"+vpc)
		assert.Equal(t, rule.ID, inputString(a, "resolverRuleId"))
		assert.Equal(t, "vpc-0"+vpc, inputString(a, "vpcId"))
	}
}

func TestResolverEndpointsExplicitProvider(t *testing.T) {
	t.Parallel()
	rec, err := runWithExplicitProvider(t, "us-east-1", func(ctx *pulumi.Context, p *aws.Provider) error {
		_, err := NewResolverEndpoints(ctx, "dns", resArgs(true), pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	assertChildrenInherit(t, rec, ResolverEndpointsType, "dns", 18)
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
			assertRejected(t, rec, err, tc.want...)
		})
	}
}

func TestConditionalForwarders(t *testing.T) {
	t.Parallel()
	assert.Equal(t, []string{"api.sagemaker.us-east-1.amazonaws.com", "sts.us-east-1.amazonaws.com", "studio.us-east-1.sagemaker.aws"},
		ConditionalForwarders("us-east-1", []string{"sts", "studio", "sagemaker.api", "nope"}))
}
