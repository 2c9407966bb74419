package tests

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// gitFiles lists the tracked files, or skips when git or the repository is not available (for
// example in a module download).
func gitFiles(t *testing.T, args ...string) []string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	cmd := exec.Command("git", args...)
	cmd.Dir = repoRoot()
	out, err := cmd.Output()
	if err != nil {
		t.Skipf("not a git checkout: %v", err)
	}
	return strings.Fields(string(out))
}

// TestNoTrackedBinaries: no tracked file is an executable or object file (ELF, Mach-O, PE) and
// none is larger than 2 MB.
func TestNoTrackedBinaries(t *testing.T) {
	t.Parallel()
	magics := [][]byte{{0x7f, 'E', 'L', 'F'}, {0xcf, 0xfa, 0xed, 0xfe}, {0xfe, 0xed, 0xfa, 0xcf}, {0xca, 0xfe, 0xba, 0xbe}, []byte("MZ")}
	for _, f := range gitFiles(t, "ls-files") {
		path := filepath.Join(repoRoot(), f)
		info, err := os.Stat(path)
		if err != nil {
			continue // deleted in the working tree
		}
		assert.LessOrEqual(t, info.Size(), int64(2<<20), "%s is %d bytes: build outputs and data dumps do not belong in the repository", f, info.Size())
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		for _, m := range magics {
			assert.False(t, bytes.HasPrefix(b, m), "%s is a binary (magic % x)", f, m)
		}
	}
}

// TestBuildOutputsAreIgnored: what `go build` and `go test -c` write, from the root or from an
// example's directory, is ignored by git.
func TestBuildOutputsAreIgnored(t *testing.T) {
	t.Parallel()
	paths := []string{
		"sagemaker-landing-zone", "plan", "second-domain", "custom-landing-zone", "main", "boot",
		"examples/second-domain/second-domain", "examples/custom-landing-zone/custom-landing-zone",
		"cmd/plan/plan", "policypack/policypack", "components/components.test", "coverage.out",
		"network", "workload", "examples/network-and-workload/network/network",
		"examples/network-and-workload/workload/workload",
	}
	ignored := gitFiles(t, append([]string{"check-ignore", "--no-index"}, paths...)...)
	assert.ElementsMatch(t, paths, ignored)
}
