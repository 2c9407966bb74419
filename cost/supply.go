package cost

// The package and image supply path's usage-based costs: CodeArtifact storage and requests, ECR
// storage, and the customer-managed keys it adds. Its interface endpoints (codeartifact.api,
// codeartifact.repositories, ecr.api, ecr.dkr) are hub endpoints like any other and are counted in
// Inputs.Endpoints.

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Usage assumed when SupplyInputs leaves a volume at 0: assumptions, not measurements, each
// listed in Estimate.Assumptions. Replace them with the CodeArtifact and ECR usage reports.
const (
	// DefaultPackageStorageGB is the CodeArtifact storage of a team's cached PyPI packages: a few
	// hundred wheels, machine-learning frameworks included (a PyTorch CUDA wheel alone is ~2.5 GB).
	DefaultPackageStorageGB = 10.0
	// DefaultPackageRequestsPerMonth is CodeArtifact requests a month: ~200 installs of ~50 files a
	// working day, plus token and metadata calls.
	DefaultPackageRequestsPerMonth = 250000.0
	// DefaultImageStorageGB is the ECR storage of the team images and the pull-through cache.
	DefaultImageStorageGB = 30.0
)

// SupplyPrices are the supply path's unit prices in USD.
type SupplyPrices struct {
	CodeArtifactStorageGBMonth float64 `json:"codeArtifactStorageGbMonth"` // per GB-month stored
	CodeArtifactRequests10K    float64 `json:"codeArtifactRequests10k"`    // per 10,000 requests
	ECRStorageGBMonth          float64 `json:"ecrStorageGbMonth"`          // per GB-month stored (private repositories)
	// Assumed names the services whose prices no source gave for the region and that are taken
	// from us-east-1 (listed in Estimate.Assumptions).
	Assumed []string `json:"assumed,omitempty"`
}

// SupplyPriceTable holds the supply prices by region. us-east-1 is sourced; eu-west-1's ECR
// storage is sourced (AWS Price List, AmazonECR EU-TimedStorage-ByteHrs $0.10 per GB-month:
// the "pricelist-euw1-rates" Source in prices.go) and its CodeArtifact prices are assumed; every
// other priced region is assumed equal to us-east-1 (listed in Estimate.Assumptions).
var supplyPriceTable = map[string]SupplyPrices{
	"us-east-1": {CodeArtifactStorageGBMonth: 0.05, CodeArtifactRequests10K: 0.05, ECRStorageGBMonth: 0.10},
	"eu-west-1": {CodeArtifactStorageGBMonth: 0.05, CodeArtifactRequests10K: 0.05, ECRStorageGBMonth: 0.10,
		Assumed: []string{"CodeArtifact"}},
}

// SupplySources are the pages the supply prices come from.
var supplySources = []Source{
	{Key: "codeartifact", URL: "https://aws.amazon.com/codeartifact/pricing/",
		Notes: "billed per GB-month of package storage and per request; the free tier (2 GB and 100,000 requests a month) is left out"},
	{Key: "c3x-codeartifact", URL: "https://c3x.dev/resources/aws/aws_codeartifact_domain/",
		Notes: "storage ~$0.05/GB-month, requests ~$0.05 per 10,000; no standing fee for a domain; assets deduplicated across a domain's repositories"},
	{Key: "pricelist-euw1-rates", URL: "https://github.com/henderjm/world-cup-sweepstake/blob/57a6d34883744a028d2b1555e70a692265a47f49/docs/costs/aws-ireland-rates.json",
		Notes: "AWS Price List, AmazonECR eu-west-1: EU-TimedStorage-ByteHrs $0.10 per GB-month (catalog 20260911124425, checked 2026-10-04)"},
	{Key: "ecr", URL: "https://aws.amazon.com/ecr/pricing/",
		Notes: "private repository storage $0.10 per GB-month; data transfer to a VPC endpoint in the same region is not charged by ECR"},
}

// SupplyInputs describe the supply path a stack builds.
type SupplyInputs struct {
	// Packages and Images say which parts are built.
	Packages, Images bool
	// PackageStorageGB, PackageRequestsPerMonth and ImageStorageGB are the usage; 0 means the
	// default (an assumption); negative is invalid.
	PackageStorageGB, PackageRequestsPerMonth, ImageStorageGB float64
	// KMSKeys are the customer-managed keys the supply path creates (CodeArtifact domain, ECR).
	KMSKeys int
}

func (s *SupplyInputs) validate() []error {
	if s == nil {
		return nil
	}
	var errs []error
	for _, f := range []struct {
		name string
		v    float64
	}{{"PackageStorageGB", s.PackageStorageGB}, {"PackageRequestsPerMonth", s.PackageRequestsPerMonth}, {"ImageStorageGB", s.ImageStorageGB}} {
		if f.v < 0 || math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			errs = append(errs, fmt.Errorf("cost: Supply.%s is %v; must be a finite number >= 0 (0 = default)", f.name, f.v))
		}
	}
	if s.KMSKeys < 0 {
		errs = append(errs, fmt.Errorf("cost: Supply.KMSKeys is %d; must be 0 or more", s.KMSKeys))
	}
	if !s.Packages && !s.Images {
		errs = append(errs, errors.New("cost: Supply names neither Packages nor Images; leave Supply nil for no supply path"))
	}
	return errs
}

// supplyItems prices the supply path (nil: nothing) and records its assumptions.
func supplyItems(s *SupplyInputs, region string, p Prices, assumptions *[]string) []Item {
	if s == nil {
		return nil
	}
	sp, ok := supplyPriceTable[region]
	if !ok {
		sp = supplyPriceTable["us-east-1"]
		sp.Assumed = []string{"CodeArtifact", "ECR"}
	}
	if len(sp.Assumed) > 0 {
		*assumptions = append(*assumptions, fmt.Sprintf("%s prices in %s assumed equal to us-east-1", strings.Join(sp.Assumed, " and "), region))
	}
	orDefault := func(v, def float64, what string) float64 {
		if v == 0 {
			*assumptions = append(*assumptions, fmt.Sprintf("%s %v (default)", what, def))
			return def
		}
		return v
	}
	items := []Item{item(ServiceKMS, "KMS keys (supply path)", "key-month", float64(s.KMSKeys), p.KMSKeyMonth)}
	if s.Packages {
		gb := orDefault(s.PackageStorageGB, DefaultPackageStorageGB, "CodeArtifact storage GB")
		req := orDefault(s.PackageRequestsPerMonth, DefaultPackageRequestsPerMonth, "CodeArtifact requests per month")
		items = append(items,
			item(ServiceCodeArtifact, "CodeArtifact storage", "GB-month", gb, sp.CodeArtifactStorageGBMonth),
			item(ServiceCodeArtifact, "CodeArtifact requests", "10k requests", req/10000, sp.CodeArtifactRequests10K))
	}
	if s.Images {
		gb := orDefault(s.ImageStorageGB, DefaultImageStorageGB, "ECR storage GB")
		items = append(items, item(ServiceECR, "ECR storage", "GB-month", gb, sp.ECRStorageGBMonth))
	}
	return items
}

// supplySourceURLs are the supply prices' pages, sorted, for Estimate.PriceSource.
func supplySourceURLs(s *SupplyInputs) string {
	if s == nil {
		return ""
	}
	var urls []string
	for _, src := range supplySources {
		urls = append(urls, src.URL)
	}
	sort.Strings(urls)
	return "; supply: " + strings.Join(urls, " ")
}
