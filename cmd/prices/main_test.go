package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/cost"
	"github.com/vpconly/sagemaker-landing-zone/internal/stackconfig"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

const fixtures = "testdata/offers"

// prodInputs are the cost inputs of the prod stack (Pulumi.prod.yaml, eu-central-1).
func prodInputs(t *testing.T) cost.Inputs {
	t.Helper()
	values, err := stackconfig.Load(filepath.Join("..", ".."), "prod")
	require.NoError(t, err)
	cfg, err := landingzone.LoadConfig("prod", func(k string) (string, bool) { v, ok := values[k]; return v, ok })
	require.NoError(t, err)
	require.Equal(t, "eu-central-1", cfg.Region)
	return landingzone.CostInputs(cfg)
}

// assumedPrices are the price keys assumptions name as assumed in region, in PriceKeys order.
func assumedPrices(assumptions []string, region string) []string {
	var out []string
	for _, k := range cost.PriceKeys() {
		for _, a := range assumptions {
			if strings.HasPrefix(a, k+" in "+region+" assumed") {
				out = append(out, k)
			}
		}
	}
	return out
}

// TestRefreshFillsEveryFrankfurtAssumption: the prod estimate (Frankfurt) lists exactly the
// prices its committed table lacks, and after the command's core runs on offer files holding
// those usage types (fixtures in the offer-file format), none is assumed any more: every price
// the estimate uses is an offer line with its SKU and publication date.
func TestRefreshFillsEveryFrankfurtAssumption(t *testing.T) {
	t.Parallel()
	in := prodInputs(t)
	before, err := cost.Compute(in)
	require.NoError(t, err)
	assert.Equal(t, []string{
		"interfaceEndpointAzHour", "tgwAttachmentHour", "natGatewayHour", "logsIngestionGb", "logsStorageGbMonth",
		"hostedZoneMonth", "codeArtifactStorageGbMonth", "codeArtifactRequests10k", "ecrStorageGbMonth",
		"resolverEndpointIpHour", "dnsFirewallPerMillionQueries", "dnsFirewallPerDomainMonth", "configRuleEvaluation",
		"dashboardMonth", "alarmMonth", "customMetricMonth",
	}, assumedPrices(before.Assumptions, "eu-central-1"), "the prices prod still assumes")

	tables, err := cost.CommittedTables()
	require.NoError(t, err)
	fra, report, err := refresh("eu-central-1", dirSource{dir: fixtures}, tables["eu-central-1"])
	require.NoError(t, err)
	assert.NotEmpty(t, report)
	tables["eu-central-1"] = fra
	pt, err := cost.Resolve(tables)
	require.NoError(t, err)
	after, err := cost.ComputeWith(pt, in)
	require.NoError(t, err)
	assert.Empty(t, assumedPrices(after.Assumptions, "eu-central-1"), "refreshed: no price assumed")
	for _, a := range after.Assumptions {
		assert.NotContains(t, a, "assumed equal to us-east-1", a)
	}
	for _, k := range assumedPrices(before.Assumptions, "eu-central-1") {
		e := fra.Prices[k]
		assert.Equal(t, cost.SourceOffer, e.Source, k)
		assert.True(t, strings.HasPrefix(e.UsageType, "EUC1-") || e.UsageType == "HostedZone" || e.UsageType == "DashboardsUsageHour-Basic", "%s: %s", k, e.UsageType)
		assert.NotEmpty(t, e.SKU, k)
		assert.Equal(t, "2026-11-20T00:00:00Z", e.PublicationDate, k)
	}
	// The fixture's Frankfurt endpoint-hour price is used, and the offer file is cited.
	line := func(est cost.Estimate) cost.Item {
		for _, it := range est.Items {
			if it.Resource == "Interface endpoints (hub, per AZ)" {
				return it
			}
		}
		t.Fatal("no hub endpoint line")
		return cost.Item{}
	}
	assert.Equal(t, 0.01, line(before).UnitUSD, "before: us-east-1's, assumed")
	assert.Equal(t, 0.012, line(after).UnitUSD, "after: the offer's EUC1-VpcEndpoint-Hours")
	assert.Contains(t, after.PriceSource, "https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonVPC/current/eu-central-1/index.json")
	assert.Equal(t, "2026-11-20", after.PriceDate)
}

// TestRefreshKeepsWhatTheOffersLack: with only the VPC offer, the other prices keep their
// entries (the AWS pages of the committed table) or stay out; nothing becomes zero.
func TestRefreshKeepsWhatTheOffersLack(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(filepath.Join(dir, "AmazonVPC"), os.DirFS(filepath.Join(fixtures, "AmazonVPC"))))
	tables, err := cost.CommittedTables()
	require.NoError(t, err)
	fra, report, err := refresh("eu-central-1", dirSource{dir: dir}, tables["eu-central-1"])
	require.NoError(t, err)
	assert.Equal(t, cost.SourceOffer, fra.Prices["interfaceEndpointAzHour"].Source)
	assert.Equal(t, cost.SourcePage, fra.Prices["kmsKeyMonth"].Source, "kept: the KMS page")
	assert.NotContains(t, fra.Prices, "natGatewayHour", "no EC2 offer: left to the assumption")
	assert.Contains(t, strings.Join(report, "\n"), "AmazonEC2: no offer file for this region; its prices keep their entries")

	// The reference region must stay complete: an offer without a price removes nothing.
	ref, _, err := refresh("us-east-1", dirSource{dir: dir}, tables["us-east-1"])
	require.NoError(t, err, "no us-east-1 fixtures: every entry kept")
	assert.Equal(t, tables["us-east-1"], ref)
}

// TestRunWritesTheTableOnceAndRejectsBadFlags runs the command on the fixtures into a copy of
// the tables: it writes a valid table, the same bytes twice, and refuses bad flags with exit 2.
func TestRunWritesTheTableOnceAndRejectsBadFlags(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	args := []string{"--region", "eu-central-1", "--offers", fixtures, "--out", out}
	require.Equal(t, exitOK, run(args, &stdout, &stderr, nil), stderr.String())
	assert.Contains(t, stdout.String(), "eu-central-1: interfaceEndpointAzHour $0.012 from AmazonVPC EUC1-VpcEndpoint-Hours (SKU ")
	assert.Contains(t, stdout.String(), "(prices of 2026-11-20)")
	first, err := os.ReadFile(filepath.Join(out, "eu-central-1.json"))
	require.NoError(t, err)
	tab, err := cost.ParseTable(first)
	require.NoError(t, err)
	assert.Len(t, tab.Prices, len(cost.PriceKeys()), "the fixtures hold every price")
	require.Equal(t, exitOK, run(args, &stdout, &stderr, nil))
	again, err := os.ReadFile(filepath.Join(out, "eu-central-1.json"))
	require.NoError(t, err)
	assert.Equal(t, string(first), string(again), "a second run writes the same bytes")

	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "give at least one --region (eu-central-1, eu-west-1, us-east-1, us-west-2)"},
		{[]string{"--region", "ap-south-1"}, `region "ap-south-1" is not allowed: use one of eu-central-1, eu-west-1, us-east-1, us-west-2`},
		{[]string{"--region", "eu-central-1", "--offers", filepath.Join(out, "nope")}, "is not a directory"},
		{[]string{"--region", "eu-central-1", "extra"}, `unexpected argument "extra"`},
	} {
		var o, e bytes.Buffer
		assert.Equal(t, exitFlags, run(tc.args, &o, &e, nil), tc.args)
		assert.Contains(t, e.String(), tc.want, tc.args)
	}
}

// TestRunFailsWithoutWritingOnABrokenOffer: an offer that cannot be read leaves the table as it was.
func TestRunFailsWithoutWritingOnABrokenOffer(t *testing.T) {
	t.Parallel()
	offers := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(offers, "AmazonVPC", "eu-central-1"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(offers, "AmazonVPC", "eu-central-1", "index.json"), []byte(`{"offerCode": "AmazonVPC", "products": [`), 0o644))
	out := t.TempDir()
	var stdout, stderr bytes.Buffer
	assert.Equal(t, exitFail, run([]string{"--region", "eu-central-1", "--offers", offers, "--out", out}, &stdout, &stderr, nil))
	assert.Contains(t, stderr.String(), "eu-central-1: AmazonVPC:")
	assert.Contains(t, stderr.String(), "(table not written)")
	_, err := os.Stat(filepath.Join(out, "eu-central-1.json"))
	assert.True(t, os.IsNotExist(err), "nothing written")
}
