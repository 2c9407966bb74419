package cost

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Runtime controls' prices: the us-east-1 list prices, kept for callers; the estimate reads them
// from the price tables (Prices.DNSFirewallPerMillionQueries, ...), which a test pins equal to
// these. Sources: Amazon Route 53 pricing, "Route 53 Resolver DNS
// Firewall" (https://aws.amazon.com/route53/pricing/): $0.60 per million queries processed and
// $0.0009 per domain name per month stored in domain lists; Resolver query logging itself has no
// charge, its CloudWatch Logs delivery is billed as vended logs (Prices.LogsIngestionGB,
// LogsStorageGBMonth). AWS Config pricing (https://aws.amazon.com/config/pricing/): $0.001 per
// rule evaluation (first 100,000 a month), custom policy rules the same. Amazon CloudWatch
// pricing (https://aws.amazon.com/cloudwatch/pricing/): $3.00 per dashboard per month, $0.10 per
// standard-resolution alarm metric per month, $0.30 per custom metric per month (metric filters
// publish custom metrics). SNS email notifications: the first 1,000 a month are free.
const (
	DNSFirewallPerMillionQueries = 0.60
	DNSFirewallPerDomainMonth    = 0.0009
	ConfigRuleEvaluation         = 0.001
	DashboardMonth               = 3.00
	AlarmMonth                   = 0.10
	CustomMetricMonth            = 0.30
)

// Defaults of RuntimeInputs' usage assumptions.
const (
	// DefaultDNSQueriesPerVPCMonthMillions: 10 million queries a VPC a month (about 4 a second
	// around the clock): a lightly used ML VPC. Measure with the query logs and pass the figure.
	DefaultDNSQueriesPerVPCMonthMillions = 10.0
	// DefaultQueryLogBytesPerQuery: a Resolver query-log record is about 500 bytes of JSON.
	DefaultQueryLogBytesPerQuery = 500.0
	// DefaultConfigEvaluationsPerRuleMonth: 1,000 evaluations a rule a month (resource changes of
	// the scoped types; route tables and SageMaker resources change rarely).
	DefaultConfigEvaluationsPerRuleMonth = 1000.0
	// DefaultComplianceLogGBMonth: compliance-change events are small and rare.
	DefaultComplianceLogGBMonth = 0.01
)

// RuntimeInputs describe the runtime controls a stack builds.
type RuntimeInputs struct {
	Region string // must be in PriceTable
	// DNS Firewall: VPCs it protects (0: none built), domains in its lists (the allow-list plus
	// the block-all list's "*").
	DNSFirewallVPCs    int
	DNSFirewallDomains int
	// DNSQueriesPerVPCMonthMillions: 0 means DefaultDNSQueriesPerVPCMonthMillions.
	DNSQueriesPerVPCMonthMillions float64
	// QueryLogRetentionDays sets the stored volume at steady state (0: no query log).
	QueryLogRetentionDays int
	// ConfigRules is the number of AWS Config rules; ConfigEvaluationsPerRuleMonth 0 means the
	// default. The configuration recorder is not ours and is not counted.
	ConfigRules                   int
	ConfigEvaluationsPerRuleMonth float64
	// Dashboards, Alarms and CustomMetrics of the KPI dashboard.
	Dashboards, Alarms, CustomMetrics int
	// KMSKeys the runtime controls create (query logs, compliance log, alert topic).
	KMSKeys int
}

// RuntimeEstimate is the monthly cost of the runtime controls.
type RuntimeEstimate struct {
	MonthlyUSD  float64  `json:"monthlyUsd"`
	Items       []Item   `json:"items"`
	Region      string   `json:"region"`
	PriceDate   string   `json:"priceDate"`
	Assumptions []string `json:"assumptions"`
}

// ComputeRuntime estimates the runtime controls' monthly cost with the committed price tables.
func ComputeRuntime(in RuntimeInputs) (RuntimeEstimate, error) {
	return ComputeRuntimeWith(priceTable, in)
}

// ComputeRuntimeWith is ComputeRuntime with other price tables (see ComputeWith).
func ComputeRuntimeWith(pt map[string]Prices, in RuntimeInputs) (RuntimeEstimate, error) {
	p, ok := pt[in.Region]
	if !ok {
		regions := make([]string, 0, len(pt))
		for r := range pt {
			regions = append(regions, r)
		}
		sort.Strings(regions)
		return RuntimeEstimate{}, fmt.Errorf("cost: region %q is not priced: want one of %v", in.Region, regions)
	}
	var errs []error
	for name, v := range map[string]float64{"DNSFirewallVPCs": float64(in.DNSFirewallVPCs), "DNSFirewallDomains": float64(in.DNSFirewallDomains),
		"DNSQueriesPerVPCMonthMillions": in.DNSQueriesPerVPCMonthMillions, "QueryLogRetentionDays": float64(in.QueryLogRetentionDays),
		"ConfigRules": float64(in.ConfigRules), "ConfigEvaluationsPerRuleMonth": in.ConfigEvaluationsPerRuleMonth,
		"Dashboards": float64(in.Dashboards), "Alarms": float64(in.Alarms), "CustomMetrics": float64(in.CustomMetrics), "KMSKeys": float64(in.KMSKeys)} {
		if v < 0 {
			errs = append(errs, fmt.Errorf("cost: %s = %v: want >= 0", name, v))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return RuntimeEstimate{}, err
	}
	est := RuntimeEstimate{Region: in.Region, PriceDate: p.Date}
	if in.DNSFirewallVPCs > 0 {
		q := in.DNSQueriesPerVPCMonthMillions
		if q == 0 {
			q = DefaultDNSQueriesPerVPCMonthMillions
			est.Assumptions = append(est.Assumptions, fmt.Sprintf("%.0f million DNS queries per VPC per month", q))
		}
		queries := q * float64(in.DNSFirewallVPCs)
		est.Items = append(est.Items,
			priced(p, "dnsFirewallPerMillionQueries", ServiceRoute53, "DNS Firewall queries", "million queries", queries),
			priced(p, "dnsFirewallPerDomainMonth", ServiceRoute53, "DNS Firewall domain lists", "domain-month", float64(in.DNSFirewallDomains)))
		if in.QueryLogRetentionDays > 0 {
			gb := queries * 1e6 * DefaultQueryLogBytesPerQuery / 1e9
			est.Assumptions = append(est.Assumptions, fmt.Sprintf("%.0f bytes per query-log record", DefaultQueryLogBytesPerQuery))
			stored := gb * float64(in.QueryLogRetentionDays) / 30
			est.Items = append(est.Items,
				priced(p, "logsIngestionGb", ServiceCloudWatch, "Resolver query logs ingestion", "GB", gb),
				priced(p, "logsStorageGbMonth", ServiceCloudWatch, "Resolver query logs storage", "GB-month", stored))
		}
	}
	if in.ConfigRules > 0 {
		e := in.ConfigEvaluationsPerRuleMonth
		if e == 0 {
			e = DefaultConfigEvaluationsPerRuleMonth
			est.Assumptions = append(est.Assumptions, fmt.Sprintf("%.0f AWS Config evaluations per rule per month", e))
		}
		est.Items = append(est.Items,
			priced(p, "configRuleEvaluation", ServiceConfig, "AWS Config rule evaluations", "evaluation", e*float64(in.ConfigRules)),
			priced(p, "logsIngestionGb", ServiceCloudWatch, "Config compliance log ingestion", "GB", DefaultComplianceLogGBMonth))
	}
	if in.Dashboards > 0 {
		est.Items = append(est.Items, priced(p, "dashboardMonth", ServiceCloudWatch, "CloudWatch dashboards", "dashboard-month", float64(in.Dashboards)))
		est.Assumptions = append(est.Assumptions, "dashboards billed at the list price (the account's first 3 are free)")
	}
	if in.Alarms > 0 {
		est.Items = append(est.Items, priced(p, "alarmMonth", ServiceCloudWatch, "CloudWatch alarms", "alarm-month", float64(in.Alarms)))
	}
	if in.CustomMetrics > 0 {
		est.Items = append(est.Items, priced(p, "customMetricMonth", ServiceCloudWatch, "metric-filter custom metrics", "metric-month", float64(in.CustomMetrics)))
	}
	if in.KMSKeys > 0 {
		est.Items = append(est.Items, priced(p, "kmsKeyMonth", ServiceKMS, "KMS keys (runtime controls)", "key-month", float64(in.KMSKeys)))
	}
	t := 0.0
	for _, it := range est.Items {
		t += it.MonthlyUSD
	}
	est.MonthlyUSD = math.Round(t*100) / 100
	est.Assumptions = append(priceAssumptions(p, est.Items), est.Assumptions...)
	return est, nil
}
