package reach

import (
	"encoding/json"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/internal/stackconfig"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

type stackRun struct {
	once sync.Once
	rec  *recorder.Recording
	cfg  *config.Config
	err  error
}

var runs = map[string]*stackRun{"dev": {}, "prod": {}, "peering": {}, "dev-inbound": {}}

// variants are stacks made from a repository stack file with one change: "dev-inbound" is dev
// with a Resolver inbound endpoint (corporate.dns.inbound perAz; dev itself has none), so the
// inbound endpoint's paths are checked on a real stack.
var variants = map[string]struct {
	stack  string
	change func(values map[string]string) error
}{
	"dev-inbound": {"dev", func(values map[string]string) error {
		key := config.Project + ":corporate"
		var corp map[string]any
		if err := json.Unmarshal([]byte(values[key]), &corp); err != nil {
			return err
		}
		dns, _ := corp["dns"].(map[string]any)
		if dns == nil {
			dns = map[string]any{}
		}
		dns["inbound"] = "perAz"
		corp["dns"] = dns
		b, err := json.Marshal(corp)
		values[key] = string(b)
		return err
	}},
}

// fixtures are stacks whose file is a test fixture (tests/testdata), not a repository stack file.
var fixtures = map[string]bool{"peering": true}

// runStack runs the real program with a repository stack file under the recording mock, once
// per test binary, and gives the typed config it was built from (config.FromGetter, the loader
// the program and cmd/plan use); callers must not modify the recording (use clone).
func runStack(t *testing.T, stack string) (*recorder.Recording, *config.Config) {
	t.Helper()
	r := runs[stack]
	r.once.Do(func() {
		name := stack
		v, isVariant := variants[stack]
		if isVariant {
			name = v.stack
		}
		values, err := stackconfig.Load(repoRoot(), name)
		if fixtures[stack] {
			values, err = stackconfig.LoadFile(repoRoot(), filepath.Join(repoRoot(), "tests", "testdata", "Pulumi."+stack+".yaml"))
		}
		if err == nil && isVariant {
			err = v.change(values)
		}
		if err == nil {
			r.cfg, err = config.FromGetter(name, func(k string) (string, bool) { v, ok := values[k]; return v, ok })
		}
		if err == nil {
			r.rec, err = recorder.Run(recorder.Options{Project: config.Project, Stack: name, Config: values}, landingzone.Run)
		}
		r.err = err
	})
	if r.err != nil {
		t.Fatalf("stack %s: %v", stack, r.err)
	}
	return r.rec, r.cfg
}

// clone copies a recording deeply enough for mutations: the resource slice and every input map.
func clone(rec *recorder.Recording) *recorder.Recording {
	out := &recorder.Recording{Resources: make([]recorder.Resource, len(rec.Resources))}
	for i, r := range rec.Resources {
		r.Inputs = r.Inputs.Copy()
		r.Outputs = r.Outputs.Copy()
		out.Resources[i] = r
	}
	return out
}

// drop removes the custom resources of a type whose logical name is name.
func drop(t *testing.T, rec *recorder.Recording, typ, name string) {
	t.Helper()
	for i, r := range rec.Resources {
		if r.Type == typ && r.Name == name {
			rec.Resources = append(rec.Resources[:i], rec.Resources[i+1:]...)
			return
		}
	}
	t.Fatalf("no %s named %s to drop", typ, name)
}

// set replaces one input of a resource.
func set(t *testing.T, rec *recorder.Recording, typ, name, key string, v resource.PropertyValue) {
	t.Helper()
	for i, r := range rec.Resources {
		if r.Type == typ && r.Name == name {
			rec.Resources[i].Inputs[resource.PropertyKey(key)] = v
			rec.Resources[i].Outputs[resource.PropertyKey(key)] = v
			return
		}
	}
	t.Fatalf("no %s named %s", typ, name)
}

// idOf returns the mock ID of a resource.
func idOf(t *testing.T, rec *recorder.Recording, typ, name string) string {
	t.Helper()
	r, ok := rec.Find(typ, name)
	if !ok {
		t.Fatalf("no %s named %s", typ, name)
	}
	return r.ID
}

// add appends a custom resource with plain inputs; its ID is id and its outputs its inputs.
func add(rec *recorder.Recording, typ, name, id, parent string, inputs map[string]any) {
	m := resource.NewPropertyMapFromMap(inputs)
	rec.Resources = append(rec.Resources, recorder.Resource{URN: "urn:pulumi:test::p::" + typ + "::" + name, Type: typ,
		Name: name, Parent: parent, Custom: true, Inputs: m, Outputs: m.Copy(), ID: id})
}

// addComponent appends a component resource and returns its URN.
func addComponent(rec *recorder.Recording, typ, name string) string {
	urn := "urn:pulumi:test::p::" + typ + "::" + name
	rec.Resources = append(rec.Resources, recorder.Resource{URN: urn, Type: typ, Name: name})
	return urn
}

func failures(r Report) []string {
	var out []string
	for _, p := range r.Failures() {
		out = append(out, p.Describe())
	}
	return out
}

func mustAnalyze(t *testing.T, rec *recorder.Recording, opts Options) Report {
	t.Helper()
	r, err := Analyze(rec, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func dump(t *testing.T, r Report) string {
	t.Helper()
	var b strings.Builder
	if err := r.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
