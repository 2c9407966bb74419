package cost

import (
	"maps"
	"sort"
)

// HoursPerMonth is the number of hours the model bills per month: AWS's own planning figure
// (24 × 365 / 12 = 730), also what the AWS Pricing Calculator uses.
const HoursPerMonth = 730.0

// Prices are one region's unit prices in USD, resolved from the committed tables
// (pricelist.go): the region's own AWS-sourced prices, and the reference region's for the rest.
type Prices struct {
	InterfaceEndpointAZHour float64 `json:"interfaceEndpointAzHour"` // per interface endpoint per AZ per hour
	InterfaceEndpointGB     float64 `json:"interfaceEndpointGb"`     // per GB processed (first PB tier)
	TGWAttachmentHour       float64 `json:"tgwAttachmentHour"`       // per attachment per hour
	TGWDataGB               float64 `json:"tgwDataGb"`               // per GB sent to the TGW
	NATGatewayHour          float64 `json:"natGatewayHour"`          // per NAT gateway per hour
	NATDataGB               float64 `json:"natDataGb"`               // per GB processed by a NAT gateway
	PublicIPv4Hour          float64 `json:"publicIpv4Hour"`          // per public IPv4 address per hour (a NAT gateway's EIP)
	KMSKeyMonth             float64 `json:"kmsKeyMonth"`             // per customer managed key per month
	LogsIngestionGB         float64 `json:"logsIngestionGb"`         // CloudWatch Logs vended logs, first tier, per GB ingested
	LogsStorageGBMonth      float64 `json:"logsStorageGbMonth"`      // CloudWatch Logs per GB-month stored
	HostedZoneMonth         float64 `json:"hostedZoneMonth"`         // Route 53 hosted zone per month (first 25)
	// CrossAZDataGB is in-region data transfer between AZs, per GB and per direction: what a VPC
	// peering charges for traffic that crosses an AZ (the sender pays it out, the receiver in);
	// same-AZ traffic over a peering is free and a peering has no hourly charge.
	CrossAZDataGB float64 `json:"crossAzDataGb"`

	CodeArtifactStorageGBMonth float64 `json:"codeArtifactStorageGbMonth"` // per GB-month stored
	CodeArtifactRequests10K    float64 `json:"codeArtifactRequests10k"`    // per 10,000 requests
	ECRStorageGBMonth          float64 `json:"ecrStorageGbMonth"`          // per GB-month stored (private repositories)

	ResolverEndpointIPHour float64 `json:"resolverEndpointIpHour"` // per Route 53 Resolver endpoint IP address (ENI) per hour
	VPNConnectionHour      float64 `json:"vpnConnectionHour"`      // per Site-to-Site VPN connection per hour

	DNSFirewallPerMillionQueries float64 `json:"dnsFirewallPerMillionQueries"` // Route 53 Resolver DNS Firewall
	DNSFirewallPerDomainMonth    float64 `json:"dnsFirewallPerDomainMonth"`    // per domain name stored in domain lists
	ConfigRuleEvaluation         float64 `json:"configRuleEvaluation"`         // per AWS Config rule evaluation (first 100,000)
	DashboardMonth               float64 `json:"dashboardMonth"`               // per CloudWatch dashboard per month
	AlarmMonth                   float64 `json:"alarmMonth"`                   // per standard-resolution alarm metric per month
	CustomMetricMonth            float64 `json:"customMetricMonth"`            // per custom metric per month (first 10,000)

	ProfileAccountHour     float64 `json:"profileAccountHour"`     // Route 53 Profiles, per account per hour (up to 100 VPC associations)
	ProfileAssociationHour float64 `json:"profileAssociationHour"` // per Profile-VPC association beyond 100, per hour

	// Region is the region; Date the day its table's prices were last known true (Table.Date).
	Region string `json:"region"`
	Date   string `json:"date"`
	// Sources are the table entries behind each price (by JSON name): for an assumed price, the
	// reference region's entry.
	Sources map[string]PriceEntry `json:"sources"`
	// Assumed says, for every price (by JSON name) no AWS source gave for this region, what is
	// assumed instead; every estimate that uses it lists it under Assumptions.
	Assumed map[string]string `json:"assumed,omitempty"`
}

func (p *Prices) field(key string) *float64 {
	switch key {
	case "interfaceEndpointAzHour":
		return &p.InterfaceEndpointAZHour
	case "interfaceEndpointGb":
		return &p.InterfaceEndpointGB
	case "tgwAttachmentHour":
		return &p.TGWAttachmentHour
	case "tgwDataGb":
		return &p.TGWDataGB
	case "natGatewayHour":
		return &p.NATGatewayHour
	case "natDataGb":
		return &p.NATDataGB
	case "publicIpv4Hour":
		return &p.PublicIPv4Hour
	case "kmsKeyMonth":
		return &p.KMSKeyMonth
	case "logsIngestionGb":
		return &p.LogsIngestionGB
	case "logsStorageGbMonth":
		return &p.LogsStorageGBMonth
	case "hostedZoneMonth":
		return &p.HostedZoneMonth
	case "crossAzDataGb":
		return &p.CrossAZDataGB
	case "codeArtifactStorageGbMonth":
		return &p.CodeArtifactStorageGBMonth
	case "codeArtifactRequests10k":
		return &p.CodeArtifactRequests10K
	case "ecrStorageGbMonth":
		return &p.ECRStorageGBMonth
	case "resolverEndpointIpHour":
		return &p.ResolverEndpointIPHour
	case "vpnConnectionHour":
		return &p.VPNConnectionHour
	case "dnsFirewallPerMillionQueries":
		return &p.DNSFirewallPerMillionQueries
	case "dnsFirewallPerDomainMonth":
		return &p.DNSFirewallPerDomainMonth
	case "configRuleEvaluation":
		return &p.ConfigRuleEvaluation
	case "dashboardMonth":
		return &p.DashboardMonth
	case "alarmMonth":
		return &p.AlarmMonth
	case "customMetricMonth":
		return &p.CustomMetricMonth
	case "profileAccountHour":
		return &p.ProfileAccountHour
	case "profileAssociationHour":
		return &p.ProfileAssociationHour
	}
	panic("cost: unknown price key " + key)
}

// Price returns the price named key (a PriceKeys name).
func (p Prices) Price(key string) float64 { return *p.field(key) }

// PriceTable holds the prices of every priced region, resolved from the committed tables in
// cost/prices. The one table feeds Estimate, the plan's JSON and its table view.
var priceTable = mustCommittedPrices()

// PriceTable returns a copy of the prices of every priced region: changing it changes no estimate.
func PriceTable() map[string]Prices { return clonePriceTable(priceTable) }

// clonePriceTable copies a price table, down to each region's sources and assumptions.
func clonePriceTable(t map[string]Prices) map[string]Prices {
	out := make(map[string]Prices, len(t))
	for r, p := range t {
		p.Sources = maps.Clone(p.Sources)
		p.Assumed = maps.Clone(p.Assumed)
		out[r] = p
	}
	return out
}

// PricedRegions returns the regions of PriceTable, sorted.
func PricedRegions() []string {
	out := make([]string, 0, len(priceTable))
	for r := range priceTable {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// PriceDateOf is the date of region's price table ("" when the region is not priced).
func PriceDateOf(region string) string { return priceTable[region].Date }
