package network

import (
	"encoding/json"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const hubRefStack = "acme/network/dev"

// exportedHub runs a network program with netHubArgs(2) and returns its HubOutput as a
// StackReference returns it (through JSON: maps, []any), with the recording.
func exportedHub(t *testing.T) (map[string]any, *recorder.Recording) {
	t.Helper()
	var mu sync.Mutex
	var raw []byte
	rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		hub, err := NewEndpointHub(ctx, "hub", NetHubArgs(2))
		if err != nil {
			return err
		}
		hub.Ref().Export(pulumi.String("210987654321")).ToMapOutput().ApplyT(func(m map[string]any) (int, error) {
			b, err := json.Marshal(m)
			mu.Lock()
			defer mu.Unlock()
			raw = b
			return 0, err
		})
		return nil
	})
	require.NoError(t, err)
	mu.Lock()
	defer mu.Unlock()
	var out map[string]any
	require.NoError(t, json.Unmarshal(raw, &out))
	return out, rec
}

// cloneHub deep-copies an exported hub through JSON.
func cloneHub(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(m)
	require.NoError(t, err)
	var out map[string]any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// TestHubRefFromStackWiresASpokeInAnotherProgram is the StackReference recipe end to end: the
// network program exports Ref().Export under HubOutput, a workload program builds the HubRef in
// one call and attaches a spoke to the very Transit Gateway, route table and zones.
func TestHubRefFromStackWiresASpokeInAnotherProgram(t *testing.T) {
	t.Parallel()
	exported, netRec := exportedHub(t)
	assert.ElementsMatch(t, []string{HubKeyAccount, HubKeyRegion, HubKeyVpcId, HubKeyCidr, HubKeyTransitGatewayId,
		HubKeyTransitGatewayRouteTableId, HubKeyZoneIds, HubKeyEndpointIds, HubKeyEndpointKeys, HubKeyConnectivity,
		HubKeyRouteTableIds}, slices.Collect(maps.Keys(exported)))
	var ref HubRef
	rec, err := recorder.Run(recorder.Options{Stack: "workload", Config: map[string]string{"aws:region": "us-east-1"},
		StackOutputs: map[string]map[string]any{hubRefStack: {HubOutput: exported}}}, func(ctx *pulumi.Context) error {
		sr, err := pulumi.NewStackReference(ctx, hubRefStack, nil)
		if err != nil {
			return err
		}
		if ref, err = HubRefFromStack(ctx, sr, SageMakerAPIEndpointKey); err != nil {
			return err
		}
		args := NetSpokeArgs(2)
		args.Hub = ref
		_, err = NewSpokeVpc(ctx, "ml", args)
		return err
	})
	require.NoError(t, err)
	assert.Equal(t, "210987654321", ref.Account)
	assert.Equal(t, "us-east-1", ref.Region)
	assert.Equal(t, "10.0.0.0/20", ref.Cidr)
	assert.Equal(t, RequiredEndpointKeys(), ref.EndpointKeys)
	tgw := componenttest.FindOne(t, netRec, componenttest.TypeTransitGateway, "hub-tgw").ID
	tgwRT := componenttest.FindOne(t, netRec, componenttest.TypeTgwRouteTable, "hub-tgw-rt").ID
	att := componenttest.FindOne(t, rec, componenttest.TypeTgwAttachment, "ml-tgw-attachment")
	assert.Equal(t, tgw, componenttest.InputString(att, "transitGatewayId"))
	assert.Equal(t, tgwRT, componenttest.InputString(componenttest.FindOne(t, rec, componenttest.TypeTgwAssociation, "ml-tgw-association"), "transitGatewayRouteTableId"))
	for _, r := range rec.ByType(componenttest.TypeRoute) {
		assert.Equal(t, "10.0.0.0/20", componenttest.InputString(r, "destinationCidrBlock"), r.Name)
		assert.Equal(t, tgw, componenttest.InputString(r, "transitGatewayId"), r.Name)
	}
	zones := map[string]bool{}
	for _, z := range rec.ByType(componenttest.TypeZoneAssociation) {
		zones[componenttest.InputString(z, "zoneId")] = true
	}
	want := map[string]bool{}
	for _, k := range RequiredEndpointKeys() {
		want[componenttest.FindOne(t, netRec, componenttest.TypeZone, "hub-"+k+"-zone").ID] = true
	}
	assert.Equal(t, want, zones, "one association per hub zone")
}

func TestHubRefFromStackWithoutTheOutput(t *testing.T) {
	t.Parallel()
	rec, err := recorder.Run(recorder.Options{Stack: "workload", Config: map[string]string{"aws:region": "us-east-1"},
		StackOutputs: map[string]map[string]any{hubRefStack: {"hubCidr": "10.0.0.0/20"}}}, func(ctx *pulumi.Context) error {
		sr, err := pulumi.NewStackReference(ctx, hubRefStack, nil)
		if err != nil {
			return err
		}
		ref, err := HubRefFromStack(ctx, sr)
		if err != nil {
			return err
		}
		args := NetSpokeArgs(2)
		args.Hub = ref
		_, err = NewSpokeVpc(ctx, "ml", args)
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `stack output "hub" of stack `+hubRefStack+" is missing")
	assert.Empty(t, rec.ByType(componenttest.TypeVpc), "nothing registered")
	_, err = HubRefFromStack(nil, nil)
	assert.ErrorContains(t, err, "stack reference is nil")
}

func TestHubRefFromOutputs(t *testing.T) {
	t.Parallel()
	exported, _ := exportedHub(t)
	cases := []struct {
		name  string
		edit  func(m map[string]any)
		value any // used when edit is nil
		needs []string
		want  []string // substrings of the error; none: valid
	}{
		{name: "as exported", edit: func(map[string]any) {}, needs: []string{"sagemaker.api", "sts"}},
		{name: "deploying account", edit: func(m map[string]any) { m[HubKeyAccount] = "" }},
		{name: "missing output", value: nil, want: []string{`stack output "hub" of stack ` + hubRefStack + " is missing"}},
		{name: "not a map", value: "10.0.0.0/20", want: []string{"is a string", HubKeyTransitGatewayRouteTableId}},
		{name: "missing key", edit: func(m map[string]any) { delete(m, HubKeyTransitGatewayId) },
			want: []string{`key "transitGatewayId" is missing`, "tgw-"}},
		{name: "mistyped key", edit: func(m map[string]any) { m[HubKeyCidr] = []any{"10.0.0.0/20"} },
			want: []string{`key "cidr" is []interface {}{"10.0.0.0/20"}`, "IPv4 CIDR"}},
		{name: "not a CIDR", edit: func(m map[string]any) { m[HubKeyCidr] = "10.0.0.0" }, want: []string{`key "cidr" is "10.0.0.0"`}},
		{name: "id of the wrong kind", edit: func(m map[string]any) {
			m[HubKeyTransitGatewayRouteTableId] = m[HubKeyTransitGatewayId]
		}, want: []string{`key "transitGatewayRouteTableId"`, "tgw-rtb-"}},
		{name: "bad account", edit: func(m map[string]any) { m[HubKeyAccount] = "acme" }, want: []string{`key "account" is "acme"`}},
		{name: "bad region", edit: func(m map[string]any) { m[HubKeyRegion] = "mars" }, want: []string{`key "region" is "mars"`}},
		{name: "unknown zone key", edit: func(m map[string]any) { m[HubKeyZoneIds].(map[string]any)["s4"] = "ZABC" },
			want: []string{`key "zoneIds.s4" is "ZABC"`, "catalog key"}},
		{name: "endpoint ids not a map", edit: func(m map[string]any) { m[HubKeyEndpointIds] = "vpce-1" },
			want: []string{`key "endpointIds" is "vpce-1"`, "a map from endpoint catalog key"}},
		{name: "endpoint keys disagree", edit: func(m map[string]any) { m[HubKeyEndpointKeys] = []any{"sts"} },
			want: []string{`key "endpointKeys"`, "the keys of endpointIds"}},
		{name: "endpoint keys missing", edit: func(m map[string]any) { delete(m, HubKeyEndpointKeys) },
			want: []string{`key "endpointKeys" is missing`}},
		{name: "needed endpoint absent", edit: func(map[string]any) {}, needs: []string{"ecr.dkr"},
			want: []string{`the hub has no "ecr.dkr" endpoint`}},
		{name: "network stack from before connectivity", edit: func(m map[string]any) {
			delete(m, HubKeyConnectivity)
			delete(m, HubKeyRouteTableIds)
		}},
		{name: "unknown connectivity", edit: func(m map[string]any) { m[HubKeyConnectivity] = "vpn" },
			want: []string{`key "connectivity" is "vpn"`, "transitGateway, peering"}},
		{name: "peering hub without a Transit Gateway", edit: func(m map[string]any) {
			m[HubKeyConnectivity] = ConnectivityPeering
			m[HubKeyTransitGatewayId], m[HubKeyTransitGatewayRouteTableId] = "", ""
		}},
		{name: "transit gateway hub without a Transit Gateway", edit: func(m map[string]any) { m[HubKeyTransitGatewayId] = "" },
			want: []string{`key "transitGatewayId" is ""`}},
		{name: "peering hub without route tables", edit: func(m map[string]any) {
			m[HubKeyConnectivity] = ConnectivityPeering
			delete(m, HubKeyRouteTableIds)
		}, want: []string{`key "routeTableIds" is missing`, "availability zone to the hub's route table id"}},
		{name: "route table id of the wrong kind", edit: func(m map[string]any) {
			m[HubKeyRouteTableIds].(map[string]any)["us-east-1a"] = "tgw-rtb-0123456789abcdef0"
		}, want: []string{`key "routeTableIds.us-east-1a" is "tgw-rtb-0123456789abcdef0"`}},
		{name: "route table under something that is not a zone", edit: func(m map[string]any) {
			m[HubKeyRouteTableIds].(map[string]any)["zone-a"] = "rtb-0123456789abcdef0"
		}, want: []string{`key "routeTableIds.zone-a"`}},
		{name: "every problem at once", edit: func(m map[string]any) { delete(m, HubKeyVpcId); m[HubKeyRegion] = 1 },
			want: []string{`key "vpcId" is missing`, `key "region" is 1`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			value := tc.value
			if tc.edit != nil {
				m := cloneHub(t, exported)
				tc.edit(m)
				value = m
			}
			ref, err := HubRefFromOutputs(hubRefStack, value, tc.needs...)
			if len(tc.want) == 0 {
				require.NoError(t, err)
				assert.Equal(t, "10.0.0.0/20", ref.Cidr)
				assert.Len(t, ref.EndpointIds, len(RequiredEndpointKeys()))
				assert.Len(t, ref.ZoneIds, len(RequiredEndpointKeys()))
				// A HubRef read from a stack passes the spoke's validation as is.
				args := NetSpokeArgs(2)
				args.Hub = ref
				assert.NoError(t, args.Validate("ml"))
				return
			}
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Equal(t, HubRef{}, ref)
		})
	}
}

// TestHubEndpointIDNeverPanics covers what an Apply over Hub.EndpointIds may resolve to: a string,
// a pulumi.ID (a resource's ID() wired directly), anything else is an error naming the key.
func TestHubEndpointIDNeverPanics(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   any
		want string
		err  string
	}{
		{"vpce-0a", "vpce-0a", ""},
		{pulumi.ID("vpce-0b"), "vpce-0b", ""},
		{42, "", `Hub.EndpointIds["sagemaker.api"] resolved to a int (42)`},
		{nil, "", `Hub.EndpointIds["sagemaker.api"] resolved to a <nil>`},
	} {
		got, err := HubEndpointID(tc.in, SageMakerAPIEndpointKey)
		if tc.err != "" {
			assert.ErrorContains(t, err, tc.err)
			continue
		}
		assert.NoError(t, err)
		assert.Equal(t, tc.want, got)
	}
}
