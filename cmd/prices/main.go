// Command prices refreshes the committed price tables, cost/prices/<region>.json, from AWS's
// Price List offer files: public JSON files, no AWS account or credentials needed
// (https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-ppslong.html). For every
// service the cost model prices it reads the region's offer file, selects each price by usage
// type (with the region's prefix: EUC1-, EU-, USW2-, none for us-east-1) and its first paid tier,
// and writes the table with the offer's publication date and the SKU of every price. A price the
// offers lack keeps its previous entry (an AWS page, or in us-east-1 an explicit assumption);
// in another region it stays out of the table and the estimate assumes us-east-1's.
//
//	go run ./cmd/prices --region eu-central-1                    # download, write cost/prices/eu-central-1.json
//	go run ./cmd/prices --region us-east-1 --region eu-west-1    # several regions
//	go run ./cmd/prices --region eu-central-1 --offers DIR       # read DIR/<offer>/<region>/index.json instead
//
// The Price List Query API (pricing:GetProducts) is not used: it needs AWS credentials and the
// AWS SDK, which the project does not depend on; docs/prices.md describes it as future work.
//
// Exit status: 0 written, 1 an offer could not be read or a table would be invalid, 2 bad flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/vpconly/sagemaker-landing-zone/cost"
)

const (
	exitOK    = 0
	exitFail  = 1
	exitFlags = 2
)

func main() {
	client := &http.Client{Timeout: 10 * time.Minute} // the AmazonEC2 offer is hundreds of MB
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, client))
}

// offerSource opens a region's offer file of one service and says where it came from.
type offerSource interface {
	open(service, region string) (rc io.ReadCloser, url string, err error)
}

// errNoOffer: the source has no offer file for that service and region.
var errNoOffer = errors.New("no offer file")

// dirSource reads offer files saved under dir/<offer>/<region>/index.json, as downloaded from
// the Price List; the entries cite the Price List URL the file is a copy of.
type dirSource struct{ dir string }

func (d dirSource) open(service, region string) (io.ReadCloser, string, error) {
	f, err := os.Open(filepath.Join(d.dir, service, region, "index.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", errNoOffer
	}
	return f, cost.OfferURL(cost.PriceListBase, service, region), err
}

// httpSource downloads offer files from the Price List.
type httpSource struct {
	client *http.Client
	base   string
}

func (h httpSource) open(service, region string) (io.ReadCloser, string, error) {
	u := cost.OfferURL(h.base, service, region)
	resp, err := h.client.Get(u)
	if err != nil {
		return nil, u, err
	}
	switch {
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusForbidden:
		resp.Body.Close()
		return nil, u, errNoOffer
	case resp.StatusCode != http.StatusOK:
		resp.Body.Close()
		return nil, u, fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return resp.Body, u, nil
}

func run(args []string, stdout, stderr io.Writer, client *http.Client) int {
	fs := flag.NewFlagSet("prices", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var regions []string
	fs.Func("region", "region to refresh (repeatable): "+strings.Join(cost.RefreshableRegions(), ", "), func(r string) error {
		if !slices.Contains(cost.RefreshableRegions(), r) {
			return fmt.Errorf("region %q is not allowed: use one of %s", r, strings.Join(cost.RefreshableRegions(), ", "))
		}
		regions = append(regions, r)
		return nil
	})
	out := fs.String("out", filepath.Join("cost", "prices"), "directory of the price tables to update")
	offers := fs.String("offers", "", "read offer files from DIR/<offer>/<region>/index.json instead of downloading them")
	if err := fs.Parse(args); err != nil {
		return exitFlags
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "prices: unexpected argument %q\n", fs.Arg(0))
		return exitFlags
	}
	if len(regions) == 0 {
		fmt.Fprintf(stderr, "prices: give at least one --region (%s)\n", strings.Join(cost.RefreshableRegions(), ", "))
		return exitFlags
	}
	var src offerSource = httpSource{client: client, base: cost.PriceListBase}
	if *offers != "" {
		if st, err := os.Stat(*offers); err != nil || !st.IsDir() {
			fmt.Fprintf(stderr, "prices: --offers %q is not a directory\n", *offers)
			return exitFlags
		}
		src = dirSource{dir: *offers}
	}
	status := exitOK
	for _, region := range regions {
		path := filepath.Join(*out, region+".json")
		old, err := readTable(path, region)
		if err != nil {
			fmt.Fprintf(stderr, "prices: %v\n", err)
			status = exitFail
			continue
		}
		t, report, err := refresh(region, src, old)
		for _, line := range report {
			fmt.Fprintf(stdout, "%s: %s\n", region, line)
		}
		if err != nil {
			fmt.Fprintf(stderr, "prices: %s: %v (table not written)\n", region, err)
			status = exitFail
			continue
		}
		b, err := t.Marshal()
		if err == nil {
			err = os.WriteFile(path, b, 0o644)
		}
		if err != nil {
			fmt.Fprintf(stderr, "prices: %v\n", err)
			status = exitFail
			continue
		}
		fmt.Fprintf(stdout, "%s: wrote %s (prices of %s)\n", region, path, t.Date())
	}
	return status
}

// readTable reads the current table of region, or an empty one when there is none yet.
func readTable(path, region string) (cost.Table, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return cost.Table{Region: region, Prices: map[string]cost.PriceEntry{}}, nil
	}
	if err != nil {
		return cost.Table{}, err
	}
	t, err := cost.ParseTable(b)
	if err != nil {
		return cost.Table{}, fmt.Errorf("%s: %w", path, err)
	}
	if t.Region != region {
		return cost.Table{}, fmt.Errorf("%s holds region %q, not %q", path, t.Region, region)
	}
	return t, nil
}

// refresh is the command's core: old with every price the region's offers hold replaced by the
// offer's line, and a report of what came from where. It fails, writing nothing, when an offer
// cannot be read, a selection is ambiguous or the table would be invalid.
func refresh(region string, src offerSource, old cost.Table) (cost.Table, []string, error) {
	t := cost.Table{Region: region, Prices: map[string]cost.PriceEntry{}}
	for k, e := range old.Prices {
		t.Prices[k] = e
	}
	var report []string
	var errs []error
	for _, service := range cost.OfferServices() {
		rc, url, err := src.open(service, region)
		if errors.Is(err, errNoOffer) {
			report = append(report, fmt.Sprintf("%s: no offer file for this region; its prices keep their entries", service))
			continue
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", service, err))
			continue
		}
		o, err := cost.ReadOffer(rc, cost.OfferUsageTypes(service, region))
		rc.Close()
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", service, err))
			continue
		}
		if o.OfferCode != service {
			errs = append(errs, fmt.Errorf("%s: the file's offerCode is %q", service, o.OfferCode))
			continue
		}
		entries, missing, err := cost.SelectPrices(region, o, url)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, k := range cost.PriceKeys() {
			if e, ok := entries[k]; ok {
				t.Prices[k] = e
				report = append(report, fmt.Sprintf("%s $%g from %s %s (SKU %s, published %s)", k, e.USD, service, e.UsageType, e.SKU, e.Date))
			}
		}
		for _, k := range missing {
			kept := "left out: the estimate assumes us-east-1's"
			if e, ok := t.Prices[k]; ok {
				kept = "kept its " + e.Source + " entry"
			}
			report = append(report, fmt.Sprintf("%s: no line in the %s offer; %s", k, service, kept))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return cost.Table{}, report, err
	}
	return t, report, t.Validate()
}
