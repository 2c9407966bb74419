package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/cost"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

func TestWritePriceDateWarnsAfterNinetyDays(t *testing.T) {
	t.Parallel()
	day := func(s string) time.Time { d, err := time.Parse(time.DateOnly, s); require.NoError(t, err); return d }
	est := cost.Estimate{Region: "eu-central-1", PriceDate: "2026-09-01"}
	for _, tc := range []struct {
		today string
		warn  bool
	}{
		{"2026-09-01", false},
		{"2026-11-30", false}, // 90 days: still fresh
		{"2026-12-01", true},  // 91 days
	} {
		var b bytes.Buffer
		writePriceDate(&b, est, day(tc.today))
		assert.Contains(t, b.String(), "Price table: cost/prices/eu-central-1.json, prices of 2026-09-01\n", tc.today)
		if tc.warn {
			assert.Contains(t, b.String(), "WARNING: the eu-central-1 prices are 91 days old, more than 90: refresh them with go run ./cmd/prices --region eu-central-1", tc.today)
		} else {
			assert.NotContains(t, b.String(), "WARNING", tc.today)
		}
	}
	var b bytes.Buffer
	writePriceDate(&b, cost.Estimate{Region: "us-west-2"}, day("2026-09-01"))
	assert.Contains(t, b.String(), "WARNING: cost/prices/us-west-2.json has no AWS-dated price")
}

// TestPlanPrintsThePriceDateAndAgeWarning: the table view prints the stack region's price date
// and, with --today far enough, the warning; the JSON view carries the date only, the same
// whatever the day.
func TestPlanPrintsThePriceDateAndAgeWarning(t *testing.T) {
	t.Parallel()
	date := cost.PriceDateOf("eu-central-1")
	require.NotEmpty(t, date)
	d, err := time.Parse(time.DateOnly, date)
	require.NoError(t, err)
	late := d.AddDate(0, 0, cost.MaxPriceAgeDays+30).Format(time.DateOnly)

	code, out, errs := plan(t, landingzone.Run, "--stack", "prod", "--today", date)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "Price table: cost/prices/eu-central-1.json, prices of "+date+"\n")
	assert.NotContains(t, out, "prices are")
	code, out, errs = plan(t, landingzone.Run, "--stack", "prod", "--today", late)
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "WARNING: the eu-central-1 prices are 120 days old, more than 90")

	_, j1, _ := plan(t, landingzone.Run, "--stack", "prod", "--format", "json", "--today", date)
	_, j2, _ := plan(t, landingzone.Run, "--stack", "prod", "--format", "json", "--today", late)
	assert.Equal(t, j1, j2, "the JSON does not depend on the day")
	assert.Contains(t, j1, `"priceDate": "`+date+`"`)

	code, _, errs = plan(t, landingzone.Run, "--stack", "prod", "--today", "yesterday")
	assert.Equal(t, exitConfig, code)
	assert.Contains(t, errs, `--today "yesterday" is not a date: use YYYY-MM-DD`)
}
