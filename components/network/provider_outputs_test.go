package network

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// TestEndpointHubEmptyDnsEntries: an interface endpoint whose dnsEntries come back empty (or
// without a name) fails the program with an error naming the endpoint, instead of panicking in
// the Apply that picks the alias target; no alias record is registered with a bad target.
func TestEndpointHubEmptyDnsEntries(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		outputs recorder.OutputsFunc
		errHas  string
	}{
		{"empty list", recorder.EmptyDnsEntries, "the provider returned no dnsEntries"},
		{"entry without a name", func(typ, _ string, state resource.PropertyMap) {
			if typ == "aws:ec2/vpcEndpoint:VpcEndpoint" {
				state["dnsEntries"] = resource.NewArrayProperty([]resource.PropertyValue{resource.NewObjectProperty(resource.PropertyMap{
					"hostedZoneId": resource.NewStringProperty("Z7HUB22UULQXV")})})
			}
		}, "dnsEntries[0] has no dnsName"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var rec *recorder.Recording
			var err error
			assert.NotPanics(t, func() {
				rec, err = recorder.Run(recorder.Options{Stack: "dev", Config: map[string]string{"aws:region": "us-east-1"}, Outputs: tc.outputs},
					func(ctx *pulumi.Context) error {
						_, err := NewEndpointHub(ctx, "hub", NetHubArgs(2))
						return err
					})
			})
			require.Error(t, err)
			assert.ErrorContains(t, err, "interface endpoint hub-")
			assert.ErrorContains(t, err, tc.errHas)
			for _, r := range rec.ByType(componenttest.TypeRecord) {
				assert.Empty(t, componenttest.InputString(r, "aliases.0.name"), "%s registered with an alias target", r.Name)
			}
		})
	}
	t.Run("the mock's default answer still works", func(t *testing.T) {
		t.Parallel()
		_, err := NetRunHub(t, NetHubArgs(2))
		assert.NoError(t, err)
	})
}

func TestFirstDnsEntry(t *testing.T) {
	t.Parallel()
	name, zone, empty := "vpce-1.sts.us-east-1.vpce.amazonaws.com", "Z7HUB22UULQXV", ""
	for _, tc := range []struct {
		name    string
		entries []ec2.VpcEndpointDnsEntry
		errHas  string
	}{
		{"nil", nil, "no dnsEntries"},
		{"empty name", []ec2.VpcEndpointDnsEntry{{DnsName: &empty, HostedZoneId: &zone}}, `dnsName=""`},
		{"nil zone", []ec2.VpcEndpointDnsEntry{{DnsName: &name}}, "hostedZoneId=<nil>"},
		{"first of several", []ec2.VpcEndpointDnsEntry{{DnsName: &name, HostedZoneId: &zone}, {}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e, err := core.FirstDnsEntry("hub-sts", tc.entries)
			if tc.errHas != "" {
				require.Error(t, err)
				assert.ErrorContains(t, err, "interface endpoint hub-sts")
				assert.ErrorContains(t, err, tc.errHas)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, name, *e.DnsName)
		})
	}
}
