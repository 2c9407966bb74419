package reach

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/internal/stacktest"
)

var runs stacktest.Runs

// runStack runs the real program with a repository stack (or fixture) under the recording mock,
// once per test binary, and gives the typed config it was built from; "dev-inbound" is dev with a
// Resolver inbound endpoint (stacktest.DevInbound; dev itself has none), so the inbound
// endpoint's paths are checked on a real stack. Callers must not modify the recording (use clone).
func runStack(t *testing.T, stack string) (*recorder.Recording, *config.Config) {
	t.Helper()
	values, name := func() (map[string]string, error) { return stacktest.Values(stack) }, stack
	if stack == "dev-inbound" {
		values, name = stacktest.DevInbound, "dev"
	}
	rec, cfg, err := runs.Run(stack, name, values)
	if err != nil {
		t.Fatal(err)
	}
	return rec, cfg
}

func clone(rec *recorder.Recording) *recorder.Recording { return stacktest.Clone(rec) }

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
