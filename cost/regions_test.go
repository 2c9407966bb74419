package cost_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/cost"
)

// TestIrelandTotalByHand prices one small network in eu-west-1 and in us-east-1 and checks both
// totals, and Ireland's NAT alternative, against arithmetic done by hand with the cited unit
// prices (cost/prices.go). Inputs: a hub over 2 AZs with 3 interface endpoints, 1 spoke over 2 AZs
// keeping flow logs 365 days, 10 GB of flow logs a month, 1 KMS key, 3 private hosted zones.
//
// eu-west-1 (hub design):
//
//	interface endpoints  3 endpoints × 2 AZs × 730 h = 4,380 endpoint-AZ-h × $0.011  =  48.18
//	TGW attachments      (1 hub + 1 spoke) × 730 h   = 1,460 attachment-h × $0.05    =  73.00
//	hosted zones         3 zones × $0.50                                              =   1.50
//	KMS keys             1 key × $1.00                                                =   1.00
//	flow-log ingestion   10 GB × $0.57 (EU-VendedLog-Bytes)                           =   5.70
//	flow-log storage     10 GB × 365 days × 12 / 365 = 120 GB-month × $0.03          =   3.60
//	total                                                                               132.98
//
// us-east-1, same inputs: endpoints 4,380 × $0.01 = 43.80; TGW 73.00; zones 1.50; KMS 1.00;
// ingestion 10 × $0.50 = 5.00; storage 120 × $0.03 = 3.60; total 127.90. Ireland costs $5.08 more:
// $4.38 of endpoint hours (4,380 × $0.001) and $0.70 of flow-log ingestion (10 × $0.07).
//
// eu-west-1 NAT alternative: NAT gateways 2 spoke AZs × 730 h = 1,460 h × $0.048 = 70.08; public
// IPv4 1,460 address-h × $0.005 = 7.30; shared lines KMS 1.00 + ingestion 5.70 + storage 3.60 =
// 10.30; total 87.68.
func TestIrelandTotalByHand(t *testing.T) {
	t.Parallel()
	in := func(region string) cost.Inputs {
		return cost.Inputs{Region: region, HubAZs: 2, Endpoints: 3, KMSKeys: 1, HostedZones: 3, FlowLogGBPerMonth: 10,
			Spokes: []cost.Spoke{{Name: "a", AZs: 2, FlowLogRetentionDays: 365}}}
	}
	tests := []struct {
		region      string
		total, nat  float64
		assumptions []string
	}{
		{"eu-west-1", 132.98, 87.68, []string{"crossAzDataGb in eu-west-1 assumed equal to us-east-1"}},
		{"us-east-1", 127.90, 82.60, nil}, // NAT: 1,460 × 0.045 = 65.70 + 7.30 + (1 + 5.00 + 3.60) = 82.60
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			t.Parallel()
			est, err := cost.Compute(in(tt.region))
			require.NoError(t, err)
			assert.InDelta(t, tt.total, est.MonthlyUSD, 0.001)
			assert.InDelta(t, tt.nat, est.Alternatives[cost.AltNATGateways].MonthlyUSD, 0.001)
			assert.Equal(t, tt.assumptions, est.Assumptions)
		})
	}
	// Per line, Ireland's regional prices are the ones used (not us-east-1's).
	est, err := cost.Compute(in("eu-west-1"))
	require.NoError(t, err)
	want := map[string]float64{
		"Interface endpoints (hub, per AZ)":                 48.18,
		"Transit Gateway attachments (hub + spokes)":        73.00,
		"Route 53 private hosted zones":                     1.50,
		"KMS keys":                                          1.00,
		"Flow logs: CloudWatch Logs ingestion":              5.70,
		"Flow logs: CloudWatch Logs storage (steady state)": 3.60,
	}
	require.Len(t, est.Items, len(want))
	for _, it := range est.Items {
		assert.InDelta(t, want[it.Resource], it.MonthlyUSD, 0.001, it.Resource)
	}
}

// TestRegionalSupplyAndRuntimeAssumptions: Ireland's ECR storage and alarm/metric prices are
// sourced, so only the prices still unknown there are listed as assumed; Frankfurt lists all.
func TestRegionalSupplyAndRuntimeAssumptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		region        string
		want, wantNot []string
	}{
		{"eu-west-1",
			[]string{"CodeArtifact prices in eu-west-1 assumed equal to us-east-1",
				"DNS Firewall, AWS Config and dashboard prices are us-east-1 list prices, assumed equal in eu-west-1"},
			[]string{"CodeArtifact and ECR prices in eu-west-1 assumed equal to us-east-1",
				"runtime-control prices are us-east-1 list prices, assumed equal in eu-west-1"}},
		{"eu-central-1",
			[]string{"CodeArtifact and ECR prices in eu-central-1 assumed equal to us-east-1",
				"runtime-control prices are us-east-1 list prices, assumed equal in eu-central-1"},
			nil},
		{"us-east-1", nil,
			[]string{"CodeArtifact and ECR prices in us-east-1 assumed equal to us-east-1",
				"runtime-control prices are us-east-1 list prices, assumed equal in us-east-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			t.Parallel()
			est, err := cost.Compute(cost.Inputs{Region: tt.region, HubAZs: 1, Endpoints: 1, FlowLogGBPerMonth: 1,
				Spokes:  []cost.Spoke{{Name: "a", AZs: 1}},
				Supply:  &cost.SupplyInputs{Packages: true, Images: true, PackageStorageGB: 1, PackageRequestsPerMonth: 1, ImageStorageGB: 1},
				Runtime: &cost.RuntimeInputs{Alarms: 1, CustomMetrics: 1}})
			require.NoError(t, err)
			for _, w := range tt.want {
				assert.Contains(t, est.Assumptions, w)
			}
			for _, w := range tt.wantNot {
				assert.NotContains(t, est.Assumptions, w)
			}
		})
	}
}
