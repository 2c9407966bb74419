package cost

// The package and image supply path's usage-based costs: CodeArtifact storage and requests, ECR
// storage, and the customer-managed keys it adds. Its interface endpoints (codeartifact.api,
// codeartifact.repositories, ecr.api, ecr.dkr) are hub endpoints like any other and are counted in
// Inputs.Endpoints.

import (
	"errors"
	"fmt"
	"math"
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

// supplyItems prices the supply path (nil: nothing) and records its usage assumptions.
func supplyItems(s *SupplyInputs, p Prices, assumptions *[]string) []Item {
	if s == nil {
		return nil
	}
	orDefault := func(v, def float64, what string) float64 {
		if v == 0 {
			*assumptions = append(*assumptions, fmt.Sprintf("%s %v (default)", what, def))
			return def
		}
		return v
	}
	items := []Item{priced(p, "kmsKeyMonth", ServiceKMS, "KMS keys (supply path)", "key-month", float64(s.KMSKeys))}
	if s.Packages {
		gb := orDefault(s.PackageStorageGB, DefaultPackageStorageGB, "CodeArtifact storage GB")
		req := orDefault(s.PackageRequestsPerMonth, DefaultPackageRequestsPerMonth, "CodeArtifact requests per month")
		items = append(items,
			priced(p, "codeArtifactStorageGbMonth", ServiceCodeArtifact, "CodeArtifact storage", "GB-month", gb),
			priced(p, "codeArtifactRequests10k", ServiceCodeArtifact, "CodeArtifact requests", "10k requests", req/10000))
	}
	if s.Images {
		gb := orDefault(s.ImageStorageGB, DefaultImageStorageGB, "ECR storage GB")
		items = append(items, priced(p, "ecrStorageGbMonth", ServiceECR, "ECR storage", "GB-month", gb))
	}
	return items
}
