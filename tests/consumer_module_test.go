package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestComponentsBuildFromAnotherModule builds examples/custom-landing-zone as a separate module
// that requires this library by its module path (with a replace to this checkout), and checks
// that the library forces no test-only or tool dependency into the consumer's build.
func TestComponentsBuildFromAnotherModule(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a separate module")
	}
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(repoRoot(), "examples", "custom-landing-zone", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	gomod := "module example.com/consumer\n\ngo 1.24\n\nrequire github.com/vpconly/sagemaker-landing-zone v0.0.0\n\n" +
		"replace github.com/vpconly/sagemaker-landing-zone => " + repoRoot() + "\n"
	for name, body := range map[string]string{"go.mod": gomod, "main.go": string(src)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) string {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("mod", "tidy")
	run("build", "-o", filepath.Join(dir, "consumer"), ".")
	deps := run("list", "-deps", ".")
	for _, banned := range []string{"github.com/stretchr/testify", "github.com/rhysd/actionlint",
		"github.com/vpconly/sagemaker-landing-zone/internal/recorder", "github.com/vpconly/sagemaker-landing-zone/policypack"} {
		assert.NotContains(t, deps, banned, "a consumer's build must not pull in %s", banned)
	}
	assert.Contains(t, deps, "github.com/vpconly/sagemaker-landing-zone/components/network")
}
