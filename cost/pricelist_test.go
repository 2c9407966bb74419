package cost_test

import (
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/cost"
)

// TestCommittedTablesAreAWSSourcedCompleteAndCanonical: the tables in cost/prices parse, cite
// AWS only, give the reference region every price, resolve to a positive price for every key in
// every region, and are byte for byte what cmd/prices would write (Table.Marshal).
func TestCommittedTablesAreAWSSourcedCompleteAndCanonical(t *testing.T) {
	t.Parallel()
	tables, err := cost.CommittedTables()
	require.NoError(t, err)
	var regions []string
	for r := range tables {
		regions = append(regions, r)
	}
	sort.Strings(regions)
	assert.Equal(t, []string{"eu-central-1", "eu-west-1", "us-east-1", "us-west-2"}, regions)
	assert.Equal(t, regions, cost.PricedRegions())
	assert.Len(t, tables[cost.ReferenceRegion].Prices, len(cost.PriceKeys()))
	for region, tab := range tables {
		for k, e := range tab.Prices {
			if e.Source != cost.SourceAssumed {
				assert.True(t, cost.IsAWSURL(e.URL), "%s %s: %s", region, k, e.URL)
				assert.NotEmpty(t, e.Date, "%s %s", region, k)
			}
		}
		b, err := os.ReadFile(filepath.Join("prices", region+".json"))
		require.NoError(t, err)
		want, err := tab.Marshal()
		require.NoError(t, err)
		assert.Equal(t, string(want), string(b), "%s.json is not in cmd/prices' canonical form", region)
		p := cost.PriceTable()[region]
		for _, k := range cost.PriceKeys() {
			assert.Greater(t, p.Price(k), 0.0, "%s %s", region, k)
			_, own := tab.Prices[k]
			_, assumed := p.Assumed[k]
			assert.Equal(t, !own || tab.Prices[k].Source == cost.SourceAssumed, assumed, "%s %s: assumed exactly when no AWS source gives it", region, k)
		}
	}
}

// TestNoNonAWSSourceInTheCostPackage: every URL in the cost package's code (its comments
// included) and tables is on an AWS host: the grep of issue 24's "done when", as a test. (Test
// files are left out: they hold non-AWS URLs on purpose, to see the checks fail.)
func TestNoNonAWSSourceInTheCostPackage(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	tables, err := filepath.Glob(filepath.Join("prices", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, tables)
	urlRe := regexp.MustCompile(`https?://[^\s"'()<>\x60]+`)
	n := 0
	for _, f := range append(files, tables...) {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, u := range urlRe.FindAllString(string(b), -1) {
			n++
			assert.True(t, cost.IsAWSURL(u), "%s cites %s, not an AWS source", f, u)
		}
	}
	assert.Greater(t, n, 20, "the scan found the package's citations")
	assert.False(t, cost.IsAWSURL("https://example.com/aws-pricing"), "the check can fail")
	assert.False(t, cost.IsAWSURL("http://aws.amazon.com/vpc/pricing/"), "https only")
	assert.False(t, cost.IsAWSURL("https://aws.amazon.com.example.com/x"))
}

func validRef(t *testing.T) cost.Table {
	t.Helper()
	tables, err := cost.CommittedTables()
	require.NoError(t, err)
	ref := tables[cost.ReferenceRegion]
	cp := cost.Table{Region: ref.Region, Prices: map[string]cost.PriceEntry{}}
	for k, e := range ref.Prices {
		cp.Prices[k] = e
	}
	return cp
}

var offerEntry = cost.PriceEntry{USD: 0.012, Source: cost.SourceOffer, Service: "AmazonVPC", UsageType: "EUC1-VpcEndpoint-Hours",
	SKU: "FXSKU", RateCode: "FXSKU.JRTCKXETXF.X", PublicationDate: "2026-11-20T00:00:00Z",
	URL: "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonVPC/current/eu-central-1/index.json", Date: "2026-11-20"}

func TestTableValidateRejects(t *testing.T) {
	t.Parallel()
	with := func(region, key string, e cost.PriceEntry) cost.Table {
		return cost.Table{Region: region, Prices: map[string]cost.PriceEntry{key: e}}
	}
	page := cost.PriceEntry{USD: 1, Source: cost.SourcePage, URL: "https://aws.amazon.com/kms/pricing/", Date: "2026-11-22"}
	bad := func(f func(*cost.PriceEntry)) cost.PriceEntry { e := offerEntry; f(&e); return e }
	for _, tc := range []struct {
		name  string
		table cost.Table
		want  string
	}{
		{"third-party page", with("eu-central-1", "kmsKeyMonth", cost.PriceEntry{USD: 1, Source: cost.SourcePage, URL: "https://example.com/kms", Date: "2026-11-22"}),
			`kmsKeyMonth: url "https://example.com/kms" is not an AWS source`},
		{"zero price", with("eu-central-1", "interfaceEndpointAzHour", bad(func(e *cost.PriceEntry) { e.USD = 0 })), "usd is 0; must be a finite price > 0"},
		{"infinite price", with("eu-central-1", "interfaceEndpointAzHour", bad(func(e *cost.PriceEntry) { e.USD = math.Inf(1) })), "usd is +Inf"},
		{"offer without SKU", with("eu-central-1", "interfaceEndpointAzHour", bad(func(e *cost.PriceEntry) { e.SKU = "" })), "an offer entry needs service, usageType, sku and publicationDate"},
		{"bad date", with("eu-central-1", "kmsKeyMonth", cost.PriceEntry{USD: 1, Source: cost.SourcePage, URL: page.URL, Date: "22.11.2026"}), `date "22.11.2026": want YYYY-MM-DD`},
		{"unknown key", with("eu-central-1", "lambdaGbSecond", page), "lambdaGbSecond: unknown price"},
		{"unknown source", with("eu-central-1", "kmsKeyMonth", cost.PriceEntry{USD: 1, Source: "blog"}), `source "blog": want offer, page or assumed`},
		{"assumed outside the reference region", with("eu-central-1", "kmsKeyMonth", cost.PriceEntry{USD: 1, Source: cost.SourceAssumed, Note: "x"}),
			"an assumed entry is allowed only in us-east-1"},
		{"assumed without a reason", func() cost.Table {
			r := validRef(t)
			r.Prices["kmsKeyMonth"] = cost.PriceEntry{USD: 1, Source: cost.SourceAssumed}
			return r
		}(), "an assumed entry needs a note"},
		{"reference missing a price", func() cost.Table { r := validRef(t); delete(r.Prices, "hostedZoneMonth"); return r }(),
			"price table us-east-1 lacks hostedZoneMonth"},
		{"unknown region", with("mars-1", "kmsKeyMonth", page), `price table region "mars-1" is unknown`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.ErrorContains(t, tc.table.Validate(), tc.want)
			_, err := cost.Resolve(map[string]cost.Table{cost.ReferenceRegion: validRef(t), tc.table.Region: tc.table})
			assert.Error(t, err, "Resolve refuses it too")
		})
	}
	assert.NoError(t, with("eu-central-1", "interfaceEndpointAzHour", offerEntry).Validate(), "the passing case")
	assert.NoError(t, validRef(t).Validate())
}

// TestMissingPriceIsAnAssumptionNeverZero: a region whose table lacks a price is priced at the
// reference region's, lists it as assumed, and stops once its table has the price.
func TestMissingPriceIsAnAssumptionNeverZero(t *testing.T) {
	t.Parallel()
	in := cost.Inputs{Region: "eu-central-1", HubAZs: 2, Endpoints: 1, FlowLogGBPerMonth: 1, Spokes: []cost.Spoke{{Name: "a", AZs: 2}},
		Supply: &cost.SupplyInputs{Images: true, ImageStorageGB: 1}}
	line := "Interface endpoints (hub, per AZ)"
	fra := cost.Table{Region: "eu-central-1", Prices: map[string]cost.PriceEntry{}}
	pt, err := cost.Resolve(map[string]cost.Table{cost.ReferenceRegion: validRef(t), "eu-central-1": fra})
	require.NoError(t, err)
	est, err := cost.ComputeWith(pt, in)
	require.NoError(t, err)
	ref := cost.PriceTable()[cost.ReferenceRegion].InterfaceEndpointAZHour
	require.Greater(t, ref, 0.0)
	assert.Equal(t, ref, itemByResource(t, est.Items, line).UnitUSD, "missing: us-east-1's price, not 0")
	assert.Contains(t, assumedPrices(est.Assumptions, "eu-central-1"), "interfaceEndpointAzHour")
	assert.Equal(t, "", est.PriceDate, "no AWS-dated price in the table")
	assert.Contains(t, assumedPrices(est.Assumptions, "eu-central-1"), "ecrStorageGbMonth")
	assert.NotContains(t, est.PriceSource, "https://aws.amazon.com/ecr/pricing/", "us-east-1's page is not Frankfurt's source")
	assert.Equal(t, "cost/prices/eu-central-1.json: no AWS-sourced price used", est.PriceSource)
	use1 := in
	use1.Region = cost.ReferenceRegion
	est1, err := cost.ComputeWith(pt, use1)
	require.NoError(t, err)
	assert.Contains(t, est1.PriceSource, "https://aws.amazon.com/ecr/pricing/", "the passing case: us-east-1's own page")

	fra.Prices["interfaceEndpointAzHour"] = offerEntry
	pt, err = cost.Resolve(map[string]cost.Table{cost.ReferenceRegion: validRef(t), "eu-central-1": fra})
	require.NoError(t, err)
	est, err = cost.ComputeWith(pt, in)
	require.NoError(t, err)
	assert.Equal(t, 0.012, itemByResource(t, est.Items, line).UnitUSD)
	assert.NotContains(t, assumedPrices(est.Assumptions, "eu-central-1"), "interfaceEndpointAzHour")
	assert.Contains(t, est.PriceSource, offerEntry.URL)
	assert.Equal(t, "2026-11-20", est.PriceDate)

	_, err = cost.Resolve(map[string]cost.Table{"eu-central-1": fra})
	assert.ErrorContains(t, err, "no price table for the reference region us-east-1")
}

func TestTableDateAndAge(t *testing.T) {
	t.Parallel()
	tab := cost.Table{Region: "eu-central-1", Prices: map[string]cost.PriceEntry{
		"a": {Source: cost.SourceOffer, Date: "2026-11-20"},
		"b": {Source: cost.SourcePage, Date: "2026-09-01"},
		"c": {Source: cost.SourceAssumed, Date: "2020-01-01"},
	}}
	assert.Equal(t, "2026-09-01", tab.Date(), "the oldest sourced price; assumed entries have no date")
	today := time.Date(2026, 12, 6, 23, 59, 0, 0, time.UTC)
	for _, tc := range []struct {
		date string
		days int
	}{{"2026-12-06", 0}, {"2026-12-05", 1}, {"2026-09-07", 90}, {"2026-09-06", 91}} {
		d, err := cost.PriceAgeDays(tc.date, today)
		require.NoError(t, err)
		assert.Equal(t, tc.days, d, tc.date)
	}
	_, err := cost.PriceAgeDays("06/12/2026", today)
	assert.ErrorContains(t, err, `price date "06/12/2026": want YYYY-MM-DD`)
}

// TestPriceConstantsAreTheReferenceTable: the exported constants some callers use are the
// us-east-1 table's prices (the estimate reads the table).
func TestPriceConstantsAreTheReferenceTable(t *testing.T) {
	t.Parallel()
	p := cost.PriceTable()[cost.ReferenceRegion]
	for name, pair := range map[string][2]float64{
		"ResolverEndpointIPHour":       {cost.ResolverEndpointIPHour, p.ResolverEndpointIPHour},
		"VPNConnectionHour":            {cost.VPNConnectionHour, p.VPNConnectionHour},
		"DNSFirewallPerMillionQueries": {cost.DNSFirewallPerMillionQueries, p.DNSFirewallPerMillionQueries},
		"DNSFirewallPerDomainMonth":    {cost.DNSFirewallPerDomainMonth, p.DNSFirewallPerDomainMonth},
		"ConfigRuleEvaluation":         {cost.ConfigRuleEvaluation, p.ConfigRuleEvaluation},
		"DashboardMonth":               {cost.DashboardMonth, p.DashboardMonth},
		"AlarmMonth":                   {cost.AlarmMonth, p.AlarmMonth},
		"CustomMetricMonth":            {cost.CustomMetricMonth, p.CustomMetricMonth},
		"ProfileAccountHour":           {cost.ProfileAccountHour, p.ProfileAccountHour},
		"ProfileAssociationHour":       {cost.ProfileAssociationHour, p.ProfileAssociationHour},
	} {
		assert.Equal(t, pair[0], pair[1], name)
	}
}
