// Package netfixture holds a valid EndpointHub and SpokeVpc, and recording runners, for the tests of
// other component groups (the owning package's internal tests keep theirs: they cannot import a
// package that imports network).
package netfixture

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	TgwID   = "tgw-0123456789abcdef0"
	TgwRtID = "tgw-rtb-0123456789abcdef0"
)

// HubArgs is a valid hub in the first azs AZs with two spokes; each call returns a fresh value.
func HubArgs(azs int) *network.EndpointHubArgs {
	return &network.EndpointHubArgs{
		Region:            "us-east-1",
		CidrBlock:         "10.0.0.0/20",
		AvailabilityZones: append([]string(nil), componenttest.NetAZs[:azs]...),
		SpokeCidrs:        map[string]string{"ml": "10.1.0.0/16", "data": "10.2.0.0/16"},
		Tags:              map[string]string{"team": "platform"},
	}
}

// RunHub registers the hub "hub" under the recording mock (dev stack).
func RunHub(t *testing.T, args *network.EndpointHubArgs, opts ...pulumi.ResourceOption) (*recorder.Recording, error) {
	t.Helper()
	return componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		_, err := network.NewEndpointHub(ctx, "hub", args, opts...)
		return err
	})
}

// SpokeArgs is a valid spoke "ml" of the hub above (TgwID, TgwRtID); each call returns a fresh value.
func SpokeArgs(azs int) *network.SpokeVpcArgs {
	return &network.SpokeVpcArgs{
		Region:            "us-east-1",
		CidrBlock:         "10.1.0.0/16",
		AvailabilityZones: append([]string(nil), componenttest.NetAZs[:azs]...),
		Hub: network.HubRef{Region: "us-east-1", Cidr: "10.0.0.0/20",
			TransitGatewayId: pulumi.String(TgwID), TransitGatewayRouteTableId: pulumi.String(TgwRtID),
			ZoneIds: map[string]pulumi.StringInput{
				"sagemaker.api": pulumi.String("ZAPI"), "studio": pulumi.String("ZSTUDIO"), "sts": pulumi.String("ZSTS"),
			}},
		S3BucketNames: []string{"ml-data-bucket", "ml-models.example"},
		Tags:          map[string]string{"team": "ml"},
	}
}

// RunSpoke registers the spoke "ml" under the recording mock (dev stack).
func RunSpoke(t *testing.T, args *network.SpokeVpcArgs, opts ...pulumi.ResourceOption) (*recorder.Recording, error) {
	t.Helper()
	return componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		_, err := network.NewSpokeVpc(ctx, "ml", args, opts...)
		return err
	})
}
