package network

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
)

// fields are the fields of the *arg.Error values in err; each must have no component (the
// exported checks validate a part of a component's arguments on their own).
func fields(t *testing.T, err error) []string {
	t.Helper()
	args, other := arg.Errors(err)
	require.Empty(t, other)
	var out []string
	for _, e := range args {
		assert.Empty(t, e.Component, "a part's error names no component: %v", e)
		out = append(out, e.Field)
	}
	return out
}

// TestHubRefCheck: HubRef.Check validates only the parts a component needs, under "Hub.".
func TestHubRefCheck(t *testing.T) {
	t.Parallel()
	set := pulumi.String("x")
	tgwHub := HubRef{Region: "us-east-1", Cidr: "10.0.0.0/16", TransitGatewayId: set, TransitGatewayRouteTableId: set,
		EndpointIds: map[string]pulumi.StringInput{"sagemaker.api": pulumi.String("vpce-0123456789abcdef0")}}
	for _, tc := range []struct {
		name string
		hub  HubRef
		need HubNeeds
		want []string
	}{
		{"nothing needed", HubRef{}, HubNeeds{}, nil},
		{"all needed, all there", tgwHub, HubNeeds{Region: "us-east-1", Cidr: true, Tgw: true, Endpoints: []string{"sagemaker.api"}}, nil},
		{"bad account", HubRef{Account: "123"}, HubNeeds{}, []string{"Hub.Account"}},
		{"other region", tgwHub, HubNeeds{Region: "eu-west-1"}, []string{"Hub.Region"}},
		{"bad cidr", HubRef{Cidr: "10.0.0.0/33"}, HubNeeds{Cidr: true}, []string{"Hub.Cidr"}},
		{"no transit gateway", HubRef{}, HubNeeds{Tgw: true}, []string{"Hub.TransitGatewayId", "Hub.TransitGatewayRouteTableId"}},
		{"missing endpoint", tgwHub, HubNeeds{Endpoints: []string{"studio"}}, []string{`Hub.EndpointIds["studio"]`}},
		{"bad endpoint id", HubRef{EndpointIds: map[string]pulumi.StringInput{"studio": pulumi.String("sg-1")}},
			HubNeeds{Endpoints: []string{"studio"}}, []string{`Hub.EndpointIds["studio"]`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.hub.Check(tc.need)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, tc.want, fields(t, err))
		})
	}
}

func TestCheckCorporateCidrs(t *testing.T) {
	t.Parallel()
	own := map[string]string{"CidrBlock": "10.0.0.0/16"}
	for _, tc := range []struct {
		name  string
		cidrs []string
		want  []string
	}{
		{"none", nil, nil},
		{"disjoint", []string{"192.168.0.0/16", "172.16.0.0/12"}, nil},
		{"default route", []string{"0.0.0.0/0"}, []string{"CorporateCidrs[0]"}},
		{"wider than /8", []string{"192.168.0.0/16", "0.0.0.0/1"}, []string{"CorporateCidrs[1]"}},
		{"overlaps own", []string{"10.0.1.0/24"}, []string{"CorporateCidrs[0]"}},
		{"overlaps another", []string{"192.168.0.0/16", "192.168.1.0/24"}, []string{"CorporateCidrs[1]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := CheckCorporateCidrs("CorporateCidrs", tc.cidrs, own)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, tc.want, fields(t, err))
		})
	}
}

func TestCheckShareAccounts(t *testing.T) {
	t.Parallel()
	const a, b = "222222222222", "333333333333"
	ou := "arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-cdefgh34"
	var prov pulumi.ProviderResource = &pulumi.ProviderResourceState{}
	for _, tc := range []struct {
		name       string
		ids        []string
		withinOrg  bool
		accepters  map[string]pulumi.ProviderResource
		principals []string
		want       []string
	}{
		{"within the organization", []string{a, b}, true, nil, nil, nil},
		{"with accepters", []string{a}, false, map[string]pulumi.ProviderResource{a: prov}, nil, nil},
		{"with an OU", []string{a}, true, nil, []string{ou}, nil},
		{"no accounts", nil, true, nil, nil, []string{"AccountIds"}},
		{"bad and twice", []string{"12", a, a}, true, nil, nil, []string{"AccountIds[0]", "AccountIds[2]"}},
		{"no accepter", []string{a}, false, nil, nil, []string{`AccepterProviders["222222222222"]`}},
		{"OU outside the organization", []string{a}, false, map[string]pulumi.ProviderResource{a: prov}, []string{ou}, []string{"Principals[0]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := CheckShareAccounts(tc.ids, tc.withinOrg, tc.accepters, tc.principals)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, tc.want, fields(t, err))
		})
	}
}
