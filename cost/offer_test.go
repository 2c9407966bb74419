package cost_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/cost"
)

// readFixture reads testdata/offers/name keeping service's usage types for region.
func readFixture(t *testing.T, name, service, region string) (cost.Offer, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "offers", name))
	require.NoError(t, err)
	defer f.Close()
	return cost.ReadOffer(f, cost.OfferUsageTypes(service, region))
}

// TestSelectionByUsageTypeAndRegionPrefix: one offer holds the endpoint-hour usage type under
// every prefix and look-alikes; each region picks exactly its own line (EUC1- for Frankfurt, EU-
// for Ireland, none for us-east-1, USW2- for Oregon), never a look-alike or London's.
func TestSelectionByUsageTypeAndRegionPrefix(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		region, usageType string
		usd               float64
	}{
		{"us-east-1", "VpcEndpoint-Hours", 0.01},
		{"eu-west-1", "EU-VpcEndpoint-Hours", 0.011},
		{"eu-central-1", "EUC1-VpcEndpoint-Hours", 0.012},
		{"us-west-2", "USW2-VpcEndpoint-Hours", 0.013},
	} {
		t.Run(tc.region, func(t *testing.T) {
			t.Parallel()
			o, err := readFixture(t, "prefixes.json", "AmazonVPC", tc.region)
			require.NoError(t, err)
			require.Len(t, o.Lines, 1, "ReadOffer keeps only the region's usage types: %+v", o.Lines)
			url := cost.OfferURL(cost.PriceListBase, "AmazonVPC", tc.region)
			got, missing, err := cost.SelectPrices(tc.region, o, url)
			require.NoError(t, err)
			e := got["interfaceEndpointAzHour"]
			assert.Equal(t, tc.usd, e.USD)
			assert.Equal(t, tc.usageType, e.UsageType)
			assert.Equal(t, cost.SourceOffer, e.Source)
			assert.Equal(t, "AmazonVPC", e.Service)
			assert.NotEmpty(t, e.SKU)
			assert.NotEmpty(t, e.RateCode)
			assert.Equal(t, "2026-10-01T18:00:00Z", e.PublicationDate)
			assert.Equal(t, "2026-10-01", e.Date)
			assert.Equal(t, "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonVPC/current/"+tc.region+"/index.json", e.URL)
			// The offer's other prices are reported missing, not zero.
			assert.Len(t, got, 1)
			assert.Contains(t, missing, "interfaceEndpointGb")
			assert.Contains(t, missing, "tgwAttachmentHour")
		})
	}
	// A region without a known prefix is refused, naming the allowed ones.
	o, err := readFixture(t, "prefixes.json", "AmazonVPC", "eu-central-1")
	require.NoError(t, err)
	_, _, err = cost.SelectPrices("eu-west-2", o, "")
	assert.ErrorContains(t, err, `region "eu-west-2" has no usage-type prefix; regions: eu-central-1, eu-west-1, us-east-1, us-west-2`)
}

// TestSelectionUSE1PrefixAndGlobalUsageTypes: in us-east-1 a USE1- usage type is the region's;
// a global usage type (HostedZone) has no prefix in any region; tiers are read in range order.
func TestSelectionUSE1PrefixAndGlobalUsageTypes(t *testing.T) {
	t.Parallel()
	for _, region := range []string{"us-east-1", "eu-central-1"} {
		o, err := readFixture(t, "route53.json", "AmazonRoute53", region)
		require.NoError(t, err)
		got, _, err := cost.SelectPrices(region, o, "")
		require.NoError(t, err)
		assert.Equal(t, 0.5, got["hostedZoneMonth"].USD, "%s: first tier (first 25 zones), not the $0.10 beyond", region)
		if region == "us-east-1" {
			assert.Equal(t, 0.125, got["resolverEndpointIpHour"].USD)
			assert.Equal(t, "USE1-ResolverNetworkInterface", got["resolverEndpointIpHour"].UsageType)
		} else {
			assert.NotContains(t, got, "resolverEndpointIpHour", "USE1- is not Frankfurt's")
		}
	}
}

// TestSelectionTakesTheFirstPaidTier: vended logs are priced at their first tier (first 10 TB)
// whatever the order of the dimensions; a free first tier is skipped and a per-request price is
// converted to the model's unit (per 10,000); a line with only a free tier gives no price.
func TestSelectionTakesTheFirstPaidTier(t *testing.T) {
	t.Parallel()
	o, err := readFixture(t, "tiers.json", "AmazonCloudWatch", "eu-central-1")
	require.NoError(t, err)
	got, _, err := cost.SelectPrices("eu-central-1", o, "")
	require.NoError(t, err)
	assert.Equal(t, 0.63, got["logsIngestionGb"].USD)
	assert.Contains(t, got["logsIngestionGb"].Note, "tier 1", "the dimension whose range starts at 0")
	assert.Equal(t, 0.3, got["customMetricMonth"].USD)

	o, err = readFixture(t, "freetier.json", "AWSCodeArtifact", "eu-central-1")
	require.NoError(t, err)
	got, missing, err := cost.SelectPrices("eu-central-1", o, "")
	require.NoError(t, err)
	assert.Equal(t, 0.05, got["codeArtifactRequests10k"].USD, "$0.000005 per request × 10,000, free tier skipped")
	assert.NotContains(t, got, "codeArtifactStorageGbMonth", "only a free tier: no price")
	assert.Contains(t, missing, "codeArtifactStorageGbMonth")
}

func TestSelectionAndReadingFailures(t *testing.T) {
	t.Parallel()
	o, err := readFixture(t, "ambiguous.json", "AmazonVPC", "eu-central-1")
	require.NoError(t, err)
	_, _, err = cost.SelectPrices("eu-central-1", o, "")
	assert.ErrorContains(t, err, "interfaceEndpointAzHour in eu-central-1: usage type [EUC1-VpcEndpoint-Hours] matches SKU")
	assert.ErrorContains(t, err, "narrow the selection")

	_, err = readFixture(t, "terms-first.json", "AmazonVPC", "eu-central-1")
	assert.ErrorContains(t, err, "terms come before products")
	_, err = readFixture(t, "bad-price.json", "AmazonVPC", "eu-central-1")
	assert.ErrorContains(t, err, `pricePerUnit.USD "twelve" is not a number`)
	_, err = readFixture(t, "prefixes.json", "AmazonVPC", "eu-central-1")
	assert.NoError(t, err, "the passing case")
}
