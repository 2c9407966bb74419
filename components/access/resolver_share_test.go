package access

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	typeRuleAssociation = "aws:route53/resolverRuleAssociation:ResolverRuleAssociation"
	typeRamAccepter     = "aws:ram/resourceShareAccepter:ResourceShareAccepter"
	typeRamPrincipal    = "aws:ram/principalAssociation:PrincipalAssociation"
)

// runRuleShare shares one rule with the workload account (its provider "workload", one VPC)
// from the network provider.
func runRuleShare(t *testing.T, withinOrg bool, principals []string) (*recorder.Recording, error) {
	t.Helper()
	return componenttest.RunStack(t, "dev", func(ctx *pulumi.Context) error {
		workload, network, err := componenttest.WorkloadAndNetworkProviders(ctx)
		if err != nil {
			return err
		}
		_, err = NewResolverRuleShare(ctx, "dns-rules", &ResolverRuleShareArgs{
			Rules: map[string]SharedResolverRule{"corp.example.com": {
				Arn:    pulumi.String("arn:aws:route53resolver:us-east-1:333333333333:resolver-rule/rslvr-rr-1"),
				RuleId: pulumi.String("rslvr-rr-1")}},
			Accounts: map[string]ResolverRuleAccount{"222222222222": {Provider: workload,
				VpcIds: map[string]pulumi.StringInput{"research": pulumi.String("vpc-research")}}},
			WithinOrganization: withinOrg,
			Principals:         principals,
		}, pulumi.Provider(network))
		return err
	})
}

// The association is created by the VPC's account (the workload provider), after the share
// reached it; outside an organization the invitation is accepted there first, inside one with
// RAM organization sharing there is no invitation and so no accepter.
func TestResolverRuleShareAssociatesInTheVpcsAccount(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		withinOrg bool
		accepters int
	}{
		{"invitations (RAM organization sharing off)", false, 1},
		{"RAM organization sharing on: no invitation", true, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := runRuleShare(t, tc.withinOrg, nil)
			require.NoError(t, err)
			assoc := componenttest.FindOne(t, rec, typeRuleAssociation, "dns-rules-corp-example-com-research")
			assert.Contains(t, assoc.Provider, "::workload::", "the VPC's account associates the rule")
			assert.Equal(t, "vpc-research", componenttest.InputString(assoc, "vpcId"))
			assert.Equal(t, "rslvr-rr-1", componenttest.InputString(assoc, "resolverRuleId"))
			pa := componenttest.FindOne(t, rec, typeRamPrincipal, "dns-rules-corp-example-com-222222222222")
			assert.Contains(t, pa.Provider, "::network::", "the rule's owner shares it")
			assert.Contains(t, assoc.Dependencies, pa.URN, "the association waits for the share")
			acc := rec.ByType(typeRamAccepter)
			require.Len(t, acc, tc.accepters)
			for _, a := range acc {
				assert.Contains(t, a.Provider, "::workload::", "the invited account accepts")
				assert.Contains(t, assoc.Dependencies, a.URN, "the association waits for the acceptance")
			}
			share := componenttest.FindOne(t, rec, "aws:ram/resourceShare:ResourceShare", "dns-rules-corp-example-com-share")
			b, _ := componenttest.InputBool(share, "allowExternalPrincipals")
			assert.Equal(t, !tc.withinOrg, b)
		})
	}
}

func TestResolverRuleShareRejects(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args *ResolverRuleShareArgs
		want []string
	}{
		{"nil", nil, []string{"args"}},
		{"no rules, no accounts", &ResolverRuleShareArgs{}, []string{"Rules", "AccountIds"}},
		{"bad domain", &ResolverRuleShareArgs{Rules: map[string]SharedResolverRule{"Corp": {Arn: pulumi.String("a"), RuleId: pulumi.String("r")}}},
			[]string{`Rules["Corp"]`}},
		{"account without provider or VPCs", &ResolverRuleShareArgs{
			Rules:    map[string]SharedResolverRule{"corp.example.com": {Arn: pulumi.String("a"), RuleId: pulumi.String("r")}},
			Accounts: map[string]ResolverRuleAccount{"222222222222": {}}},
			[]string{`Accounts["222222222222"].Provider`, `Accounts["222222222222"].VpcIds`}},
		{"OU principal with invitations", &ResolverRuleShareArgs{
			Rules:      map[string]SharedResolverRule{"corp.example.com": {Arn: pulumi.String("a"), RuleId: pulumi.String("r")}},
			Principals: []string{"arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-cdef3456"}},
			[]string{"Principals only with WithinOrganization"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := ValidateResolverRuleShare("dns-rules", tc.args)
			require.Error(t, err)
			for _, w := range tc.want {
				assert.True(t, strings.Contains(err.Error(), w), "%q in %v", w, err)
			}
		})
	}
}

func TestAmazonSideAsn(t *testing.T) {
	t.Parallel()
	for asn, ok := range map[int64]bool{64511: false, 64512: true, 64513: true, 65534: true, 65535: false, 4199999999: false,
		4200000000: true, 4294967294: true, 4294967295: false, 0: false} {
		assert.Equal(t, ok, network.CheckAmazonSideAsn(asn) == nil, "%d", asn)
	}
	assert.NotEqual(t, int64(network.AwsDefaultAmazonSideAsn), network.TransitGatewayAsn(0), "the default is not AWS's 64512")
	assert.NotEqual(t, int64(DefaultBgpAsn), network.TransitGatewayAsn(0), "nor the default customer gateway ASN")
	assert.NoError(t, network.CheckAmazonSideAsn(network.TransitGatewayAsn(0)))
	assert.Equal(t, int64(65000), network.TransitGatewayAsn(65000))
}

// The hub's Transit Gateway carries the ASN; an invalid one is refused before registration.
func TestEndpointHubTransitGatewayAsn(t *testing.T) {
	t.Parallel()
	hub := func(asn int64) (*recorder.Recording, error) {
		return componenttest.RunStack(t, "dev", func(ctx *pulumi.Context) error {
			_, err := network.NewEndpointHub(ctx, "hub", &network.EndpointHubArgs{Region: "us-east-1", CidrBlock: "10.0.0.0/24",
				AvailabilityZones: []string{"us-east-1a", "us-east-1b"}, SpokeCidrs: map[string]string{"a": "10.1.0.0/20"},
				AccountId: pulumi.String("123456789012"), AmazonSideAsn: asn})
			return err
		})
	}
	for asn, want := range map[int64]float64{0: network.DefaultTransitGatewayAsn, 4200000001: 4200000001} {
		rec, err := hub(asn)
		require.NoError(t, err)
		assert.Equal(t, want, componenttest.InputNumber(componenttest.FindOne(t, rec, componenttest.TypeTransitGateway, "hub-tgw"), "amazonSideAsn"))
	}
	rec, err := hub(65535)
	componenttest.AssertRejected(t, rec, err, "AmazonSideAsn", "65535")
}
