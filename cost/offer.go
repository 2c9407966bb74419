package cost

// Reading AWS Price List offer files (the JSON "service price list files" of the Price List Bulk
// API). Their layout, as documented in "Reading the service price list file for an AWS service"
// (https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/reading-service-price-list-file-for-services.html):
// a header (formatVersion, offerCode, version, publicationDate), then "products" keyed by SKU,
// each with a productFamily and "attributes" (usagetype, operation, location, regionCode, ...),
// then "terms": "OnDemand" keyed by SKU, then by offer term code, each with "priceDimensions"
// keyed by rate code: unit, beginRange, endRange, description and pricePerUnit.USD (a decimal
// string). Tiered prices are several dimensions of one term, one per range. The regional files are
// https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<offerCode>/current/<region>/index.json
// ("Getting price list files using the AWS Price List Bulk API",
// https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-ppslong.html).

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// OfferURL is the regional offer file of service (an offer code) for region.
func OfferURL(base, service, region string) string {
	return strings.TrimSuffix(base, "/") + "/offers/v1.0/aws/" + service + "/current/" + region + "/index.json"
}

// PriceListBase is the public Price List host: no credentials needed.
const PriceListBase = "https://pricing.us-east-1.amazonaws.com"

// Offer is what ReadOffer keeps of an offer file: its header and the products of the usage types
// asked for, with their on-demand price dimensions.
type Offer struct {
	OfferCode       string
	PublicationDate string
	Lines           []OfferLine
}

// OfferLine is one product (SKU) and its on-demand price dimensions.
type OfferLine struct {
	SKU, UsageType string
	Dimensions     []PriceDimension
}

// PriceDimension is one on-demand price of a product: one tier of a tiered price.
type PriceDimension struct {
	RateCode, Unit, Description string
	BeginRange, USD             float64
}

// OfferServices are the offer codes the model's prices come from, sorted.
func OfferServices() []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range priceSpecs {
		if !seen[s.service] {
			seen[s.service] = true
			out = append(out, s.service)
		}
	}
	sort.Strings(out)
	return out
}

// usageTypes are the usage types (with region prefix) that may hold key's price in region.
func (s priceSpec) usageTypes(region string) []string {
	if s.global {
		return []string{s.usageType}
	}
	var out []string
	for _, p := range regionPrefixes[region] {
		out = append(out, p+s.usageType)
	}
	return out
}

// OfferUsageTypes are the usage types ReadOffer must keep from service's offer for region.
func OfferUsageTypes(service, region string) map[string]bool {
	out := map[string]bool{}
	for _, s := range priceSpecs {
		if s.service == service {
			for _, u := range s.usageTypes(region) {
				out[u] = true
			}
		}
	}
	return out
}

// ReadOffer reads an offer file as a stream, keeping only the products whose usage type is in
// usageTypes and their on-demand terms: the AmazonEC2 regional file is hundreds of megabytes.
func ReadOffer(r io.Reader, usageTypes map[string]bool) (Offer, error) {
	dec := json.NewDecoder(r)
	var o Offer
	if err := expectDelim(dec, '{'); err != nil {
		return o, err
	}
	kept := map[string]string{} // SKU → usage type
	sawProducts := false
	for dec.More() {
		key, err := stringToken(dec)
		if err != nil {
			return o, err
		}
		switch key {
		case "offerCode":
			err = dec.Decode(&o.OfferCode)
		case "publicationDate":
			err = dec.Decode(&o.PublicationDate)
		case "products":
			sawProducts = true
			err = eachKey(dec, func(sku string) error {
				var p struct {
					Attributes map[string]string `json:"attributes"`
				}
				if err := dec.Decode(&p); err != nil {
					return err
				}
				if u := p.Attributes["usagetype"]; usageTypes[u] {
					kept[sku] = u
				}
				return nil
			})
		case "terms":
			if !sawProducts {
				return o, errors.New("cost: offer file: terms come before products; not the documented layout")
			}
			err = eachKey(dec, func(termType string) error {
				if termType != "OnDemand" {
					var skip json.RawMessage
					return dec.Decode(&skip)
				}
				return eachKey(dec, func(sku string) error {
					var terms map[string]struct {
						PriceDimensions map[string]struct {
							RateCode     string            `json:"rateCode"`
							Unit         string            `json:"unit"`
							Description  string            `json:"description"`
							BeginRange   string            `json:"beginRange"`
							PricePerUnit map[string]string `json:"pricePerUnit"`
						} `json:"priceDimensions"`
					}
					if err := dec.Decode(&terms); err != nil {
						return err
					}
					u, ok := kept[sku]
					if !ok {
						return nil
					}
					line := OfferLine{SKU: sku, UsageType: u}
					for _, t := range terms {
						for code, d := range t.PriceDimensions {
							usd, err := strconv.ParseFloat(d.PricePerUnit["USD"], 64)
							if err != nil {
								return fmt.Errorf("cost: offer file: SKU %s rate %s: pricePerUnit.USD %q is not a number", sku, code, d.PricePerUnit["USD"])
							}
							begin, err := strconv.ParseFloat(d.BeginRange, 64)
							if err != nil && d.BeginRange != "" {
								return fmt.Errorf("cost: offer file: SKU %s rate %s: beginRange %q is not a number", sku, code, d.BeginRange)
							}
							rate := d.RateCode
							if rate == "" {
								rate = code
							}
							line.Dimensions = append(line.Dimensions, PriceDimension{RateCode: rate, Unit: d.Unit,
								Description: d.Description, BeginRange: begin, USD: usd})
						}
					}
					o.Lines = append(o.Lines, line)
					return nil
				})
			})
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return o, fmt.Errorf("cost: offer file, %s: %w", key, err)
		}
	}
	if o.OfferCode == "" || o.PublicationDate == "" {
		return o, fmt.Errorf("cost: offer file has offerCode %q and publicationDate %q; both are required", o.OfferCode, o.PublicationDate)
	}
	sort.Slice(o.Lines, func(i, j int) bool { return o.Lines[i].SKU < o.Lines[j].SKU })
	return o, nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	t, err := dec.Token()
	if err != nil {
		return fmt.Errorf("cost: offer file: %w", err)
	}
	if d, ok := t.(json.Delim); !ok || d != want {
		return fmt.Errorf("cost: offer file: got %v, want %q", t, want)
	}
	return nil
}

func stringToken(dec *json.Decoder) (string, error) {
	t, err := dec.Token()
	if err != nil {
		return "", err
	}
	s, ok := t.(string)
	if !ok {
		return "", fmt.Errorf("cost: offer file: got %v, want an object key", t)
	}
	return s, nil
}

// eachKey walks an object, calling f with each key; f decodes the value.
func eachKey(dec *json.Decoder, f func(key string) error) error {
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	for dec.More() {
		k, err := stringToken(dec)
		if err != nil {
			return err
		}
		if err := f(k); err != nil {
			return err
		}
	}
	return expectDelim(dec, '}')
}

// firstPaid is a line's first paid tier: the dimension with the lowest beginRange whose price is
// above zero (a free tier is left out, like the model's other free tiers).
func (l OfferLine) firstPaid() (PriceDimension, bool) {
	var best PriceDimension
	found := false
	for _, d := range l.Dimensions {
		if d.USD > 0 && (!found || d.BeginRange < best.BeginRange || (d.BeginRange == best.BeginRange && d.RateCode < best.RateCode)) {
			best, found = d, true
		}
	}
	return best, found
}

// SelectPrices picks, from region's offer of one service, every model price that offer holds:
// by usage type (with the region's prefix), the first paid tier. It returns the entries, the
// keys of the service the offer has no line for, and an error when a usage type matches lines
// with different prices (ambiguous: the spec must be narrowed, never guessed).
func SelectPrices(region string, o Offer, offerURL string) (map[string]PriceEntry, []string, error) {
	if _, ok := regionPrefixes[region]; !ok {
		return nil, nil, fmt.Errorf("cost: region %q has no usage-type prefix; regions: %s", region, strings.Join(RefreshableRegions(), ", "))
	}
	entries := map[string]PriceEntry{}
	var missing []string
	var errs []error
	for _, s := range priceSpecs {
		if s.service != o.OfferCode {
			continue
		}
		want := map[string]bool{}
		for _, u := range s.usageTypes(region) {
			want[u] = true
		}
		var picked []PriceEntry
		for _, l := range o.Lines {
			if !want[l.UsageType] {
				continue
			}
			d, ok := l.firstPaid()
			if !ok {
				continue
			}
			picked = append(picked, PriceEntry{USD: math.Round(d.USD*s.perUnit*1e10) / 1e10, Source: SourceOffer,
				Service: o.OfferCode, UsageType: l.UsageType, SKU: l.SKU, RateCode: d.RateCode,
				PublicationDate: o.PublicationDate, URL: offerURL, Date: dateOf(o.PublicationDate), Note: d.Description})
		}
		if len(picked) == 0 {
			missing = append(missing, s.key)
			continue
		}
		for _, p := range picked[1:] {
			if p.USD != picked[0].USD {
				errs = append(errs, fmt.Errorf("cost: %s in %s: usage type %v matches SKU %s at $%g and SKU %s at $%g; narrow the selection",
					s.key, region, s.usageTypes(region), picked[0].SKU, picked[0].USD, p.SKU, p.USD))
			}
		}
		entries[s.key] = picked[0] // Lines are sorted by SKU: the choice is stable
	}
	return entries, missing, errors.Join(errs...)
}

// dateOf is the day of an RFC 3339 timestamp.
func dateOf(ts string) string {
	if len(ts) >= 10 {
		return ts[:10]
	}
	return ts
}
