package main

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	accesscomp "github.com/vpconly/sagemaker-landing-zone/components/access"
	"github.com/vpconly/sagemaker-landing-zone/cost"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// The plan's corporateDns field: dev has no inbound endpoint, so it exports the records the
// corporate DNS holds (name -> the hub endpoint's regional DNS name) and no conditional
// forwarders; prod forwards to an inbound endpoint per AZ. Both price the Resolver alternatives,
// and dev's own design is two addresses cheaper than one inbound endpoint per AZ.
func TestPlanCorporateDns(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			code, out, errs := plan(t, landingzone.Run, "--stack", stack, "--format", "json")
			require.Equal(t, exitOK, code, errs)
			var p struct {
				Cost         cost.Estimate     `json:"cost"`
				CorporateDns *planCorporateDns `json:"corporateDns"`
			}
			require.NoError(t, json.Unmarshal([]byte(out), &p))
			d := p.CorporateDns
			require.NotNil(t, d)
			switch stack {
			case "dev":
				assert.Equal(t, accesscomp.ResolverInboundNone, d.Inbound)
				assert.Zero(t, d.InboundAddresses)
				assert.Empty(t, d.ConditionalForwarders)
				want := accesscomp.CorporateDnsRecords("us-east-1", []string{"sagemaker.api", "studio"})
				require.Len(t, d.Records, len(want))
				for i, r := range d.Records {
					assert.Equal(t, want[i], r.CorporateDnsRecord)
					assert.Contains(t, r.Resource, "VpcEndpoint::hub-"+r.Endpoint)
					assert.Contains(t, r.Target, ".vpce.", "the endpoint's regional DNS name")
				}
				alt, ok := p.Cost.Alternatives[cost.AltResolverInboundPerAz]
				require.True(t, ok)
				assert.InDelta(t, 182.50, alt.DeltaUSD, 0.01, "an inbound endpoint in each of dev's two AZs")
			case "prod":
				assert.Equal(t, accesscomp.ResolverAddressesPerAz, d.Inbound)
				assert.Equal(t, 3, d.InboundAddresses)
				assert.Equal(t, 3, d.OutboundAddresses)
				assert.Empty(t, d.Records)
				assert.NotEmpty(t, d.ConditionalForwarders)
				for _, k := range []string{cost.AltResolverInboundTwo, cost.AltResolverInboundNone, cost.AltResolverOutboundTwo, cost.AltResolverNoForwarding} {
					assert.Negative(t, p.Cost.Alternatives[k].DeltaUSD, k)
				}
			}
		})
	}
}
