package main

import (
	"context"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/blang/semver"
	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi-go-provider/integration"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	pconfig "github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// The in-process proof that another language gets what a Go program gets: each component is
// constructed through the provider's gRPC Construct (pulumi-go-provider's integration server, as
// the engine calls it for a TypeScript, Python or YAML program) under the project's recording
// mock, and compared with the same arguments given to the Go API under the same mock.

// The integration server's monitor names URNs with this project and stack
// (integration/fake.NewResourceMonitorServer); the Go runs use the same.
const (
	testProject = "project"
	testStack   = "stack"
	testRegion  = "us-east-1"
)

// construct runs one Construct of token named name with inputs through the provider, the
// consumer's stack config holding config (aws:region, ...), and returns what it registered.
func construct(t *testing.T, token, name string, inputs map[string]any, config map[string]string) (*recorder.Recording, p.ConstructResponse, error) {
	t.Helper()
	prov, err := newProvider()
	require.NoError(t, err)
	monitor, rec := recorder.NewMonitor(recorder.Options{Project: testProject, Stack: testStack})
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	srv, err := integration.NewServer(ctx, Name, semver.MustParse(Version), integration.WithProvider(prov), integration.WithMocks(monitor))
	require.NoError(t, err)
	cfg := map[pconfig.Key]string{}
	for k, v := range config {
		cfg[pconfig.MustParseKey(k)] = v
	}
	urn := resource.NewURN(testStack, testProject, "", tokens.Type(token), name)
	resp, err := srv.Construct(p.ConstructRequest{Urn: urn, Inputs: resource.FromResourcePropertyMap(resource.NewPropertyMapFromMap(inputs)), Config: cfg})
	return rec, resp, err
}

// goRun runs a Go program under the same mock, project and stack.
func goRun(t *testing.T, config map[string]string, program pulumi.RunFunc) (*recorder.Recording, error) {
	t.Helper()
	return recorder.Run(recorder.Options{Project: testProject, Stack: testStack, Config: config}, program)
}

// sameChildren asserts that the provider registered exactly the Go API's resources: the same
// URNs (after dropping the provider-only wrapper type from the URN, "" for a building block), the
// same types, inputs, protect and retain flags.
func sameChildren(t testingT, goRec, provRec *recorder.Recording, wrapper string) {
	t.Helper()
	norm := func(urn string) string {
		if wrapper == "" {
			return urn
		}
		return strings.Replace(strings.Replace(urn, "::"+wrapper+"$", "::", 1), "::"+wrapper+"::", "::!wrapper::", 1)
	}
	prov := map[string]recorder.Resource{}
	for _, r := range provRec.Resources {
		if r.Type == wrapper {
			continue
		}
		prov[norm(r.URN)] = r
	}
	var goURNs, provURNs []string
	for _, r := range goRec.Resources {
		goURNs = append(goURNs, r.URN)
	}
	for u := range prov {
		provURNs = append(provURNs, u)
	}
	sort.Strings(goURNs)
	sort.Strings(provURNs)
	require.Equal(t, goURNs, provURNs, "the provider registers the Go API's URNs")
	for _, g := range goRec.Resources {
		r := prov[g.URN]
		assert.Equal(t, g.Type, r.Type, g.URN)
		assert.Equal(t, g.Protect, r.Protect, "protect of %s", g.URN)
		assert.Equal(t, g.RetainOnDelete, r.RetainOnDelete, "retainOnDelete of %s", g.URN)
		assert.Equal(t, plainJSON(t, g.Inputs), plainJSON(t, r.Inputs), "inputs of %s", g.URN)
	}
}

// testingT is what sameChildren needs of a *testing.T (a fake one proves it can fail).
type testingT interface {
	require.TestingT
	Helper()
}

// failures is a testingT that records whether anything failed.
type failures struct{ failed bool }

func (f *failures) Errorf(string, ...any) { f.failed = true }
func (f *failures) FailNow()              { f.failed = true; panic(f) }
func (f *failures) Helper()               {}

// fails reports whether check failed on a fake T.
func fails(check func(t testingT)) (failed bool) {
	f := &failures{}
	defer func() {
		if r := recover(); r != nil && r != any(f) {
			panic(r)
		}
		failed = f.failed
	}()
	check(f)
	return f.failed
}

func plainJSON(t testingT, m resource.PropertyMap) string {
	t.Helper()
	b, err := json.Marshal(m.MapRepl(nil, func(v resource.PropertyValue) (any, bool) {
		if v.IsSecret() {
			return map[string]any{"secret": v.SecretValue().Element.Mappable()}, true
		}
		return nil, false
	}))
	require.NoError(t, err)
	return string(b)
}

// inputsOf is what a consumer in another language passes for a Go Args value: each field set
// (not its zero value) under its pulumi tag, plain JSON values.
func inputsOf(args any) map[string]any {
	v, _ := plainValue(reflect.ValueOf(args)).(map[string]any)
	return v
}

func plainValue(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Invalid:
		return nil
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return plainValue(v.Elem())
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int32, reflect.Int64:
		return float64(v.Int())
	case reflect.Float32, reflect.Float64:
		return v.Float()
	case reflect.Slice:
		if v.IsNil() {
			return nil
		}
		out := []any{}
		for i := 0; i < v.Len(); i++ {
			out = append(out, plainValue(v.Index(i)))
		}
		return out
	case reflect.Map:
		if v.IsNil() {
			return nil
		}
		out := map[string]any{}
		for _, k := range v.MapKeys() {
			out[k.String()] = plainValue(v.MapIndex(k))
		}
		return out
	case reflect.Struct:
		out := map[string]any{}
		for i := 0; i < v.NumField(); i++ {
			tag, ok := v.Type().Field(i).Tag.Lookup("pulumi")
			if !ok || v.Field(i).IsZero() {
				continue
			}
			out[strings.Split(tag, ",")[0]] = plainValue(v.Field(i))
		}
		return out
	}
	panic("plainValue: " + v.Kind().String())
}
