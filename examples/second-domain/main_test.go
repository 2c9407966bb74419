package main

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	lzconfig "github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/internal/stackconfig"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// landingZoneStack is the stack the example extends in these tests.
const landingZoneStack = "acme/sagemaker-landing-zone/dev"

// devOutputs runs the landing zone's dev stack (../../Pulumi.dev.yaml) under the same mock and
// returns the outputs it exports, as plain JSON values: the example is tested against what
// landingzone really exports, so renaming or reshaping an output it reads fails here.
func devOutputs(t *testing.T) (map[string]any, *lzconfig.Config) {
	t.Helper()
	devOnce.Do(func() {
		values, err := stackconfig.Load("../..", "dev")
		if err != nil {
			devErr = err
			return
		}
		cfg, err := lzconfig.FromGetter("dev", func(k string) (string, bool) { v, ok := values[k]; return v, ok })
		if err != nil {
			devErr = err
			return
		}
		devCfg = cfg
		var outs recorder.Captured
		_, devErr = recorder.Run(recorder.Options{Project: lzconfig.Project, Stack: "dev", Config: values}, func(ctx *pulumi.Context) error {
			lz, err := landingzone.Build(ctx, cfg)
			if err == nil {
				outs.Capture(lz.Outputs())
			}
			return err
		})
		devOuts = outs.Value()
	})
	require.NoError(t, devErr)
	require.NotEmpty(t, devOuts)
	return devOuts, devCfg
}

var (
	devOnce sync.Once
	devOuts map[string]any
	devCfg  *lzconfig.Config
	devErr  error
)

func runWith(t *testing.T, cfg map[string]string) (*recorder.Recording, error) {
	t.Helper()
	outs, _ := devOutputs(t)
	return runWithOutputs(t, cfg, outs)
}

// runWithOutputs runs the example against outs as the landing zone stack's outputs.
func runWithOutputs(t *testing.T, cfg map[string]string, outs map[string]any) (*recorder.Recording, error) {
	t.Helper()
	_, lzCfg := devOutputs(t)
	base := map[string]string{
		"aws:region":                     lzCfg.Region,
		"second-domain:landingZoneStack": landingZoneStack,
		"second-domain:spoke":            lzCfg.Spokes[0].Name,
		"second-domain:domainName":       "research-vision",
		"second-domain:users":            `["maya","nils"]`,
	}
	for k, v := range cfg {
		base[k] = v
	}
	return recorder.Run(recorder.Options{Project: "second-domain", Stack: "example", Config: base,
		StackOutputs: map[string]map[string]any{landingZoneStack: outs}}, program)
}

func TestSecondDomainLandsInTheExistingSpoke(t *testing.T) {
	t.Parallel()
	rec, err := runWith(t, nil)
	if !assert.NoError(t, err) {
		return
	}
	outs, lzCfg := devOutputs(t)
	spoke, ok := outs[landingzone.OutputSpokes].(map[string]any)[lzCfg.Spokes[0].Name].(map[string]any)
	require.True(t, ok, "the dev stack exports its spoke under %s", landingzone.OutputSpokes)
	vpcID, _ := spoke[landingzone.SpokeOutputVpcId].(string)
	require.NotEmpty(t, vpcID)
	var subnets []string
	for _, s := range spoke[landingzone.SpokeOutputSubnetIds].([]any) {
		subnets = append(subnets, s.(string))
	}
	require.Len(t, subnets, len(lzCfg.AvailabilityZones))
	doms := rec.ByType("aws:sagemaker/domain:Domain")
	if !assert.Len(t, doms, 1) {
		return
	}
	d := doms[0]
	assert.Equal(t, "VpcOnly", d.Input("appNetworkAccessType").StringValue())
	assert.Equal(t, vpcID, d.Input("vpcId").StringValue())
	assert.Equal(t, subnets, recorder.Strings(d.Input("subnetIds")))
	assert.Empty(t, rec.ByType("aws:ec2/vpc:Vpc"), "no new network: the spoke is reused")
	groups := rec.ByType("aws:ec2/securityGroup:SecurityGroup")
	assert.Len(t, groups, 3, "a domain group and one per user")
	for _, g := range groups {
		assert.Equal(t, vpcID, g.Input("vpcId").StringValue())
	}
	assert.Len(t, rec.ByType("aws:sagemaker/userProfile:UserProfile"), 2)
	// The new execution role carries a deny guard naming the existing spoke's subnets.
	found := false
	for _, p := range rec.ByType("aws:iam/policy:Policy") {
		if doc := p.Input("policy"); doc.IsString() && assert.NotEmpty(t, doc.StringValue()) {
			if containsAll(doc.StringValue(), append(subnets, "sagemaker:VpcSubnets")...) {
				found = true
			}
		}
	}
	assert.True(t, found, "a deny-guard policy names the spoke's subnets")
}

// devOutputsWith is a deep copy of the dev stack's outputs with the hub output changed by edit.
func devOutputsWith(t *testing.T, edit func(outs, hub map[string]any)) map[string]any {
	t.Helper()
	outs, _ := devOutputs(t)
	b, err := json.Marshal(outs)
	require.NoError(t, err)
	var cp map[string]any
	require.NoError(t, json.Unmarshal(b, &cp))
	hub, _ := cp[network.HubOutput].(map[string]any)
	edit(cp, hub)
	return cp
}

func TestSecondDomainUsesTheDevStacksHub(t *testing.T) {
	t.Parallel()
	rec, err := runWith(t, nil)
	require.NoError(t, err)
	outs, lzCfg := devOutputs(t)
	hub, err := network.HubRefFromOutputs("dev", outs[network.HubOutput])
	require.NoError(t, err, "the dev stack's hub output decodes")
	assert.Equal(t, lzCfg.Hub.CIDR, hub.Cidr)
	assert.Equal(t, lzCfg.Region, hub.Region)
	// The Studio groups allow HTTPS to the hub's CIDR, read from the hub output.
	cidrs := map[string]bool{}
	for _, r := range rec.ByType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule") {
		if c := r.Input("cidrIpv4"); c.IsString() {
			cidrs[c.StringValue()] = true
		}
	}
	assert.True(t, cidrs[lzCfg.Hub.CIDR], "an egress rule to the hub CIDR %s: %v", lzCfg.Hub.CIDR, cidrs)
}

func TestSecondDomainRejectsABadLandingZoneStack(t *testing.T) {
	t.Parallel()
	_, err := runWith(t, map[string]string{"second-domain:spoke": "nowhere"})
	if assert.Error(t, err) {
		assert.Contains(t, err.Error(), `no spoke "nowhere"`)
	}
	for _, tc := range []struct {
		name string
		edit func(outs, hub map[string]any)
		want []string
	}{
		{"renamed hub output", func(outs, hub map[string]any) { delete(outs, network.HubOutput); outs["hubRef"] = hub },
			[]string{`stack output "hub"`, "is missing"}},
		{"renamed key", func(_, hub map[string]any) {
			hub["tgwRouteTable"] = hub[network.HubKeyTransitGatewayRouteTableId]
			delete(hub, network.HubKeyTransitGatewayRouteTableId)
		}, []string{`key "transitGatewayRouteTableId" is missing`, "tgw-rtb-"}},
		{"mistyped CIDR", func(_, hub map[string]any) { hub[network.HubKeyCidr] = 24 },
			[]string{`key "cidr" is 24`, "IPv4 CIDR"}},
		{"hub without sagemaker.api", func(_, hub map[string]any) {
			delete(hub[network.HubKeyEndpointIds].(map[string]any), "sagemaker.api")
			delete(hub[network.HubKeyZoneIds].(map[string]any), "sagemaker.api")
			var keys []any
			for _, k := range hub[network.HubKeyEndpointKeys].([]any) {
				if k != "sagemaker.api" {
					keys = append(keys, k)
				}
			}
			hub[network.HubKeyEndpointKeys] = keys
		}, []string{`the hub has no "sagemaker.api" endpoint`}},
		{"other region", func(_, hub map[string]any) { hub[network.HubKeyRegion] = "eu-west-1" },
			[]string{`hub is in "eu-west-1"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := runWithOutputs(t, nil, devOutputsWith(t, tc.edit))
			if assert.Error(t, err) {
				for _, w := range tc.want {
					assert.Contains(t, err.Error(), w)
				}
			}
			if rec != nil {
				assert.Empty(t, rec.ByType("aws:sagemaker/domain:Domain"), "nothing is built on a bad hub")
			}
		})
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !contains(s, sub) {
			return false
		}
	}
	return true
}

func contains(s, sub string) bool {
	return strings.Contains(s, sub)
}
