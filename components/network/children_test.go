package network

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
)

// TestChildrenAreExposedForExtension: the hub and the spoke expose the VPC, the subnets and the
// route tables they registered (in AZ order), the hub every endpoint by catalog key and the spoke
// its S3 endpoint, so a Go program can extend them; each exposed child is the registered resource
// of that name.
func TestChildrenAreExposedForExtension(t *testing.T) {
	t.Parallel()
	var hub *EndpointHub
	var spoke *SpokeVpc
	rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		var err error
		if hub, err = NewEndpointHub(ctx, "hub", NetHubArgs(2)); err != nil {
			return err
		}
		spoke, err = NewSpokeVpc(ctx, "ml", NetSpokeArgs(2))
		return err
	})
	require.NoError(t, err)
	urn := func(r pulumi.Resource) string {
		ch := make(chan string, 1)
		r.URN().ApplyT(func(u pulumi.URN) string { ch <- string(u); return "" })
		return <-ch
	}
	for _, tc := range []struct {
		comp        string
		vpc         pulumi.Resource
		subnets     int
		routeTables int
	}{
		{"hub", hub.Vpc, len(hub.Subnets), len(hub.RouteTables)},
		{"ml", spoke.Vpc, len(spoke.Subnets), len(spoke.RouteTables)},
	} {
		assert.Equal(t, 2, tc.subnets, tc.comp)
		assert.Equal(t, 2, tc.routeTables, tc.comp)
		require.NotNil(t, tc.vpc, tc.comp)
		assert.Contains(t, urn(tc.vpc), "::"+tc.comp+"-vpc", tc.comp)
	}
	for i, az := range componenttest.NetAZs[:2] {
		assert.Contains(t, urn(hub.Subnets[i]), "::hub-subnet-"+az)
		assert.Contains(t, urn(hub.RouteTables[i]), "::hub-rt-"+az)
		assert.Contains(t, urn(spoke.Subnets[i]), "::ml-subnet-"+az)
		assert.Contains(t, urn(spoke.RouteTables[i]), "::ml-rt-"+az)
	}
	keys := 0
	for _, r := range rec.ByType(componenttest.TypeVpcEndpoint) {
		if ep, ok := hub.Endpoints[r.Name[len("hub-"):]]; ok && len(r.Name) > 4 && r.Name[:4] == "hub-" {
			assert.Contains(t, urn(ep), "::"+r.Name)
			keys++
		}
	}
	assert.Equal(t, len(hub.Endpoints), keys, "every exposed endpoint is a registered hub endpoint")
	assert.NotEmpty(t, hub.Endpoints)
	require.NotNil(t, spoke.S3Endpoint)
	assert.Contains(t, urn(spoke.S3Endpoint), "::ml-s3")
}
