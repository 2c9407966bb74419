package cost

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestComputeRuntime(t *testing.T) {
	t.Parallel()
	e, err := ComputeRuntime(RuntimeInputs{Region: "us-east-1", DNSFirewallVPCs: 2, DNSFirewallDomains: 20,
		QueryLogRetentionDays: 30, ConfigRules: 6, Dashboards: 1, Alarms: 3, CustomMetrics: 4, KMSKeys: 3})
	require.NoError(t, err)
	byName := map[string]Item{}
	for _, it := range e.Items {
		byName[it.Resource] = it
	}
	// 2 VPCs × 10 M queries × $0.60.
	assert.InDelta(t, 12.0, byName["DNS Firewall queries"].MonthlyUSD, 1e-9)
	assert.InDelta(t, 0.02, byName["DNS Firewall domain lists"].MonthlyUSD, 1e-9)
	// 20 M queries × 500 B = 10 GB ingested at $0.50, 10 GB stored (30 days) at $0.03.
	assert.InDelta(t, 5.0, byName["Resolver query logs ingestion"].MonthlyUSD, 1e-9)
	assert.InDelta(t, 0.3, byName["Resolver query logs storage"].MonthlyUSD, 1e-9)
	assert.InDelta(t, 6.0, byName["AWS Config rule evaluations"].MonthlyUSD, 1e-9)
	assert.InDelta(t, 3.0, byName["CloudWatch dashboards"].MonthlyUSD, 1e-9)
	assert.InDelta(t, 0.3, byName["CloudWatch alarms"].MonthlyUSD, 1e-9)
	assert.InDelta(t, 1.2, byName["metric-filter custom metrics"].MonthlyUSD, 1e-9)
	assert.InDelta(t, 3.0, byName["KMS keys (runtime controls)"].MonthlyUSD, 1e-9)
	sum := 0.0
	for _, it := range e.Items {
		sum += it.MonthlyUSD
	}
	assert.InDelta(t, sum, e.MonthlyUSD, 0.005)
	assert.Contains(t, e.Assumptions, "10 million DNS queries per VPC per month")
	assert.Contains(t, e.Assumptions, "1000 AWS Config evaluations per rule per month")
}

func TestComputeRuntimeNothingAndErrors(t *testing.T) {
	t.Parallel()
	e, err := ComputeRuntime(RuntimeInputs{Region: "eu-central-1"})
	require.NoError(t, err)
	assert.Zero(t, e.MonthlyUSD)
	assert.Empty(t, e.Items)
	_, err = ComputeRuntime(RuntimeInputs{Region: "mars-1"})
	assert.ErrorContains(t, err, `region "mars-1" is not priced`)
	_, err = ComputeRuntime(RuntimeInputs{Region: "us-east-1", Alarms: -1})
	assert.ErrorContains(t, err, "Alarms = -1")
}
