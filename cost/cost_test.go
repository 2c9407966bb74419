package cost_test

import (
	"bytes"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/finops"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/cost"
)

const cent = 0.005

func itemByResource(t *testing.T, items []cost.Item, prefix string) cost.Item {
	t.Helper()
	for _, it := range items {
		if strings.HasPrefix(it.Resource, prefix) {
			return it
		}
	}
	t.Fatalf("no item %q in %+v", prefix, items)
	return cost.Item{}
}

// A small input priced by hand with the us-east-1 table (0.01 $/endpoint-AZ-hour,
// 0.05 $/attachment-hour, 0.50 $/zone, 1 $/key, 0.50 $/GB ingested, 0.03 $/GB-month stored,
// 0.045 $/NAT-hour, 0.005 $/IPv4-hour).
func TestComputeHandComputedSmallInput(t *testing.T) {
	t.Parallel()
	est, err := cost.Compute(cost.Inputs{
		Region: "us-east-1", HubAZs: 2, Endpoints: 3,
		Spokes:  []cost.Spoke{{Name: "research", AZs: 2, FlowLogRetentionDays: 30}},
		KMSKeys: 2, HostedZones: 3, FlowLogGBPerMonth: 10,
	})
	require.NoError(t, err)

	tests := []struct {
		prefix           string
		qty, unit, month float64
	}{
		{"Interface endpoints (hub", 3 * 2 * 730, 0.01, 43.80}, // 4380 h × 0.01
		{"Transit Gateway attachments", 2 * 730, 0.05, 73.00},  // hub + 1 spoke = 1460 h × 0.05
		{"Route 53 private hosted zones", 3, 0.50, 1.50},
		{"KMS keys", 2, 1.00, 2.00},
		{"Flow logs: CloudWatch Logs ingestion", 10, 0.50, 5.00},
		// 10 GB/month kept 30 days = 10×30×12/365 = 9.863 GB-month × 0.03 = 0.296
		{"Flow logs: CloudWatch Logs storage", 10 * 30 * 12 / 365.0, 0.03, 0.30},
	}
	for _, tt := range tests {
		it := itemByResource(t, est.Items, tt.prefix)
		assert.InDelta(t, tt.qty, it.Quantity, 1e-9, tt.prefix)
		assert.InDelta(t, tt.unit, it.UnitUSD, 1e-12, tt.prefix)
		assert.InDelta(t, tt.month, it.MonthlyUSD, cent, tt.prefix)
	}
	assert.Len(t, est.Items, len(tests), "no traffic given: no data-processing lines")
	// 43.80 + 73.00 + 1.50 + 2.00 + 5.00 + 0.30
	assert.InDelta(t, 125.60, est.MonthlyUSD, cent)
	assert.InDelta(t, 0.03, est.PerGBUSD, 1e-12, "endpoint 0.01 + TGW 0.02 per GB")

	// Per-spoke endpoints: 3 endpoints × 2 spoke AZs × 730 h × 0.01 = 43.80, + KMS + flow logs.
	ps := est.Alternatives[cost.AltPerSpokeEndpoints]
	assert.InDelta(t, 43.80+2.00+5.00+0.30, ps.MonthlyUSD, cent)
	assert.InDelta(t, ps.MonthlyUSD-est.MonthlyUSD, ps.DeltaUSD, cent)
	// NAT: 2 gateways × 730 × 0.045 = 65.70, 2 EIPs × 730 × 0.005 = 7.30, + KMS + flow logs.
	nat := est.Alternatives[cost.AltNATGateways]
	assert.InDelta(t, 65.70+7.30+2.00+5.00+0.30, nat.MonthlyUSD, cent)
	// Break-even of NAT with the hub: (125.60 − 80.30) / (0.045 − 0.03) = 3020 GB/month.
	require.NotNil(t, nat.BreakEvenGBPerMonth)
	assert.InDelta(t, 3020, *nat.BreakEvenGBPerMonth, 1)
	// Per-spoke endpoints are cheaper per GB and in fixed cost with one spoke: they never meet.
	assert.Nil(t, ps.BreakEvenGBPerMonth)

	assert.Equal(t, "us-east-1", est.Region)
	assert.Equal(t, cost.PriceDateOf("us-east-1"), est.PriceDate)
	assert.Contains(t, est.PriceSource, "cost/prices/us-east-1.json")
	assert.Contains(t, est.PriceSource, "https://aws.amazon.com/kms/pricing/")
	// The flow-log volume was given: the only assumptions are the us-east-1 prices no AWS source
	// confirmed, each once, for every design's lines.
	assert.Equal(t, []string{"interfaceEndpointAzHour", "tgwAttachmentHour", "natGatewayHour", "logsIngestionGb",
		"logsStorageGbMonth", "hostedZoneMonth"}, assumedPrices(est.Assumptions, "us-east-1"))
	assert.Len(t, est.Assumptions, 6)
}

// assumedPrices are the price keys that assumptions name as assumed in region, in order.
func assumedPrices(assumptions []string, region string) []string {
	var out []string
	for _, a := range assumptions {
		for _, k := range cost.PriceKeys() {
			if strings.HasPrefix(a, k+" in "+region+" assumed") {
				out = append(out, k)
			}
		}
	}
	return out
}

// fullSet is the prod endpoint set of the stack file: 13 interface endpoints.
const fullSet = 13

// hubFixed / perSpokeFixed / natFixed are the designs' fixed monthly costs by formula, from the
// same price table, for equal-sized spokes.
func formulas(p cost.Prices, hubAZs, spokes, spokeAZs, zones, keys int, flowGB float64, days int) (hub, perSpoke, nat float64) {
	shared := float64(keys)*p.KMSKeyMonth + float64(spokes)*flowGB*p.LogsIngestionGB +
		float64(spokes)*flowGB*float64(days)*12/365*p.LogsStorageGBMonth
	hub = float64(fullSet*hubAZs)*730*p.InterfaceEndpointAZHour + float64(1+spokes)*730*p.TGWAttachmentHour +
		float64(zones)*p.HostedZoneMonth + shared
	perSpoke = float64(fullSet*spokes*spokeAZs)*730*p.InterfaceEndpointAZHour + shared
	nat = float64(spokes*spokeAZs)*730*(p.NATGatewayHour+p.PublicIPv4Hour) + shared
	return
}

func TestAlternativesAgainstHubByFormula(t *testing.T) {
	t.Parallel()
	tests := []struct {
		region                   string
		hubAZs, spokes, spokeAZs int
	}{
		{"us-east-1", 2, 2, 2},
		{"us-west-2", 3, 3, 3},
		{"eu-west-1", 3, 2, 3},
		{"eu-central-1", 3, 2, 3}, // the prod stack's shape
		{"eu-central-1", 2, 4, 2},
	}
	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			t.Parallel()
			var spokes []cost.Spoke
			for i := 0; i < tt.spokes; i++ {
				spokes = append(spokes, cost.Spoke{Name: string(rune('a' + i)), AZs: tt.spokeAZs, FlowLogRetentionDays: 731})
			}
			in := cost.Inputs{Region: tt.region, HubAZs: tt.hubAZs, Endpoints: fullSet, Spokes: spokes,
				KMSKeys: 4, HostedZones: fullSet, FlowLogGBPerMonth: 20}
			est, err := cost.Compute(in)
			require.NoError(t, err)
			p := cost.PriceTable()[tt.region]
			hub, perSpoke, nat := formulas(p, tt.hubAZs, tt.spokes, tt.spokeAZs, fullSet, 4, 20, 731)

			assert.InDelta(t, hub, est.MonthlyUSD, 0.05)
			ps := est.Alternatives[cost.AltPerSpokeEndpoints]
			assert.InDelta(t, perSpoke, ps.MonthlyUSD, 0.05)
			assert.Greater(t, ps.MonthlyUSD, est.MonthlyUSD,
				"with >= 2 spokes and the full endpoint set, per-spoke endpoints cost more than the hub")
			assert.Greater(t, ps.DeltaUSD, 0.0)

			// NAT gateways: fixed cost by formula; they cost more than the hub once the spokes'
			// traffic passes the break-even, which the estimate reports.
			na := est.Alternatives[cost.AltNATGateways]
			assert.InDelta(t, nat, na.MonthlyUSD, 0.05)
			hubPerGB := p.InterfaceEndpointGB + p.TGWDataGB
			breakEven := (hub - nat) / (p.NATDataGB - hubPerGB)
			require.NotNil(t, na.BreakEvenGBPerMonth)
			assert.InDelta(t, breakEven, *na.BreakEvenGBPerMonth, 1)

			// Run the same network with twice the break-even traffic: NAT now costs more.
			in.TrafficGBPerMonth = 2 * breakEven / float64(tt.spokes)
			busy, err := cost.Compute(in)
			require.NoError(t, err)
			traffic := 2 * breakEven
			assert.InDelta(t, hub+traffic*hubPerGB, busy.MonthlyUSD, 0.1)
			assert.InDelta(t, nat+traffic*p.NATDataGB, busy.Alternatives[cost.AltNATGateways].MonthlyUSD, 0.1)
			assert.Greater(t, busy.Alternatives[cost.AltNATGateways].MonthlyUSD, busy.MonthlyUSD)
			assert.Greater(t, busy.Alternatives[cost.AltPerSpokeEndpoints].MonthlyUSD, 0.0)
		})
	}
}

func TestTrafficAddsDataProcessingLines(t *testing.T) {
	t.Parallel()
	est, err := cost.Compute(cost.Inputs{Region: "us-east-1", HubAZs: 2, Endpoints: 5,
		Spokes: []cost.Spoke{{Name: "a", AZs: 2}, {Name: "b", AZs: 2}}, TrafficGBPerMonth: 100})
	require.NoError(t, err)
	ep := itemByResource(t, est.Items, "Interface endpoint data processing")
	assert.InDelta(t, 200, ep.Quantity, 1e-9, "100 GB per spoke × 2 spokes")
	assert.InDelta(t, 2.00, ep.MonthlyUSD, cent)
	tgw := itemByResource(t, est.Items, "Transit Gateway data processing")
	assert.InDelta(t, 4.00, tgw.MonthlyUSD, cent)
	nat := itemByResource(t, est.Alternatives[cost.AltNATGateways].Items, "NAT gateway data processing")
	assert.InDelta(t, 9.00, nat.MonthlyUSD, cent)
	// Defaults: 5 GB of flow logs per spoke, kept 365 days (12 months).
	ing := itemByResource(t, est.Items, "Flow logs: CloudWatch Logs ingestion")
	assert.InDelta(t, 2*cost.DefaultFlowLogGBPerMonth, ing.Quantity, 1e-9)
	st := itemByResource(t, est.Items, "Flow logs: CloudWatch Logs storage")
	assert.InDelta(t, 2*cost.DefaultFlowLogGBPerMonth*12, st.Quantity, 1e-9)
	assert.Contains(t, strings.Join(est.Assumptions, "\n"), "flow-log volume 5 GB per spoke per month (default)")
	// Zero-quantity lines (no KMS keys, no zones) are left out.
	for _, it := range est.Items {
		assert.NotEqual(t, "KMS keys", it.Resource)
	}
}

func TestComputeRejectsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   cost.Inputs
		want []string
	}{
		{"unpriced region", cost.Inputs{Region: "ap-south-1", HubAZs: 2, Spokes: []cost.Spoke{{Name: "a", AZs: 2}}},
			[]string{`Region "ap-south-1" has no prices`, "priced regions: eu-central-1, eu-west-1, us-east-1, us-west-2"}},
		{"empty region", cost.Inputs{HubAZs: 2, Spokes: []cost.Spoke{{Name: "a", AZs: 2}}},
			[]string{`Region "" has no prices`}},
		{"everything wrong at once", cost.Inputs{Region: "us-east-1", HubAZs: 0, Endpoints: -1, KMSKeys: -2,
			HostedZones: -3, FlowLogGBPerMonth: -1, TrafficGBPerMonth: -5,
			Spokes: []cost.Spoke{{Name: "a", AZs: 0}, {Name: "a", AZs: 1}, {AZs: 1, FlowLogRetentionDays: -1}}},
			[]string{"HubAZs is 0", "Endpoints is -1", "KMSKeys is -2", "HostedZones is -3",
				"FlowLogGBPerMonth is -1", "TrafficGBPerMonth is -5", `Spokes[0] ("a").AZs is 0`,
				`Spokes[1].Name "a" is a duplicate`, "Spokes[2].Name is empty", "FlowLogRetentionDays is -1"}},
		{"no spokes", cost.Inputs{Region: "us-east-1", HubAZs: 2}, []string{"Spokes is empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := cost.Compute(tt.in)
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

// TestComputeHandComputedFrankfurt prices the prod stack's network (eu-central-1, a hub over 3
// AZs with 13 endpoints, 2 spokes over 3 AZs keeping flow logs 731 days, 4 KMS keys) by hand with
// the Frankfurt table, which holds AWS-sourced KMS (1 $/key) and public IPv4 (0.005 $/hour) prices
// only: everything else is us-east-1's, assumed (0.01 $/endpoint-AZ-hour, 0.05 $/attachment-hour,
// 0.50 $/zone, CloudWatch Logs 0.50 $/GB and 0.03 $/GB-month, NAT 0.045 $/hour) until
// cmd/prices fills the table.
func TestComputeHandComputedFrankfurt(t *testing.T) {
	t.Parallel()
	est, err := cost.Compute(cost.Inputs{
		Region: "eu-central-1", HubAZs: 3, Endpoints: 13, HostedZones: 13, KMSKeys: 4,
		Spokes: []cost.Spoke{{Name: "clinical", AZs: 3, FlowLogRetentionDays: 731}, {Name: "genomics", AZs: 3, FlowLogRetentionDays: 731}},
	})
	require.NoError(t, err)
	for _, tt := range []struct {
		prefix string
		month  float64
	}{
		{"Interface endpoints (hub", 284.70},           // 13 × 3 × 730 = 28,470 h × 0.01
		{"Transit Gateway attachments", 109.50},        // (1 hub + 2 spokes) × 730 = 2,190 h × 0.05
		{"Route 53 private hosted zones", 6.50},        // 13 × 0.50
		{"KMS keys", 4.00},                             // 4 × 1
		{"Flow logs: CloudWatch Logs ingestion", 5.00}, // default 5 GB × 2 spokes × 0.50
		{"Flow logs: CloudWatch Logs storage", 7.21},   // 2 × 5 × 731 × 12 / 365 = 240.33 GB-month × 0.03
	} {
		assert.InDelta(t, tt.month, itemByResource(t, est.Items, tt.prefix).MonthlyUSD, cent, tt.prefix)
	}
	assert.InDelta(t, 284.70+109.50+6.50+4.00+5.00+7.21, est.MonthlyUSD, cent) // 416.91
	// Per-spoke endpoints: 13 × 6 spoke AZs × 730 × 0.01 = 569.40, + 4 + 5 + 7.21.
	assert.InDelta(t, 585.61, est.Alternatives[cost.AltPerSpokeEndpoints].MonthlyUSD, cent)
	// NAT: 6 × 730 × 0.045 = 197.10, IPv4 6 × 730 × 0.005 = 21.90, + 4 + 5 + 7.21.
	assert.InDelta(t, 235.21, est.Alternatives[cost.AltNATGateways].MonthlyUSD, cent)
	// Every price but KMS and public IPv4 is listed as assumed equal to us-east-1.
	assert.Equal(t, []string{"interfaceEndpointAzHour", "tgwAttachmentHour", "natGatewayHour", "logsIngestionGb",
		"logsStorageGbMonth", "hostedZoneMonth"}, assumedPrices(est.Assumptions, "eu-central-1"))
	assert.Contains(t, est.Assumptions, "interfaceEndpointAzHour in eu-central-1 assumed equal to us-east-1 ($0.01): "+
		"cost/prices/eu-central-1.json has no AWS price for it; go run ./cmd/prices --region eu-central-1")
}

func TestTableAndMapShowTheSameEstimate(t *testing.T) {
	t.Parallel()
	est, err := cost.Compute(cost.Inputs{Region: "us-east-1", HubAZs: 2, Endpoints: 3,
		Spokes:  []cost.Spoke{{Name: "research", AZs: 2, FlowLogRetentionDays: 30}},
		KMSKeys: 2, HostedZones: 3, FlowLogGBPerMonth: 10})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, est.WriteTable(&buf))
	out := buf.String()
	assert.Contains(t, out, "$125.60/month")
	assert.Contains(t, out, "Alternative natGateways: $80.30/month (-45.30 vs hub)")
	assert.Contains(t, out, "break-even with the hub: 3020 GB/month")
	assert.Contains(t, out, "Alternative perSpokeEndpoints: $51.10/month")
	assert.Contains(t, out, "https://aws.amazon.com/kms/pricing/")
	assert.Contains(t, out, "Assumed: tgwAttachmentHour in us-east-1 assumed $0.05")

	m := est.AsMap()
	assert.InDelta(t, 125.60, m["monthlyUsd"], cent)
	alts := m["alternatives"].(map[string]any)
	assert.InDelta(t, 80.30, alts["natGateways"].(map[string]any)["monthlyUsd"], cent)
	items := m["items"].([]any)
	first := items[0].(map[string]any)
	for _, k := range []string{"resource", "quantity", "unitUsd", "monthlyUsd"} {
		assert.Contains(t, first, k)
	}
}

// TestEveryLineNamesItsBudgetService: every line of every design names the AWS Budgets service it
// is billed under, and BudgetServices lists exactly those services.
func TestEveryLineNamesItsBudgetService(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, region := range cost.PricedRegions() {
		est, err := cost.Compute(cost.Inputs{Region: region, HubAZs: 3, Endpoints: 13, KMSKeys: 4, HostedZones: 13, TrafficGBPerMonth: 50,
			Spokes: []cost.Spoke{{Name: "a", AZs: 3}, {Name: "b", AZs: 2}},
			Supply: &cost.SupplyInputs{Packages: true, Images: true, KMSKeys: 2},
			Access: cost.Access{ResolverEndpointIPs: 2, VPNConnections: 1, CorporateAttachments: 1},
			Runtime: &cost.RuntimeInputs{DNSFirewallVPCs: 3, DNSFirewallDomains: 40, QueryLogRetentionDays: 365, ConfigRules: 6,
				Dashboards: 1, Alarms: 2, CustomMetrics: 3, KMSKeys: 3}})
		if !assert.NoError(t, err) {
			return
		}
		items := append([]cost.Item(nil), est.Items...)
		for _, a := range est.Alternatives {
			items = append(items, a.Items...)
		}
		for _, it := range items {
			assert.NotEmpty(t, it.Service, "%s: %s", region, it.Resource)
			seen[it.Service] = true
		}
	}
	var want []string
	for s := range seen {
		want = append(want, s)
	}
	sort.Strings(want)
	assert.Equal(t, want, cost.BudgetServices())
	assert.Equal(t, []string{cost.ServiceCodeArtifact, cost.ServiceConfig, cost.ServiceKMS, cost.ServiceECR, cost.ServiceRoute53, cost.ServiceVPC,
		cost.ServiceCloudWatch, cost.ServiceEC2Other}, cost.BudgetServices())
	// The budget component watches exactly the services the estimate prices.
	assert.Equal(t, finops.NetworkBudgetServices(), cost.BudgetServices())
}

// TestPeeringQuotaIsTheComponents: the estimate's peering quota is the one the hub enforces.
func TestPeeringQuotaIsTheComponents(t *testing.T) {
	t.Parallel()
	assert.Equal(t, network.DefaultPeeringQuota, cost.PeeringsPerVPCDefault)
	assert.Equal(t, network.MaxPeeringQuota, cost.PeeringsPerVPCMax)
}

// TestPriceTableIsACopy: changing the returned table, down to a region's sources, does not
// change the prices the estimate uses.
func TestPriceTableIsACopy(t *testing.T) {
	t.Parallel()
	want := cost.PriceTable()["us-east-1"]
	got := cost.PriceTable()
	p := got["us-east-1"]
	p.NATGatewayHour = 99
	require.NotEmpty(t, p.Sources)
	for k, e := range p.Sources {
		e.URL = "changed"
		p.Sources[k] = e
	}
	got["us-east-1"] = p
	delete(got, "eu-central-1")
	again := cost.PriceTable()
	assert.Equal(t, want, again["us-east-1"])
	assert.Contains(t, again, "eu-central-1")
}
