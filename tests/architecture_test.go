package tests

import (
	"encoding/json"
	"errors"
	"go/importer"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const modulePath = "github.com/vpconly/sagemaker-landing-zone"

// listedPackage is the part of `go list -json` these tests read.
type listedPackage struct {
	ImportPath string
	Export     string
	Deps       []string
	Standard   bool
}

// goList runs `go list -json <flags> <patterns>` in the repository root and decodes the stream
// of packages it prints.
func goList(t *testing.T, args ...string) []listedPackage {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list", "-json"}, args...)...)
	cmd.Dir = repoRoot()
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		t.Fatalf("go list %s: %v\n%s", strings.Join(args, " "), err, exit.Stderr)
	}
	require.NoError(t, err)
	var pkgs []listedPackage
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// importViolations returns, for each package, the forbidden packages it depends on (directly or
// transitively). A rule maps a package prefix to the prefixes it must never reach.
func importViolations(pkgs []listedPackage, rules map[string][]string) []string {
	var bad []string
	within := func(path, prefix string) bool {
		full := modulePath + "/" + prefix
		return path == full || strings.HasPrefix(path, full+"/")
	}
	for _, p := range pkgs {
		for from, forbidden := range rules {
			if !within(p.ImportPath, from) {
				continue
			}
			for _, d := range p.Deps {
				for _, f := range forbidden {
					if within(d, f) {
						bad = append(bad, p.ImportPath+" -> "+d)
					}
				}
			}
		}
	}
	sort.Strings(bad)
	return bad
}

// importRules are the project's one-way edges: components never import config, landingzone,
// cost or the policy pack (a consumer of the components compiles neither the config model nor
// the price table), and the policy pack never imports the components.
var importRules = map[string][]string{
	"components": {"config", "landingzone", "cost", "policypack"},
	"policypack": {"components"},
}

func TestImportRules(t *testing.T) {
	t.Parallel()
	pkgs := goList(t, "./components/...", "./policypack/...")
	require.NotEmpty(t, pkgs)
	assert.Empty(t, importViolations(pkgs, importRules), "forbidden import edges")

	// The checker itself: an edge it must report, and one it must not.
	fake := []listedPackage{
		{ImportPath: modulePath + "/components/security/iampolicy", Deps: []string{"fmt", modulePath + "/cost"}},
		{ImportPath: modulePath + "/cost", Deps: []string{modulePath + "/components"}},
		{ImportPath: modulePath + "/policypack/policies", Deps: []string{modulePath + "/components/security/iampolicy"}},
	}
	assert.Equal(t, []string{
		modulePath + "/components/security/iampolicy -> " + modulePath + "/cost",
		modulePath + "/policypack/policies -> " + modulePath + "/components/security/iampolicy",
	}, importViolations(fake, importRules))
}

// mutableExports lists the exported package-level variables of pkg whose type is anything but
// a basic type (string, number, bool): a slice, map, pointer, struct, array, func, channel or
// interface variable can be changed in place by any importing package's init, which would alter
// every stack's rules. Such values are functions returning copies, or constants.
func mutableExports(pkg *types.Package) []string {
	var bad []string
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		v, ok := scope.Lookup(name).(*types.Var)
		if !ok || !v.Exported() {
			continue
		}
		if _, basic := v.Type().Underlying().(*types.Basic); !basic {
			bad = append(bad, pkg.Path()+"."+name+" "+v.Type().String())
		}
	}
	return bad
}

func TestNoExportedMutableState(t *testing.T) {
	t.Parallel()
	pkgs := goList(t, "-export", "-deps", "./components/...", "./config/...", "./landingzone/...", "./cost/...")
	exports := map[string]string{}
	for _, p := range pkgs {
		exports[p.ImportPath] = p.Export
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := exports[path]
		if !ok || f == "" {
			return nil, errors.New("no export data for " + path)
		}
		return os.Open(f)
	})
	checked := 0
	for _, p := range pkgs {
		if p.Standard || !strings.HasPrefix(p.ImportPath, modulePath+"/") || strings.Contains(p.ImportPath, "/internal/") {
			continue
		}
		for _, root := range []string{"components", "config", "landingzone", "cost"} {
			if p.ImportPath != modulePath+"/"+root && !strings.HasPrefix(p.ImportPath, modulePath+"/"+root+"/") {
				continue
			}
			pkg, err := imp.Import(p.ImportPath)
			require.NoError(t, err)
			assert.Empty(t, mutableExports(pkg), "exported mutable package state in %s", p.ImportPath)
			checked++
		}
	}
	assert.GreaterOrEqual(t, checked, 5, "components, components/security/iampolicy, config, landingzone, cost")

	// The checker itself: a package with an exported slice, map and pointer and harmless others.
	fake := types.NewPackage("example.com/fake", "fake")
	for _, v := range []*types.Var{
		types.NewVar(token.NoPos, fake, "Rules", types.NewSlice(types.Typ[types.String])),
		types.NewVar(token.NoPos, fake, "Modes", types.NewMap(types.Typ[types.String], types.Typ[types.Int])),
		types.NewVar(token.NoPos, fake, "Default", types.NewPointer(types.Typ[types.Int])),
		types.NewVar(token.NoPos, fake, "Pattern", types.Typ[types.String]),
		types.NewVar(token.NoPos, fake, "rules", types.NewSlice(types.Typ[types.String])),
	} {
		fake.Scope().Insert(v)
	}
	assert.Equal(t, []string{
		"example.com/fake.Default *int",
		"example.com/fake.Modes map[string]int",
		"example.com/fake.Rules []string",
	}, mutableExports(fake))
}

// componentLayers are the groups of components/ each group may depend on (directly or not),
// besides components/arg, components/internal/... and components/security/iampolicy: the one-way
// edges that components/doc.go and the README draw. A group missing from a list must not be
// imported, so an edge that closes a cycle, or makes a low group pull in a high one, fails here.
var componentLayers = map[string][]string{
	"network":  {},
	"security": {"network"},
	"supply":   {"network"},
	"studio":   {"network", "supply"},
	"access":   {"network", "security"},
	"runtime":  {"network", "security"},
	"finops":   {},
}

// layerViolations lists the dependencies of the listed component groups on groups their layer
// does not allow.
func layerViolations(pkgs []listedPackage, layers map[string][]string) []string {
	var bad []string
	for _, p := range pkgs {
		group, ok := strings.CutPrefix(p.ImportPath, modulePath+"/components/")
		if _, layered := layers[group]; !ok || !layered {
			continue
		}
		for _, d := range p.Deps {
			other, ok := strings.CutPrefix(d, modulePath+"/components/")
			if _, layered := layers[other]; !ok || !layered || other == group {
				continue
			}
			if !slices.Contains(layers[group], other) {
				bad = append(bad, p.ImportPath+" -> "+d)
			}
		}
	}
	sort.Strings(bad)
	return bad
}

func TestComponentGroupsImportOneWay(t *testing.T) {
	t.Parallel()
	pkgs := goList(t, "./components/...")
	groups := 0
	for _, p := range pkgs {
		if g, ok := strings.CutPrefix(p.ImportPath, modulePath+"/components/"); ok {
			if _, layered := componentLayers[g]; layered {
				groups++
			}
		}
	}
	assert.Equal(t, len(componentLayers), groups, "every layered group exists")
	assert.Empty(t, layerViolations(pkgs, componentLayers), "component groups importing a group above them")

	// The checker itself: an upward edge it must report, allowed and shared ones it must not.
	fake := []listedPackage{
		{ImportPath: modulePath + "/components/network", Deps: []string{modulePath + "/components/security", modulePath + "/components/security/iampolicy", modulePath + "/components/arg"}},
		{ImportPath: modulePath + "/components/access", Deps: []string{modulePath + "/components/network", modulePath + "/components/security"}},
	}
	assert.Equal(t, []string{modulePath + "/components/network -> " + modulePath + "/components/security"},
		layerViolations(fake, componentLayers))
}
