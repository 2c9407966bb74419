package main

import (
	"fmt"
	"io"
	"time"

	"github.com/vpconly/sagemaker-landing-zone/cost"
)

// parseToday is the --today flag: the day the price tables' age is measured against (a test
// fixes it; by default the machine's date, so two runs on one day print the same bytes).
func parseToday(s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("--today %q is not a date: use YYYY-MM-DD", s)
	}
	return t, nil
}

// writePriceDate prints, in the table view, the date of the price table the estimate used, and a
// warning when it is older than cost.MaxPriceAgeDays on today or has no AWS-dated price. The
// JSON view carries the date only (Estimate.PriceDate), so that it does not change with the day.
func writePriceDate(w io.Writer, est cost.Estimate, today time.Time) {
	refresh := fmt.Sprintf("go run ./cmd/prices --region %s (docs/prices.md)", est.Region)
	if est.PriceDate == "" {
		fmt.Fprintf(w, "WARNING: cost/prices/%s.json has no AWS-dated price: every price is assumed; refresh with %s\n", est.Region, refresh)
		return
	}
	fmt.Fprintf(w, "Price table: cost/prices/%s.json, prices of %s\n", est.Region, est.PriceDate)
	days, err := cost.PriceAgeDays(est.PriceDate, today)
	if err != nil {
		fmt.Fprintf(w, "WARNING: %v\n", err)
		return
	}
	if days > cost.MaxPriceAgeDays {
		fmt.Fprintf(w, "WARNING: the %s prices are %d days old, more than %d: refresh them with %s\n",
			est.Region, days, cost.MaxPriceAgeDays, refresh)
	}
}
