package cost

import (
	"slices"
	"sort"
)

// HoursPerMonth is the number of hours the model bills per month: AWS's own planning figure
// (24 × 365 / 12 = 730), also what the AWS Pricing Calculator uses.
const HoursPerMonth = 730.0

// PriceDate is the day the prices below were looked up.
const PriceDate = "2026-11-22"

// Source is one page a price was taken from.
type Source struct {
	Key   string `json:"key"`
	URL   string `json:"url"`
	Notes string `json:"notes"`
}

// Sources lists every page the price table cites, by key. The AWS pricing pages render their
// regional tables client-side, so where the stored copy of an AWS page shows only the billing
// rules, the figure is taken from the secondary page cited next to it.
var priceSources = []Source{
	{Key: "privatelink", URL: "https://aws.amazon.com/privatelink/pricing/",
		Notes: "interface endpoints are billed per endpoint per AZ-hour, partial hours billed as full; data processed $0.01/GB for the first 1 PB per region"},
	{Key: "c3x-vpce", URL: "https://c3x.dev/resources/aws/aws_vpc_endpoint",
		Notes: "interface endpoint $0.01/hour per AZ + $0.01/GB processed"},
	{Key: "tgw", URL: "https://aws.amazon.com/transit-gateway/pricing/",
		Notes: "billed per attachment-hour (VPC owner) and per GB sent from a VPC to the TGW"},
	{Key: "c3x-tgw", URL: "https://c3x.dev/blog/aws-transit-gateway-cost-explained/",
		Notes: "$0.05/hour per attachment + $0.02/GB processed"},
	{Key: "cloud-horizons-tgw", URL: "https://cloud-horizons.com/blog/transit-gateway-the-tax-on-multi-vpc/",
		Notes: "$0.05 per attachment-hour, $0.02/GB: same in US and EU (2026-05-08)"},
	{Key: "kms", URL: "https://aws.amazon.com/kms/pricing/",
		Notes: "each KMS key costs $1/month (prorated hourly), every region; rotation adds $1/month per rotated backing key"},
	{Key: "c3x-logs", URL: "https://c3x.dev/resources/aws/aws_cloudwatch_log_group",
		Notes: "CloudWatch Logs us-east-1: ingestion $0.50/GB, storage $0.03/GB-month; vended logs (VPC Flow Logs) same first-tier prices"},
	{Key: "cloudburn-nat", URL: "https://cloudburn.io/blog/aws-nat-gateway-pricing",
		Notes: "NAT gateway $0.045/hour and $0.045/GB in US East; public IPv4 address $0.005/hour (2026-02-24)"},
	{Key: "cloudpipelines-nat", URL: "https://cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026/",
		Notes: "NAT gateway by region group: US East and US West ~$0.045/h and /GB; Europe (Ireland, Frankfurt, London) ~$0.048-$0.052"},
	{Key: "route53", URL: "https://ns1.com/resources/aws-dns",
		Notes: "Route 53 hosted zones $0.50 per zone-month for the first 25, $0.10 after (global price)"},
	{Key: "vpc-peering", URL: "https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/vpc-peering.html",
		Notes: "AWS whitepaper \"Building a Scalable and Secure Multi-VPC AWS Network Infrastructure\", VPC peering: no gateway, " +
			"data transfer over a peering that stays within an AZ is free, across AZs charged at the standard in-region data " +
			"transfer rates; no transitive routing. AWS for SAP guide (rise-connection-peering): across AZs AWS charges per GB " +
			"for data in and data out. The rate itself is on https://aws.amazon.com/vpc/pricing/ (rendered client-side)"},
	{Key: "oneuptime-peering", URL: "https://oneuptime.com/blog/post/2026-02-12-reduce-data-transfer-costs-between-vpcs/view",
		Notes: "VPC peering: same AZ free, cross AZ (same region) $0.01/GB each direction, no per-hour charge (2026-02-12)"},
	{Key: "pricelist-euc1-vpce", URL: "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonVPC/current/eu-central-1/index.json",
		Notes: "AWS Price List (AmazonVPC offer, EU (Frankfurt)): usage type EUC1-VpcEndpoint-Hours $0.012 per endpoint-AZ-hour and " +
			"EUC1-VpcEndpoint-Bytes $0.01/GB (first 1 PB), PrivateLink interface endpoints; read second-hand on 2026-11-30 " +
			"from a public repository's cost notes quoting this offer file (pulled 2026-09-22), as the stored AWS pages render " +
			"their regional tables client-side"},
	// Europe (Ireland), looked up 2026-11-30 in public repositories quoting the AWS Price List.
	{Key: "pricelist-euw1-rates", URL: "https://github.com/henderjm/world-cup-sweepstake/blob/57a6d34883744a028d2b1555e70a692265a47f49/docs/costs/aws-ireland-rates.json",
		Notes: "AWS Price List offer files for eu-west-1, recorded with SKU, catalog version and source URL (checked 2026-10-04): " +
			"AmazonCloudWatch EU-TimedStorage-ByteHrs $0.03 per GB-mo \"of log storage - EU (Ireland)\" (SKU M93YPPU987S2T6U9, " +
			"catalog 20260922021715); EU-DataProcessing-Bytes $0.57/GB (custom logs, Standard class); EU-CW:AlarmMonitorUsage " +
			"$0.10 per alarm metric-month; EU-CW:MetricMonitorUsage $0.30 per metric-month (first 10,000); AmazonVPC " +
			"EU-PublicIPv4:InUseAddress $0.005/hour (SKU CNZ4XSXPRJXGA4ZF, catalog 20260917190528); AmazonECR " +
			"EU-TimedStorage-ByteHrs $0.10 per GB-month (catalog 20260911124425)"},
	{Key: "pricelist-euw1-vendedlog", URL: "https://github.com/Nelson-Lamounier/kubernetes-bootstrap/blob/3e5a0326134e27e9c330a9409088be70c7d9b6b2/docs/projects/2026-07-observability-hardening-and-cost.md",
		Notes: "vended-log ingestion (usage type EU-VendedLog-Bytes, VPC Flow Logs among them) in eu-west-1: $0.57/GB for the " +
			"first 10 TB, read from the AWS Pricing API on 2026-07-05 (\"Vended-log price (Pricing API, eu-west-1): $0.57/GB\")"},
	{Key: "ce-euw1-vpce", URL: "https://github.com/fibtecltd/pyvar/blob/77fe12bfa3e8cec3f4cdc182d50fc2c151285d20/docs/p7-cost-review.md",
		Notes: "Cost Explorer of an eu-west-1 account, 2026-07-01 to 2026-07-17 (end exclusive: 16 days, 384 hours): " +
			"EU-VpcEndpoint-Hours $42.24 for 5 interface endpoints x 2 AZs, i.e. 42.24 / (10 x 384) = $0.011 per " +
			"endpoint-AZ-hour; the same bill's EU-NatGateway-Hours $18.43 / 384 h = $0.048, the Irish NAT rate, checks " +
			"the hour count. A public audit report quoting the AWS Pricing API for eu-west-1 (2026-05-01) gives the same: " +
			"\"$0.011 per VPC Endpoint Hour\" (SKU H37WJ97MHYGDXG2A) and $0.01/GB for the first PB processed"},
	{Key: "ipv4-all-regions", URL: "https://www.haufe-akademie.de/en/skill-it/blog/aws-gebuehren-ipv4-adressen",
		Notes: "public IPv4 addresses $0.005 per IP-hour since 2024-02-01, \"All AWS regions are affected by the introduction " +
			"of the fee without exception\"; the eu-west-1 price list gives the same $0.005 (pricelist-euw1-rates)"},
}

// Regional prices that the stored material (AWS pricing pages, their mirrors and secondary
// pages, and public repositories quoting the AWS Price List; searched 2026-11-30 for PrivateLink,
// Transit Gateway, Route 53, KMS, public IPv4 and CloudWatch Logs per region) did not give are NOT
// guessed: derive marks them assumed equal to us-east-1, and every estimate lists them under
// Assumptions. Still not found: CloudWatch Logs vended-log ingestion and log storage in
// eu-central-1 (the Frankfurt Standard-class custom-log ingestion is $0.63/GB, usage type
// EUC1-DataProcessing-Bytes, per a public CloudHealth pricebook template, so the Frankfurt flow-log
// lines are probably understated by the assumption; vended logs are a different usage type and
// their Frankfurt rate was not found); the in-region cross-AZ data transfer rate outside us-east-1;
// every us-west-2 price except NAT and public IPv4.

// Prices are one region's unit prices in USD.
type Prices struct {
	InterfaceEndpointAZHour float64 `json:"interfaceEndpointAzHour"` // per interface endpoint per AZ per hour
	InterfaceEndpointGB     float64 `json:"interfaceEndpointGb"`     // per GB processed (first PB tier)
	TGWAttachmentHour       float64 `json:"tgwAttachmentHour"`       // per VPC attachment per hour
	TGWDataGB               float64 `json:"tgwDataGb"`               // per GB sent to the TGW
	NATGatewayHour          float64 `json:"natGatewayHour"`          // per NAT gateway per hour
	NATDataGB               float64 `json:"natDataGb"`               // per GB processed by a NAT gateway
	PublicIPv4Hour          float64 `json:"publicIpv4Hour"`          // per public IPv4 address per hour (a NAT gateway's EIP)
	KMSKeyMonth             float64 `json:"kmsKeyMonth"`             // per customer managed key per month
	LogsIngestionGB         float64 `json:"logsIngestionGb"`         // CloudWatch Logs (vended, first tier) per GB ingested
	LogsStorageGBMonth      float64 `json:"logsStorageGbMonth"`      // CloudWatch Logs per GB-month stored
	HostedZoneMonth         float64 `json:"hostedZoneMonth"`         // Route 53 hosted zone per month (first 25)
	// CrossAZDataGB is in-region data transfer between AZs, per GB and per direction: what a VPC
	// peering charges for traffic that crosses an AZ (the sender pays it out, the receiver in);
	// same-AZ traffic over a peering is free and a peering has no hourly charge.
	CrossAZDataGB float64 `json:"crossAzDataGb"`

	// Cites maps each price (by its JSON name) to the Source keys it was taken from.
	Cites map[string][]string `json:"cites"`
	// AssumedUSEast1 lists the prices (by JSON name) that no source gave for this region and that
	// are assumed equal to us-east-1.
	AssumedUSEast1 []string `json:"assumedUsEast1,omitempty"`
}

// usEast1 is the reference region: every price has a source.
var usEast1 = Prices{
	InterfaceEndpointAZHour: 0.01,
	InterfaceEndpointGB:     0.01,
	TGWAttachmentHour:       0.05,
	TGWDataGB:               0.02,
	NATGatewayHour:          0.045,
	NATDataGB:               0.045,
	PublicIPv4Hour:          0.005,
	KMSKeyMonth:             1.00,
	LogsIngestionGB:         0.50,
	LogsStorageGBMonth:      0.03,
	HostedZoneMonth:         0.50,
	CrossAZDataGB:           0.01,
	Cites: map[string][]string{
		"interfaceEndpointAzHour": {"privatelink", "c3x-vpce"},
		"interfaceEndpointGb":     {"privatelink", "c3x-vpce"},
		"tgwAttachmentHour":       {"tgw", "c3x-tgw"},
		"tgwDataGb":               {"tgw", "c3x-tgw"},
		"natGatewayHour":          {"cloudburn-nat", "cloudpipelines-nat"},
		"natDataGb":               {"cloudburn-nat", "cloudpipelines-nat"},
		"publicIpv4Hour":          {"cloudburn-nat", "ipv4-all-regions"},
		"kmsKeyMonth":             {"kms"},
		"logsIngestionGb":         {"c3x-logs"},
		"logsStorageGbMonth":      {"c3x-logs"},
		"hostedZoneMonth":         {"route53"},
		"crossAzDataGb":           {"vpc-peering", "oneuptime-peering"},
	},
}

// derive copies us-east-1's prices, applies the regional overrides (each with its citation),
// and records every other price as assumed equal to us-east-1 — except KMS, Route 53 and public
// IPv4, whose sources state one price for every region.
func derive(overrides map[string]float64, cites map[string][]string) Prices {
	p := usEast1
	p.Cites = map[string][]string{}
	global := map[string]bool{"kmsKeyMonth": true, "hostedZoneMonth": true, "publicIpv4Hour": true}
	for _, k := range priceKeys {
		if v, ok := overrides[k]; ok {
			*p.field(k) = v
			p.Cites[k] = cites[k]
			continue
		}
		p.Cites[k] = usEast1.Cites[k]
		if !global[k] {
			p.AssumedUSEast1 = append(p.AssumedUSEast1, k)
		}
	}
	return p
}

// priceKeys are the JSON names of the prices, in display order.
var priceKeys = []string{
	"interfaceEndpointAzHour", "interfaceEndpointGb", "tgwAttachmentHour", "tgwDataGb",
	"natGatewayHour", "natDataGb", "publicIpv4Hour", "kmsKeyMonth", "logsIngestionGb",
	"logsStorageGbMonth", "hostedZoneMonth", "crossAzDataGb",
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
	}
	panic("cost: unknown price key " + key)
}

// PriceTable holds the prices of every priced region. The one table feeds Estimate, the plan's
// JSON and its table view.
func PriceTable() map[string]Prices { return clonePriceTable(priceTable) }

var priceTable = map[string]Prices{
	"us-east-1": usEast1,
	// US West (Oregon): the NAT source lists US West at the US East rates; public IPv4 is one price
	// in every region; the rest are assumed equal to us-east-1.
	"us-west-2": derive(
		map[string]float64{"natGatewayHour": 0.045, "natDataGb": 0.045},
		map[string][]string{"natGatewayHour": {"cloudpipelines-nat"}, "natDataGb": {"cloudpipelines-nat"}}),
	// Europe (Ireland): interface endpoints $0.011 per endpoint-AZ-hour (Cost Explorer arithmetic,
	// corroborated by a Pricing API quote) and $0.01/GB; CloudWatch Logs vended ingestion $0.57/GB and
	// storage $0.03/GB-month and public IPv4 $0.005/hour from the AWS Price List; TGW the same as in
	// the US per cloud-horizons; NAT $0.048 (the low end of the Europe range, and the Irish rate the
	// Cost Explorer source checks). Only the cross-AZ transfer rate is assumed equal to us-east-1.
	"eu-west-1": derive(
		map[string]float64{
			"interfaceEndpointAzHour": 0.011, "interfaceEndpointGb": 0.01,
			"tgwAttachmentHour": 0.05, "tgwDataGb": 0.02, "natGatewayHour": 0.048, "natDataGb": 0.048,
			"publicIpv4Hour": 0.005, "logsIngestionGb": 0.57, "logsStorageGbMonth": 0.03,
		},
		map[string][]string{
			"interfaceEndpointAzHour": {"ce-euw1-vpce"}, "interfaceEndpointGb": {"privatelink", "ce-euw1-vpce"},
			"tgwAttachmentHour": {"cloud-horizons-tgw"}, "tgwDataGb": {"cloud-horizons-tgw"},
			"natGatewayHour": {"cloudpipelines-nat", "ce-euw1-vpce"}, "natDataGb": {"cloudpipelines-nat"},
			"publicIpv4Hour":  {"pricelist-euw1-rates", "ipv4-all-regions"},
			"logsIngestionGb": {"pricelist-euw1-vendedlog"}, "logsStorageGbMonth": {"pricelist-euw1-rates"},
		}),
	// Europe (Frankfurt): interface endpoints $0.012 per endpoint-AZ-hour and $0.01/GB from the
	// AmazonVPC price list; TGW as in the US per cloud-horizons; NAT at the high end of the Europe
	// range; public IPv4 $0.005 as in every region. CloudWatch Logs vended ingestion and storage are
	// assumed equal to us-east-1 (not found; see above).
	"eu-central-1": derive(
		map[string]float64{
			"interfaceEndpointAzHour": 0.012, "interfaceEndpointGb": 0.01,
			"tgwAttachmentHour": 0.05, "tgwDataGb": 0.02, "natGatewayHour": 0.052, "natDataGb": 0.052,
		},
		map[string][]string{
			"interfaceEndpointAzHour": {"pricelist-euc1-vpce"}, "interfaceEndpointGb": {"pricelist-euc1-vpce", "privatelink"},
			"tgwAttachmentHour": {"cloud-horizons-tgw"}, "tgwDataGb": {"cloud-horizons-tgw"},
			"natGatewayHour": {"cloudpipelines-nat"}, "natDataGb": {"cloudpipelines-nat"},
		}),
}

// clonePriceTable copies a price table, down to each region's citations.
func clonePriceTable(t map[string]Prices) map[string]Prices {
	out := make(map[string]Prices, len(t))
	for r, p := range t {
		cites := make(map[string][]string, len(p.Cites))
		for k, v := range p.Cites {
			cites[k] = slices.Clone(v)
		}
		p.Cites = cites
		p.AssumedUSEast1 = slices.Clone(p.AssumedUSEast1)
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

// SourceURL returns the URL of the source with the given key, or "".
func SourceURL(key string) string {
	for _, s := range priceSources {
		if s.Key == key {
			return s.URL
		}
	}
	return ""
}
