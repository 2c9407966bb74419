package config

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGuardsScpExemptPrincipalArns: valid patterns are kept; each bad one yields exactly its own
// *Error naming the indexed key and carrying the bad pattern as its value, with the component's
// rule as the allowed text (the one validator, iampolicy.ValidatePrincipalArnPatterns).
func TestGuardsScpExemptPrincipalArns(t *testing.T) {
	t.Parallel()
	const good = "arn:aws:iam::111111111111:role/pulumi-deploy"
	cases := []struct {
		name     string
		patterns []string
		wantKey  string // "" for valid
		wantVal  any
		allowed  string
	}{
		{"none", nil, "", nil, ""},
		{"role and wildcard pattern", []string{good, "arn:aws:iam::*:role/ci/*-deployer"}, "", nil, ""},
		{"a user", []string{good, "arn:aws:iam::111111111111:user/alice"}, "guards.scpExemptPrincipalArns[1]",
			"arn:aws:iam::111111111111:user/alice", "an IAM role ARN"},
		{"every role", []string{"arn:aws:iam::111111111111:role/*"}, "guards.scpExemptPrincipalArns[0]",
			"arn:aws:iam::111111111111:role/*", "not only wildcards"},
		{"duplicate", []string{good, good}, "guards.scpExemptPrincipalArns[1]", good, "each pattern once"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := minimal()
			b, err := json.Marshal(map[string]any{"scpExemptPrincipalArns": tc.patterns})
			require.NoError(t, err)
			m[Project+":guards"] = string(b)
			c, err := FromGetter("s", get(m))
			if tc.wantKey == "" {
				require.NoError(t, err)
				assert.Equal(t, tc.patterns, c.Guards.ScpExemptPrincipalArns)
				return
			}
			require.Error(t, err)
			assert.Equal(t, []string{Project + ":" + tc.wantKey}, Keys(err), "exactly one problem: %v", err)
			var ce *Error
			require.True(t, errors.As(err, &ce))
			assert.Equal(t, tc.wantVal, ce.Value)
			assert.Contains(t, ce.Allowed, tc.allowed)
		})
	}
}
