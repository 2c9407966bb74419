// Package tests holds the whole-program and cross-cutting tests: they load the real stack files
// through the loader the offline plan uses and run landingzone.Run, what main.go runs, under the
// recording mock.
package tests

import (
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/internal/stackconfig"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// repoRoot is the repository's root directory.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(filepath.Dir(file))
}

// stackFiles lists every Pulumi.<stack>.yaml in the repository root by stack name.
func stackFiles(t *testing.T) []string {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join(repoRoot(), "Pulumi.*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var stacks []string
	for _, m := range matches {
		if s := stackconfig.StackName(m); s != "custom" {
			stacks = append(stacks, s)
		}
	}
	if len(stacks) < 2 {
		t.Fatalf("expected at least the dev and prod stack files, found %v", stacks)
	}
	return stacks
}

// fixtureStacks are stack files kept under tests/testdata, by stack name: test fixtures, not
// deployable stacks (no Pulumi.<stack>.deploy.yaml). The multi-account fixture runs through the
// whole-program invariants with the repository's stack files (invariantStacks).
var fixtureStacks = map[string]string{
	"multi":   filepath.Join("tests", "testdata", "Pulumi.multi.yaml"),
	"peering": filepath.Join("tests", "testdata", "Pulumi.peering.yaml"),
	// Pulumi.multi.yaml with hub.zoneSharing: profile (multiprofile_test.go).
	"multi-profile": filepath.Join("tests", "testdata", "Pulumi.multi-profile.yaml"),
}

// invariantStacks are the stacks the whole-program invariants run on: every repository stack
// file (stackFiles), the multi-account fixture (docs/multi-account.md) and the peering fixture
// (multi-account with hub.connectivity peering; docs/multi-account.md, "Connectivity: Transit Gateway or
// peering"). A test that loops over stackFiles instead says why the invariant cannot hold for
// the fixtures.
func invariantStacks(t *testing.T) []string {
	t.Helper()
	return append(stackFiles(t), "multi", "peering")
}

// loadStack reads a stack's configuration: a repository stack file, or a fixture.
func loadStack(stack string) (map[string]string, error) {
	if f, ok := fixtureStacks[stack]; ok {
		return stackconfig.LoadFile(repoRoot(), filepath.Join(repoRoot(), f))
	}
	return stackconfig.Load(repoRoot(), stack)
}

func stackConfig(t *testing.T, stack string) map[string]string {
	t.Helper()
	c, err := loadStack(stack)
	if err != nil {
		t.Fatalf("load stack %s: %v", stack, err)
	}
	return c
}

type stackRun struct {
	rec *recorder.Recording
	cfg *config.Config
	err error
}

var (
	runsMu sync.Mutex
	runs   = map[string]*stackRun{}
)

// runStack runs the program for a stack file once per test binary and shares the recording.
func runStack(t *testing.T, stack string) (*recorder.Recording, *config.Config) {
	t.Helper()
	runsMu.Lock()
	r, ok := runs[stack]
	if !ok {
		values, err := loadStack(stack)
		r = &stackRun{err: err}
		if err == nil {
			r.cfg, r.err = landingzone.LoadConfig(stack, getter(values))
			if r.err == nil {
				r.rec, r.err = recorder.Run(recorder.Options{Project: config.Project, Stack: stack, Config: values}, landingzone.Run)
			}
		}
		runs[stack] = r
	}
	runsMu.Unlock()
	if r.err != nil {
		t.Fatalf("stack %s: %v", stack, r.err)
	}
	return r.rec, r.cfg
}

// mustFind returns the recorded resource of that type and name, failing the test without it.
func mustFind(t *testing.T, rec *recorder.Recording, typ, name string) recorder.Resource {
	t.Helper()
	r, ok := rec.Find(typ, name)
	require.True(t, ok, "no %s %s", typ, name)
	return r
}

// accountSuffix is "" for a spoke in the deploying account and "-<account name>" for a spoke in
// another accounts entry: the suffix of that account's guardrails ("guardrails-<name>") and human
// access policy ("data-scientists-<name>"), landingzone/accounts.go. Single-account stacks: "".
func accountSuffix(cfg *config.Config, spoke string) string {
	if a := cfg.SpokeAccount(spoke); a != "" {
		return "-" + a
	}
	return ""
}

// onProviderOf returns a check that a resource was registered through the provider of an
// account (provs maps account keys or ids to provider URNs); a component by its own provider
// option.
func onProviderOf(t *testing.T, provs map[string]string) func(r recorder.Resource, acct string) {
	return func(r recorder.Resource, acct string) {
		t.Helper()
		p := r.Provider
		if !r.Custom {
			p = r.ProviderOf("aws") // a component's provider option
		}
		assert.True(t, strings.HasPrefix(p, provs[acct]+"::"), "%s %s is on %q, want account %q's provider", r.Type, r.Name, p, acct)
	}
}

// assertAfter checks that r depends on before (the order AWS needs).
func assertAfter(t *testing.T, r, before recorder.Resource) {
	t.Helper()
	assert.Contains(t, r.Dependencies, before.URN, "%s %s must wait for %s %s", r.Type, r.Name, before.Type, before.Name)
}
