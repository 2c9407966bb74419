package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/stacktest"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// landingZoneInputs are a stack's config values as LandingZone arguments: each
// "sagemaker-landing-zone:<key>" under <key> (structured values as JSON objects and lists), as a
// TypeScript or YAML program passes its configuration; aws:region stays in the consumer's config.
func landingZoneInputs(t *testing.T, values map[string]string) (map[string]any, map[string]string) {
	t.Helper()
	inputs := map[string]any{}
	consumer := map[string]string{}
	for k, v := range values {
		key, ok := strings.CutPrefix(k, config.Project+":")
		if !ok {
			consumer[k] = v
			continue
		}
		var parsed any
		if err := json.Unmarshal([]byte(v), &parsed); err != nil {
			parsed = v // a plain string value (environment)
		}
		inputs[key] = parsed
	}
	return inputs, consumer
}

// TestLandingZoneConstructsAsTheProgram: the LandingZone component, given a stack's
// configuration as arguments, registers what the Go program registers for that stack: the same
// resources (their URNs under the component), the same inputs; for each stack of the repository.
func TestLandingZoneConstructsAsTheProgram(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			values, err := stacktest.Values(stack)
			require.NoError(t, err)
			goRec, err := goRun(t, values, landingzone.Run)
			require.NoError(t, err)
			inputs, consumer := landingZoneInputs(t, values)
			provRec, resp, err := construct(t, LandingZoneType, "lz", inputs, consumer)
			require.NoError(t, err)
			assert.Greater(t, len(goRec.Resources), 50)
			sameChildren(t, goRec, provRec, LandingZoneType)

			// Every top-level resource is a child of the component.
			lz := provRec.ByType(LandingZoneType)
			require.Len(t, lz, 1)
			for _, r := range provRec.Resources {
				if r.URN != lz[0].URN && !strings.Contains(r.URN, LandingZoneType+"$") {
					t.Errorf("%s is not under the LandingZone", r.URN)
				}
			}
			// Outputs: the hub reference, spokes and domains by name.
			state := resp.State
			hub, ok := state.GetOk("hub")
			require.True(t, ok)
			assert.Equal(t, inputs["hub"].(map[string]any)["cidr"], hub.AsMap().Get(network.HubKeyCidr).AsString())
			spokes, ok := state.GetOk("spokes")
			require.True(t, ok)
			for _, s := range inputs["spokes"].([]any) {
				name := s.(map[string]any)["name"].(string)
				assert.True(t, spokes.AsMap().Get(name).IsMap(), "spokes.%s", name)
			}
		})
	}
}

// TestLandingZoneRegionFromArgumentOrConsumer: the region argument wins; without it the
// consumer stack's aws:region is used; with neither the stack's error names aws:region.
func TestLandingZoneRegionFromArgumentOrConsumer(t *testing.T) {
	t.Parallel()
	values, err := stacktest.Values("dev")
	require.NoError(t, err)
	inputs, _ := landingZoneInputs(t, values)

	rec, _, err := construct(t, LandingZoneType, "lz", inputs, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "aws:region")
	assert.Empty(t, rec.Resources, "nothing is registered before the arguments are valid")

	withRegion := map[string]any{"region": "us-east-1"}
	for k, v := range inputs {
		withRegion[k] = v
	}
	rec, _, err = construct(t, LandingZoneType, "lz", withRegion, nil)
	require.NoError(t, err)
	p, ok := rec.Find("pulumi:providers:aws", "aws-us-east-1")
	require.True(t, ok)
	assert.Equal(t, "us-east-1", p.String("region"))
}

// TestInvalidArgumentsFailAsInGo: invalid LandingZone arguments fail with the message the Go
// program gives for the same stack configuration, and invalid building-block arguments with the
// Go constructor's, before anything is registered.
func TestInvalidArgumentsFailAsInGo(t *testing.T) {
	t.Parallel()
	dev, err := stacktest.Values("dev")
	require.NoError(t, err)
	badHub, err := stacktest.WithJSON(dev, config.Project+":hub", func(m map[string]any) { m["cidr"] = "10.0.0.0/8" })
	require.NoError(t, err)
	noSpokes := map[string]string{}
	for k, v := range dev {
		if k != config.Project+":spokes" {
			noSpokes[k] = v
		}
	}
	for name, values := range map[string]map[string]string{"hub cidr /8": badHub, "no spokes": noSpokes} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, goErr := goRun(t, values, landingzone.Run)
			require.Error(t, goErr)
			inputs, consumer := landingZoneInputs(t, values)
			rec, _, err := construct(t, LandingZoneType, "lz", inputs, consumer)
			require.Error(t, err)
			assert.Contains(t, err.Error(), programError(goErr))
			assert.Empty(t, rec.Resources)
		})
	}

	hub := &network.EndpointHubArgs{Region: testRegion, CidrBlock: "10.0.0.0/8", AvailabilityZones: []string{"us-east-1a"}}
	_, goErr := goRun(t, map[string]string{"aws:region": testRegion}, func(ctx *pulumi.Context) error {
		_, err := network.NewEndpointHub(ctx, "blk", hub)
		return err
	})
	require.Error(t, goErr)
	rec, _, err := construct(t, network.EndpointHubType, "blk", inputsOf(hub), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), programError(goErr))
	assert.Empty(t, rec.Resources)
}

// programError is a Go program's error as the program returned it, without the SDK's
// "1 error occurred" wrapping of a run's errors.
func programError(err error) string {
	msg := strings.TrimSpace(err.Error())
	if rest, ok := strings.CutPrefix(msg, "1 error occurred:"); ok {
		msg = strings.TrimPrefix(strings.TrimSpace(rest), "* ")
	}
	return msg
}
