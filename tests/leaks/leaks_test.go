package leaks

import (
	"context"
	"fmt"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/internal/packinput"
	"github.com/vpconly/sagemaker-landing-zone/internal/packtest"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/policypack/policies"
)

// binary is the pack, built once for this package into a directory of its own.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "leaks-policypack-*")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary, err = packtest.Build(dir)
	if err != nil {
		_ = os.RemoveAll(dir)
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// verdicts runs a program under the recording mock and sends every registered resource to the
// running pack (Analyze each, then AnalyzeStack) and to policies.Evaluate; the two must agree.
func verdicts(t *testing.T, program func() *recorder.Recording) ([]policies.Violation, *recorder.Recording) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	p, err := packtest.Start(binary)
	require.NoError(t, err)
	t.Cleanup(p.Close)
	require.NoError(t, p.Setup(ctx, "consumer", "leak", nil))
	rec := program()
	vs, mismatch, err := packtest.Compare(ctx, p, packinput.FromRecording(rec))
	require.NoError(t, err)
	assert.Empty(t, mismatch)
	return vs, rec
}

func policyNames(vs []policies.Violation, lvl policies.Enforcement) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range vs {
		if v.Enforcement == lvl && !seen[v.Policy] {
			seen[v.Policy] = true
			out = append(out, v.Policy)
		}
	}
	sort.Strings(out)
	return out
}

// Each leak program is blocked by the right mandatory policy, and no other policy speaks.
func TestPolicyPackBlocksLeaks(t *testing.T) {
	t.Parallel()
	for _, leak := range All() {
		t.Run(leak.Name, func(t *testing.T) {
			t.Parallel()
			vs, rec := verdicts(t, func() *recorder.Recording {
				rec, err := recorder.Run(recorder.Options{Project: "consumer", Stack: "leak"}, leak.Program)
				require.NoError(t, err)
				return rec
			})
			assert.Equal(t, leak.Policies, policyNames(vs, policies.Mandatory))
			assert.Empty(t, policyNames(vs, policies.Advisory), "no advisory noise: %v", vs)
			for _, v := range vs {
				if r, ok := rec.ByURN(v.URN); assert.True(t, ok, v.URN) {
					assert.Contains(t, v.Message, r.Type+` "`+r.Name+`"`, "the message names the resource")
				}
			}
		})
	}
}

// The compliant baseline passes; its tags come from the provider's defaultTags alone, so without
// the provider the required-tags policy speaks (advisory).
func TestPolicyPackPassesCleanProgram(t *testing.T) {
	t.Parallel()
	vs, rec := verdicts(t, func() *recorder.Recording {
		rec, err := recorder.Run(recorder.Options{Project: "consumer", Stack: "clean"}, Clean)
		require.NoError(t, err)
		return rec
	})
	assert.Empty(t, vs)
	rs := packinput.FromRecording(rec)
	for i := range rs {
		rs[i].ProviderProperties = policies.Resource{}.ProviderProperties
	}
	untagged := policies.Evaluate(rs, policies.DefaultConfig())
	assert.Equal(t, []string{"required-tags"}, policyNames(untagged, policies.Advisory))
	assert.Empty(t, policyNames(untagged, policies.Mandatory))
}
