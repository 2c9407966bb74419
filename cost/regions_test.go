package cost_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/cost"
)

// TestIrelandTotalByHand prices one small network in eu-west-1 and in us-east-1 and checks both
// totals, and the NAT alternative, against arithmetic done by hand. Inputs: a hub over 2 AZs with
// 3 interface endpoints, 1 spoke over 2 AZs keeping flow logs 365 days, 10 GB of flow logs a
// month, 1 KMS key, 3 private hosted zones.
//
// The committed eu-west-1 table holds AWS-sourced KMS and public IPv4 prices only (the earlier
// Irish figures came from third-party pages and were dropped), so every other line is priced at
// us-east-1's and listed as assumed; the totals are the same in both regions:
//
//	interface endpoints  3 endpoints × 2 AZs × 730 h = 4,380 endpoint-AZ-h × $0.01   =  43.80
//	TGW attachments      (1 hub + 1 spoke) × 730 h   = 1,460 attachment-h × $0.05    =  73.00
//	hosted zones         3 zones × $0.50                                              =   1.50
//	KMS keys             1 key × $1.00                                                =   1.00
//	flow-log ingestion   10 GB × $0.50                                                =   5.00
//	flow-log storage     10 GB × 365 days × 12 / 365 = 120 GB-month × $0.03          =   3.60
//	total                                                                               127.90
//
// NAT alternative: 1,460 gateway-h × $0.045 = 65.70; public IPv4 1,460 address-h × $0.005 = 7.30;
// shared lines KMS 1.00 + ingestion 5.00 + storage 3.60 = 9.60; total 82.60.
func TestIrelandTotalByHand(t *testing.T) {
	t.Parallel()
	in := func(region string) cost.Inputs {
		return cost.Inputs{Region: region, HubAZs: 2, Endpoints: 3, KMSKeys: 1, HostedZones: 3, FlowLogGBPerMonth: 10,
			Spokes: []cost.Spoke{{Name: "a", AZs: 2, FlowLogRetentionDays: 365}}}
	}
	assumed := []string{"interfaceEndpointAzHour", "tgwAttachmentHour", "natGatewayHour", "logsIngestionGb", "logsStorageGbMonth", "hostedZoneMonth"}
	for _, region := range []string{"eu-west-1", "us-east-1"} {
		t.Run(region, func(t *testing.T) {
			t.Parallel()
			est, err := cost.Compute(in(region))
			require.NoError(t, err)
			assert.InDelta(t, 127.90, est.MonthlyUSD, 0.001)
			assert.InDelta(t, 82.60, est.Alternatives[cost.AltNATGateways].MonthlyUSD, 0.001)
			assert.Equal(t, assumed, assumedPrices(est.Assumptions, region))
			assert.Len(t, est.Assumptions, len(assumed), "the flow-log volume was given: only prices are assumed")
			assert.NotContains(t, assumedPrices(est.Assumptions, region), "kmsKeyMonth", "KMS is AWS-sourced in both")
			assert.NotContains(t, assumedPrices(est.Assumptions, region), "publicIpv4Hour", "public IPv4 is AWS-sourced in both")
		})
	}
}

// TestRegionalSupplyAndRuntimeAssumptions: the supply and runtime prices a region's table lacks
// are listed as assumed, exactly those the estimate uses; us-east-1's AWS-sourced ones never are.
func TestRegionalSupplyAndRuntimeAssumptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		region        string
		want, wantNot []string
	}{
		{"eu-west-1", []string{"codeArtifactStorageGbMonth", "codeArtifactRequests10k", "ecrStorageGbMonth", "alarmMonth", "customMetricMonth"},
			[]string{"kmsKeyMonth", "dashboardMonth", "configRuleEvaluation"}},
		{"eu-central-1", []string{"codeArtifactStorageGbMonth", "codeArtifactRequests10k", "ecrStorageGbMonth", "alarmMonth", "customMetricMonth"},
			[]string{"kmsKeyMonth", "dnsFirewallPerMillionQueries"}},
		{"us-east-1", []string{"codeArtifactStorageGbMonth", "codeArtifactRequests10k"},
			[]string{"ecrStorageGbMonth", "alarmMonth", "customMetricMonth"}},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			t.Parallel()
			est, err := cost.Compute(cost.Inputs{Region: tt.region, HubAZs: 1, Endpoints: 1, FlowLogGBPerMonth: 1,
				Spokes:  []cost.Spoke{{Name: "a", AZs: 1}},
				Supply:  &cost.SupplyInputs{Packages: true, Images: true, PackageStorageGB: 1, PackageRequestsPerMonth: 1, ImageStorageGB: 1},
				Runtime: &cost.RuntimeInputs{Alarms: 1, CustomMetrics: 1}})
			require.NoError(t, err)
			got := assumedPrices(est.Assumptions, tt.region)
			assert.Subset(t, got, tt.want)
			for _, w := range tt.wantNot {
				assert.NotContains(t, got, w)
			}
			for _, k := range got {
				assert.Equal(t, 1, countOf(got, k), "%s listed once", k)
			}
		})
	}
}

func countOf(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}
