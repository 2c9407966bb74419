package journey

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/internal/stacktest"
)

// stackValues loads a stack's configuration values (a repository stack or a fixture).
func stackValues(t *testing.T, stack string) map[string]string {
	t.Helper()
	values, err := stacktest.Values(stack)
	if err != nil {
		t.Fatalf("stack %s: %v", stack, err)
	}
	return values
}

var runs stacktest.Runs

// runValues runs the program once per key and test binary, as stack key; callers must not modify
// the recording (use clone).
func runValues(t *testing.T, key string, values func() map[string]string) (*recorder.Recording, *config.Config) {
	t.Helper()
	rec, cfg, err := runs.Run(key, key, func() (map[string]string, error) { return values(), nil })
	if err != nil {
		t.Fatal(err)
	}
	return rec, cfg
}

func runStack(t *testing.T, stack string) (*recorder.Recording, *config.Config) {
	t.Helper()
	return runValues(t, stack, func() map[string]string { return stackValues(t, stack) })
}

// withJSON returns values with one structured key changed by edit.
func withJSON(t *testing.T, values map[string]string, key string, edit func(m map[string]any)) map[string]string {
	t.Helper()
	out, err := stacktest.WithJSON(values, key, edit)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustRun(t *testing.T, rec *recorder.Recording, cfg *config.Config) Report {
	t.Helper()
	r, err := Run(rec, OptionsFromConfig(cfg))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func clone(rec *recorder.Recording) *recorder.Recording { return stacktest.Clone(rec) }

// edit changes, in every resource of a type that match, the string input key.
func edit(t *testing.T, rec *recorder.Recording, typ string, match func(recorder.Resource) bool, key string, f func(string) string) int {
	t.Helper()
	n := 0
	for i, r := range rec.Resources {
		if r.Type != typ || !match(r) {
			continue
		}
		v := recorder.Lookup(r.Inputs, key)
		old := ""
		if v.IsString() {
			old = v.StringValue()
		}
		nv := resource.NewStringProperty(f(old))
		rec.Resources[i].Inputs[resource.PropertyKey(key)] = nv
		rec.Resources[i].Outputs[resource.PropertyKey(key)] = nv
		n++
	}
	return n
}

// drop removes the resources of a type that match and returns how many.
func drop(rec *recorder.Recording, typ string, match func(recorder.Resource) bool) int {
	var keep []recorder.Resource
	n := 0
	for _, r := range rec.Resources {
		if r.Type == typ && match(r) {
			n++
			continue
		}
		keep = append(keep, r)
	}
	rec.Resources = keep
	return n
}

// add appends a custom resource with plain inputs.
func add(rec *recorder.Recording, typ, name, id, account string, inputs map[string]any) {
	m := resource.NewPropertyMapFromMap(inputs)
	rec.Resources = append(rec.Resources, recorder.Resource{URN: "urn:pulumi:test::p::" + typ + "::" + name, Type: typ,
		Name: name, Custom: true, Inputs: m, Outputs: m.Copy(), ID: id, Account: account})
}

func named(name string) func(recorder.Resource) bool {
	return func(r recorder.Resource) bool { return r.Name == name }
}

func nameContains(s string) func(recorder.Resource) bool {
	return func(r recorder.Resource) bool { return strings.Contains(r.Name, s) }
}

func find(t *testing.T, r Report, name, subject string) Journey {
	t.Helper()
	j, ok := r.Find(name, subject)
	if !ok {
		var have []string
		for _, x := range r.Journeys {
			have = append(have, x.ID())
		}
		t.Fatalf("no journey %s:%s in %v", name, subject, have)
	}
	return j
}

func table(t *testing.T, r Report) string {
	t.Helper()
	var b strings.Builder
	if err := r.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// resourceArray makes an array property of strings.
func resourceArray(vals []any) resource.PropertyValue {
	out := make([]resource.PropertyValue, 0, len(vals))
	for _, v := range vals {
		out = append(out, resource.NewStringProperty(v.(string)))
	}
	return resource.NewArrayProperty(out)
}
