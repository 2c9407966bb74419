// Package stacktest is test scaffolding shared by the packages whose tests run the real program
// on the repository's stacks (internal/reach, internal/journey): load a stack's values, derive a
// variant, and run the program once per variant and test binary under the recording mock.
package stacktest

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/internal/stackconfig"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// RepoRoot is the repository's root directory.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Values loads a stack's configuration values, Pulumi.yaml's defaults applied: the repository's
// Pulumi.<stack>.yaml, or else the fixture tests/testdata/Pulumi.<stack>.yaml.
func Values(stack string) (map[string]string, error) {
	root := RepoRoot()
	if _, err := os.Stat(filepath.Join(root, "Pulumi."+stack+".yaml")); err == nil {
		return stackconfig.Load(root, stack)
	}
	return stackconfig.LoadFile(root, filepath.Join(root, "tests", "testdata", "Pulumi."+stack+".yaml"))
}

// WithJSON returns a copy of values with one structured key changed by edit.
func WithJSON(values map[string]string, key string, edit func(m map[string]any)) (map[string]string, error) {
	out := make(map[string]string, len(values))
	for k, v := range values {
		out[k] = v
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(values[key]), &m); err != nil {
		return nil, fmt.Errorf("%s: %w", key, err)
	}
	edit(m)
	b, err := json.Marshal(m)
	out[key] = string(b)
	return out, err
}

// DevInbound is dev with a Resolver inbound endpoint in every hub AZ (corporate.dns.inbound
// perAz; dev itself keeps its names in the corporate DNS), so that paths through the inbound
// endpoint are checked on a real stack.
func DevInbound() (map[string]string, error) {
	dev, err := Values("dev")
	if err != nil {
		return nil, err
	}
	return WithJSON(dev, config.Project+":corporate", func(m map[string]any) {
		dns, _ := m["dns"].(map[string]any)
		if dns == nil {
			dns = map[string]any{}
		}
		dns["inbound"] = "perAz"
		m["dns"] = dns
	})
}

type run struct {
	once sync.Once
	rec  *recorder.Recording
	cfg  *config.Config
	err  error
}

// Runs memoizes program runs by key. Its zero value is ready; share one per test binary.
type Runs struct {
	mu   sync.Mutex
	runs map[string]*run
}

// Run runs the program as stack once per key with the values values gives, and returns
// the recording and the typed config it was built from (config.FromGetter, the loader the
// program and cmd/plan use). Callers must not modify the recording: use Clone.
func (rs *Runs) Run(key, stack string, values func() (map[string]string, error)) (*recorder.Recording, *config.Config, error) {
	rs.mu.Lock()
	if rs.runs == nil {
		rs.runs = map[string]*run{}
	}
	r, ok := rs.runs[key]
	if !ok {
		r = &run{}
		rs.runs[key] = r
	}
	rs.mu.Unlock()
	r.once.Do(func() {
		v, err := values()
		if err == nil {
			r.cfg, err = landingzone.LoadConfig(stack, func(k string) (string, bool) { s, ok := v[k]; return s, ok })
		}
		if err == nil {
			r.rec, err = recorder.Run(recorder.Options{Project: config.Project, Stack: stack, Config: v}, landingzone.Run)
		}
		r.err = err
	})
	if r.err != nil {
		return nil, nil, fmt.Errorf("stack %s: %w", key, r.err)
	}
	return r.rec, r.cfg, nil
}

// Clone copies a recording deeply enough for mutations: the resource slice and every input and
// output map.
func Clone(rec *recorder.Recording) *recorder.Recording {
	out := &recorder.Recording{Resources: make([]recorder.Resource, len(rec.Resources))}
	for i, r := range rec.Resources {
		r.Inputs = r.Inputs.Copy()
		r.Outputs = r.Outputs.Copy()
		out.Resources[i] = r
	}
	return out
}
