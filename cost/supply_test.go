package cost_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/cost"
)

func supplyBase() cost.Inputs {
	return cost.Inputs{Region: "us-east-1", HubAZs: 2, Endpoints: 7, HostedZones: 7, KMSKeys: 2, FlowLogGBPerMonth: 5,
		Spokes: []cost.Spoke{{Name: "research", AZs: 2, FlowLogRetentionDays: 30}}}
}

// Priced by hand: 20 GB × $0.05 + 500,000 requests / 10,000 × $0.05 + 40 GB × $0.10 + 2 keys × $1
// = 1 + 2.5 + 4 + 2 = $9.50 a month, in every design.
func TestSupplyCostHandComputed(t *testing.T) {
	t.Parallel()
	without, err := cost.Compute(supplyBase())
	require.NoError(t, err)
	in := supplyBase()
	in.Supply = &cost.SupplyInputs{Packages: true, Images: true, PackageStorageGB: 20, PackageRequestsPerMonth: 500000, ImageStorageGB: 40, KMSKeys: 2}
	est, err := cost.Compute(in)
	require.NoError(t, err)
	for _, tc := range []struct {
		prefix   string
		qty, usd float64
	}{
		{"CodeArtifact storage", 20, 1},
		{"CodeArtifact requests", 50, 2.5},
		{"ECR storage", 40, 4},
		{"KMS keys (supply path)", 2, 2},
	} {
		it := itemByResource(t, est.Items, tc.prefix)
		assert.InDelta(t, tc.qty, it.Quantity, 1e-9, tc.prefix)
		assert.InDelta(t, tc.usd, it.MonthlyUSD, cent, tc.prefix)
	}
	assert.InDelta(t, without.MonthlyUSD+9.5, est.MonthlyUSD, cent)
	for k, alt := range est.Alternatives {
		assert.InDelta(t, without.Alternatives[k].MonthlyUSD+9.5, alt.MonthlyUSD, cent, "%s pays for the supply path too", k)
	}
	// Every volume given: the supply path adds only its unconfirmed us-east-1 prices (CodeArtifact);
	// ECR's is from its AWS page.
	assert.Equal(t, append(assumedPrices(without.Assumptions, "us-east-1"), "codeArtifactStorageGbMonth", "codeArtifactRequests10k"),
		assumedPrices(est.Assumptions, "us-east-1"))
	assert.Len(t, est.Assumptions, len(without.Assumptions)+2)
	assert.Contains(t, est.PriceSource, "https://aws.amazon.com/ecr/pricing/")
	assert.NotContains(t, without.PriceSource, "https://aws.amazon.com/ecr/pricing/")
}

func TestSupplyCostDefaultsAndRegions(t *testing.T) {
	t.Parallel()
	in := supplyBase()
	in.Region = "eu-central-1"
	in.Supply = &cost.SupplyInputs{Packages: true, KMSKeys: 1}
	est, err := cost.Compute(in)
	require.NoError(t, err)
	it := itemByResource(t, est.Items, "CodeArtifact storage")
	assert.Equal(t, cost.DefaultPackageStorageGB, it.Quantity)
	assert.Subset(t, assumedPrices(est.Assumptions, "eu-central-1"), []string{"codeArtifactStorageGbMonth", "codeArtifactRequests10k"})
	assert.NotContains(t, assumedPrices(est.Assumptions, "eu-central-1"), "ecrStorageGbMonth", "no images: ECR's price is not used")
	assert.Contains(t, est.Assumptions, "CodeArtifact storage GB 10 (default)")
	assert.Contains(t, est.Assumptions, "CodeArtifact requests per month 250000 (default)")
	for _, i := range est.Items {
		assert.NotEqual(t, "ECR storage", i.Resource, "no images, no ECR storage")
	}
}

func TestSupplyCostValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		s    cost.SupplyInputs
		want string
	}{
		{"negative storage", cost.SupplyInputs{Packages: true, PackageStorageGB: -1}, "Supply.PackageStorageGB is -1"},
		{"NaN requests", cost.SupplyInputs{Packages: true, PackageRequestsPerMonth: math.NaN()}, "Supply.PackageRequestsPerMonth"},
		{"negative keys", cost.SupplyInputs{Images: true, KMSKeys: -2}, "Supply.KMSKeys is -2"},
		{"nothing", cost.SupplyInputs{}, "neither Packages nor Images"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := supplyBase()
			s := tc.s
			in.Supply = &s
			_, err := cost.Compute(in)
			assert.ErrorContains(t, err, tc.want)
		})
	}
}
