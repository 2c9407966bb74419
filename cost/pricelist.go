package cost

// The price tables: one committed JSON file per region, cost/prices/<region>.json, embedded in
// the binary. `go run ./cmd/prices --region <region>` writes them from AWS's Price List offer
// files (docs/prices.md). Every price in a table names its AWS source: the offer file (service,
// usage type, SKU, publication date), or an AWS page and the day it was read. A price a
// region's table lacks is taken from us-east-1 and listed in every estimate that uses it as an
// assumption, never as zero; in us-east-1, the reference region, a price no AWS source confirmed
// is an explicit "assumed" entry, listed the same way.

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"path"
	"sort"
	"strings"
	"time"
)

// ReferenceRegion is the region whose table holds every price; the others fall back to it.
const ReferenceRegion = "us-east-1"

// MaxPriceAgeDays is how old a table's prices may be before the plan warns: AWS changes list
// prices without notice, so refresh at least once a quarter (docs/prices.md).
const MaxPriceAgeDays = 90

// Sources of a table entry.
const (
	// SourceOffer: read from an AWS Price List offer file by cmd/prices.
	SourceOffer = "offer"
	// SourcePage: stated on an AWS page (pricing page, documentation, AWS blog, AWS re:Post).
	SourcePage = "page"
	// SourceAssumed: a value no AWS source confirmed; allowed only in the reference region.
	SourceAssumed = "assumed"
)

// PriceEntry is one unit price of a table, with its source.
type PriceEntry struct {
	USD    float64 `json:"usd"`
	Source string  `json:"source"` // SourceOffer, SourcePage or SourceAssumed
	// Offer entries: the offer (service code), the usage type and the SKU and rate code of the
	// price dimension, and the offer file's publication date (RFC 3339).
	Service         string `json:"service,omitempty"`
	UsageType       string `json:"usageType,omitempty"`
	SKU             string `json:"sku,omitempty"`
	RateCode        string `json:"rateCode,omitempty"`
	PublicationDate string `json:"publicationDate,omitempty"`
	// URL is the offer file or the AWS page; Date (YYYY-MM-DD) the offer's publication day or the
	// day the page was read.
	URL  string `json:"url,omitempty"`
	Date string `json:"date,omitempty"`
	Note string `json:"note,omitempty"`
}

// Table is one region's committed price table.
type Table struct {
	Region string                `json:"region"`
	Prices map[string]PriceEntry `json:"prices"`
}

// Date is the day the table's prices were last known true: the oldest Date of its sourced
// entries, or "" when it has none.
func (t Table) Date() string {
	oldest := ""
	for _, e := range t.Prices {
		if e.Source != SourceAssumed && e.Date != "" && (oldest == "" || e.Date < oldest) {
			oldest = e.Date
		}
	}
	return oldest
}

// PriceAgeDays is how many whole days lie between date (YYYY-MM-DD) and today.
func PriceAgeDays(date string, today time.Time) (int, error) {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return 0, fmt.Errorf("cost: price date %q: want YYYY-MM-DD", date)
	}
	t := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	return int(t.Sub(d).Hours() / 24), nil
}

// priceSpec is one unit price of the model and where the offer files hold it.
type priceSpec struct {
	key     string // the JSON name of the price (Prices field tag)
	service string // offer code of the Price List (https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/index.json)
	// usageType is the usage type without its region prefix; global ones carry no prefix in any
	// region. Usage types: "Understand codes for Amazon VPC in billing and usage reports"
	// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-billing-usage-reports.html) and
	// "CloudWatch billing and cost"
	// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_billing.html).
	// Those marked unverified below were not found in AWS documentation here: cmd/prices reports
	// them when an offer lacks them, and the price stays an assumption.
	usageType string
	global    bool
	// perUnit converts the offer's price per unit into the model's: 1e6 for "per million
	// queries" from a price per query, 1e4 for "per 10,000 requests".
	perUnit float64
}

// priceSpecs are the model's unit prices, in display order: the one list of price keys.
var priceSpecs = []priceSpec{
	{key: "interfaceEndpointAzHour", service: "AmazonVPC", usageType: "VpcEndpoint-Hours", perUnit: 1},
	{key: "interfaceEndpointGb", service: "AmazonVPC", usageType: "VpcEndpoint-Bytes", perUnit: 1},
	{key: "tgwAttachmentHour", service: "AmazonVPC", usageType: "TransitGateway-Hours", perUnit: 1},
	{key: "tgwDataGb", service: "AmazonVPC", usageType: "TransitGateway-Bytes", perUnit: 1},
	{key: "natGatewayHour", service: "AmazonEC2", usageType: "NatGateway-Hours", perUnit: 1},
	{key: "natDataGb", service: "AmazonEC2", usageType: "NatGateway-Bytes", perUnit: 1},
	{key: "publicIpv4Hour", service: "AmazonVPC", usageType: "PublicIPv4:InUseAddress", perUnit: 1},
	{key: "kmsKeyMonth", service: "awskms", usageType: "KMS-Keys", perUnit: 1},
	// Flow logs and Resolver query logs delivered to CloudWatch Logs are vended logs.
	{key: "logsIngestionGb", service: "AmazonCloudWatch", usageType: "VendedLog-Bytes", perUnit: 1},
	{key: "logsStorageGbMonth", service: "AmazonCloudWatch", usageType: "TimedStorage-ByteHrs", perUnit: 1},
	{key: "hostedZoneMonth", service: "AmazonRoute53", usageType: "HostedZone", global: true, perUnit: 1},
	{key: "crossAzDataGb", service: "AWSDataTransfer", usageType: "DataTransfer-Regional-Bytes", perUnit: 1},
	{key: "codeArtifactStorageGbMonth", service: "AWSCodeArtifact", usageType: "TimedStorage-ByteHrs", perUnit: 1}, // unverified
	{key: "codeArtifactRequests10k", service: "AWSCodeArtifact", usageType: "Requests", perUnit: 1e4},              // unverified
	{key: "ecrStorageGbMonth", service: "AmazonECR", usageType: "TimedStorage-ByteHrs", perUnit: 1},
	{key: "resolverEndpointIpHour", service: "AmazonRoute53", usageType: "ResolverNetworkInterface", perUnit: 1},
	{key: "vpnConnectionHour", service: "AmazonVPC", usageType: "VPN-Usage-Hours:ipsec.1", perUnit: 1},
	{key: "dnsFirewallPerMillionQueries", service: "AmazonRoute53", usageType: "DNS-Firewall-Queries", perUnit: 1e6}, // unverified
	{key: "dnsFirewallPerDomainMonth", service: "AmazonRoute53", usageType: "DNS-Firewall-Domains", perUnit: 1},      // unverified
	{key: "configRuleEvaluation", service: "AWSConfig", usageType: "ConfigRuleEvaluations", perUnit: 1},              // unverified
	{key: "dashboardMonth", service: "AmazonCloudWatch", usageType: "DashboardsUsageHour-Basic", global: true, perUnit: 1},
	{key: "alarmMonth", service: "AmazonCloudWatch", usageType: "CW:AlarmMonitorUsage", perUnit: 1},
	{key: "customMetricMonth", service: "AmazonCloudWatch", usageType: "CW:MetricMonitorUsage", perUnit: 1},
	{key: "profileAccountHour", service: "AmazonRoute53", usageType: "Route53Profiles-Hours", perUnit: 1},            // unverified
	{key: "profileAssociationHour", service: "AmazonRoute53", usageType: "Route53Profiles-Associations", perUnit: 1}, // unverified
}

// regionPrefixes are the usage-type prefixes of the priced regions: us-east-1 has none on most
// usage types (USE1- on some), Europe (Ireland) is EU-. "CloudWatch billing and cost"
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_billing.html): "the
// first part of EU-CW:GMD-Metrics represents the Region"; the Amazon VPC billing codes
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-billing-usage-reports.html).
var regionPrefixes = map[string][]string{
	"us-east-1":    {"", "USE1-"},
	"us-west-2":    {"USW2-"},
	"eu-west-1":    {"EU-"},
	"eu-central-1": {"EUC1-"},
}

// RefreshableRegions are the regions cmd/prices can read offer files for, sorted.
func RefreshableRegions() []string {
	out := make([]string, 0, len(regionPrefixes))
	for r := range regionPrefixes {
		out = append(out, r)
	}
	sort.Strings(out)
	return out
}

// PriceKeys are the JSON names of every unit price, in display order.
func PriceKeys() []string {
	out := make([]string, len(priceSpecs))
	for i, s := range priceSpecs {
		out[i] = s.key
	}
	return out
}

func specOf(key string) (priceSpec, bool) {
	for _, s := range priceSpecs {
		if s.key == key {
			return s, true
		}
	}
	return priceSpec{}, false
}

// awsHosts are the hosts a page or offer source may be on: AWS's own.
var awsHosts = []string{"aws.amazon.com", "docs.aws.amazon.com", "repost.aws", "pricing.us-east-1.amazonaws.com"}

// IsAWSURL says whether u is on one of AWS's own hosts (awsHosts).
func IsAWSURL(u string) bool {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "https" {
		return false
	}
	for _, h := range awsHosts {
		if p.Host == h {
			return true
		}
	}
	return false
}

// Validate reports every problem with t, or nil: unknown keys, prices that are not positive and
// finite, sources that are not AWS's, missing SKUs or dates, and assumed entries outside the
// reference region. reference also requires every price key.
func (t Table) Validate() error {
	var errs []error
	if _, ok := regionPrefixes[t.Region]; !ok {
		errs = append(errs, fmt.Errorf("cost: price table region %q is unknown; regions: %s", t.Region, strings.Join(RefreshableRegions(), ", ")))
	}
	keys := make([]string, 0, len(t.Prices))
	for k := range t.Prices {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		e := t.Prices[k]
		at := fmt.Sprintf("cost: price table %s, %s", t.Region, k)
		if _, ok := specOf(k); !ok {
			errs = append(errs, fmt.Errorf("%s: unknown price; prices: %s", at, strings.Join(PriceKeys(), ", ")))
		}
		if !(e.USD > 0) || math.IsInf(e.USD, 0) {
			errs = append(errs, fmt.Errorf("%s: usd is %v; must be a finite price > 0 (a missing price is left out, never 0)", at, e.USD))
		}
		switch e.Source {
		case SourceOffer:
			if e.Service == "" || e.UsageType == "" || e.SKU == "" || e.PublicationDate == "" {
				errs = append(errs, fmt.Errorf("%s: an offer entry needs service, usageType, sku and publicationDate; got %q, %q, %q, %q",
					at, e.Service, e.UsageType, e.SKU, e.PublicationDate))
			}
			fallthrough
		case SourcePage:
			if !IsAWSURL(e.URL) {
				errs = append(errs, fmt.Errorf("%s: url %q is not an AWS source; allowed hosts: %s", at, e.URL, strings.Join(awsHosts, ", ")))
			}
			if _, err := time.Parse(time.DateOnly, e.Date); err != nil {
				errs = append(errs, fmt.Errorf("%s: date %q: want YYYY-MM-DD", at, e.Date))
			}
		case SourceAssumed:
			if t.Region != ReferenceRegion {
				errs = append(errs, fmt.Errorf("%s: an assumed entry is allowed only in %s; leave the price out (it is then assumed equal to %s)",
					at, ReferenceRegion, ReferenceRegion))
			}
			if e.Note == "" {
				errs = append(errs, fmt.Errorf("%s: an assumed entry needs a note saying why", at))
			}
			if e.URL != "" && !IsAWSURL(e.URL) {
				errs = append(errs, fmt.Errorf("%s: url %q is not an AWS source; allowed hosts: %s", at, e.URL, strings.Join(awsHosts, ", ")))
			}
		default:
			errs = append(errs, fmt.Errorf("%s: source %q: want %s, %s or %s", at, e.Source, SourceOffer, SourcePage, SourceAssumed))
		}
	}
	if t.Region == ReferenceRegion {
		for _, k := range PriceKeys() {
			if _, ok := t.Prices[k]; !ok {
				errs = append(errs, fmt.Errorf("cost: price table %s lacks %s: the reference region needs every price", t.Region, k))
			}
		}
	}
	return errors.Join(errs...)
}

// ParseTable decodes and validates one table file.
func ParseTable(b []byte) (Table, error) {
	var t Table
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&t); err != nil {
		return Table{}, fmt.Errorf("cost: price table: %w", err)
	}
	return t, t.Validate()
}

// Marshal encodes t as the committed file: indented, keys sorted, a final newline.
func (t Table) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

//go:embed prices/*.json
var committed embed.FS

// CommittedTables are the tables in cost/prices, by region.
func CommittedTables() (map[string]Table, error) {
	files, err := fs.Glob(committed, "prices/*.json")
	if err != nil {
		return nil, err
	}
	out := map[string]Table{}
	var errs []error
	for _, f := range files {
		b, err := committed.ReadFile(f)
		if err != nil {
			return nil, err
		}
		t, err := ParseTable(b)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", f, err))
			continue
		}
		if want := strings.TrimSuffix(path.Base(f), ".json"); t.Region != want {
			errs = append(errs, fmt.Errorf("cost: %s holds region %q; the file name must be the region", f, t.Region))
		}
		out[t.Region] = t
	}
	return out, errors.Join(errs...)
}

// Resolve turns tables into the per-region prices the model computes with: each region's own
// entries, and for every price it lacks the reference region's, marked assumed.
func Resolve(tables map[string]Table) (map[string]Prices, error) {
	ref, ok := tables[ReferenceRegion]
	if !ok {
		return nil, fmt.Errorf("cost: no price table for the reference region %s", ReferenceRegion)
	}
	var errs []error
	for _, t := range tables {
		if err := t.Validate(); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := map[string]Prices{}
	for region, t := range tables {
		p := Prices{Region: region, Date: t.Date(), Sources: map[string]PriceEntry{}, Assumed: map[string]string{}}
		for _, k := range PriceKeys() {
			e, own := t.Prices[k]
			if !own {
				e = ref.Prices[k]
			}
			*p.field(k) = e.USD
			p.Sources[k] = e
			switch {
			case !own:
				p.Assumed[k] = fmt.Sprintf("%s in %s assumed equal to us-east-1 ($%g): cost/prices/%s.json has no AWS price for it; "+
					"go run ./cmd/prices --region %s", k, region, e.USD, region, region)
			case e.Source == SourceAssumed:
				p.Assumed[k] = fmt.Sprintf("%s in %s assumed $%g: %s; go run ./cmd/prices --region %s", k, region, e.USD, e.Note, region)
			}
		}
		out[region] = p
	}
	return out, nil
}

// mustCommittedPrices resolves the committed tables; a broken table is a build defect that the
// package's tests report, so the program stops at start-up rather than price with it.
func mustCommittedPrices() map[string]Prices {
	tables, err := CommittedTables()
	if err == nil {
		var p map[string]Prices
		if p, err = Resolve(tables); err == nil {
			return p
		}
	}
	panic(err)
}
