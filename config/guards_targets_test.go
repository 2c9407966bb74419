package config

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGuardsScpTargetIds: guards.scpTargetIds follows the component's rule
// (security.ValidateScpTargetIds): roots, OUs or account ids, each once, only with
// createServiceControlPolicy; each problem names the full key and echoes the bad value.
func TestGuardsScpTargetIds(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		create  bool
		targets []string
		wantKey string // "" for valid
		wantVal any
		allowed string
	}{
		{"none", false, nil, "", nil, ""},
		{"root, OU and account", true, []string{"r-ab12", "ou-ab12-abcdefgh", "111122223333"}, "", nil, ""},
		{"organization id", true, []string{"o-abcdefghij"}, "guards.scpTargetIds[0]", "o-abcdefghij", "an organization root (r-...), OU (ou-...) or account id"},
		{"duplicate", true, []string{"r-ab12", "r-ab12"}, "guards.scpTargetIds[1]", "r-ab12", "each target once"},
		{"without the SCP", false, []string{"r-ab12"}, "guards.scpTargetIds", []string{"r-ab12"}, "unless guards.createServiceControlPolicy is true"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := minimal()
			b, err := json.Marshal(map[string]any{"createServiceControlPolicy": tc.create, "scpTargetIds": tc.targets})
			require.NoError(t, err)
			m[Project+":guards"] = string(b)
			c, err := FromGetter("s", get(m))
			if tc.wantKey == "" {
				require.NoError(t, err)
				assert.Equal(t, tc.targets, c.ScpTargets(), "explicit targets are used as given")
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

// TestScpTargetsDefault: without guards.scpTargetIds the SCPs go to the workload accounts that
// host spokes when accounts are configured (not the hub-only network account), to nothing in a
// single-account stack, and nowhere without createServiceControlPolicy.
func TestScpTargetsDefault(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		cfg    func() map[string]string
		guards string
		want   []string
	}{
		{"single account", minimal, `{"createServiceControlPolicy":true}`, nil},
		{"accounts: the workload accounts", multi, `{"createServiceControlPolicy":true}`, []string{"222222222222", "123456789012"}},
		{"accounts, explicit", multi, `{"createServiceControlPolicy":true,"scpTargetIds":["ou-ab12-abcdefgh"]}`, []string{"ou-ab12-abcdefgh"}},
		{"accounts, no SCP", multi, `{}`, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := tc.cfg()
			m[Project+":guards"] = tc.guards
			c, err := FromGetter("s", get(m))
			require.NoError(t, err)
			assert.Equal(t, tc.want, c.ScpTargets())
		})
	}
}

// TestOrganizationGuardrailTargets: runtime.organizationGuardrails.targetIds defaults, with
// create and accounts, to the workload accounts that host spokes (WorkloadAccountIDs, the deny
// guard's SCP default); explicit targets are used as given; a single-account stack attaches
// nothing by default, and nothing is attached without create.
func TestOrganizationGuardrailTargets(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		cfg     func() map[string]string
		runtime string
		want    []string
	}{
		{"single account", minimal, `{"organizationGuardrails":{"create":true}}`, nil},
		{"single account, explicit", minimal, `{"organizationGuardrails":{"create":true,"targetIds":["r-ab12"]}}`, []string{"r-ab12"}},
		{"accounts: the workload accounts", multi, `{"dnsFirewall":{"enabled":false},"organizationGuardrails":{"create":true}}`,
			[]string{"222222222222", "123456789012"}},
		{"accounts, explicit", multi, `{"dnsFirewall":{"enabled":false},"organizationGuardrails":{"create":true,"targetIds":["ou-ab12-abcdefgh"]}}`,
			[]string{"ou-ab12-abcdefgh"}},
		{"accounts, not created", multi, `{"dnsFirewall":{"enabled":false}}`, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := tc.cfg()
			m[Project+":runtime"] = tc.runtime
			m[Project+":guards"] = `{` + multiExempt + `}` // the guardrails deny Block Public Access changes to other roles
			c, err := FromGetter("s", get(m))
			require.NoError(t, err)
			assert.Equal(t, tc.want, c.OrganizationGuardrailTargets())
		})
	}
}

// TestScpsPerTarget: the deny guard's SCPs and the organization guardrails' may not both be
// attached to one target (3 + 2 with FullAWSAccess exceed the 5 SCPs a root, OU or account may
// have); with accounts and no targets both default to the workload accounts, so creating both
// needs one list set elsewhere. The problem names runtime.organizationGuardrails.targetIds and
// echoes the shared targets.
func TestScpsPerTarget(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name          string
		cfg           func() map[string]string
		guards, orgTs string // guards JSON; organizationGuardrails.targetIds JSON ("" unset)
		wantVal       any    // nil: valid
	}{
		{"accounts, both by default", multi, `{` + multiExempt + `,"createServiceControlPolicy":true}`, "",
			"[222222222222 123456789012] (the default: the workload accounts)"},
		{"accounts, guardrails at the root", multi, `{` + multiExempt + `,"createServiceControlPolicy":true}`, `["r-ab12"]`, nil},
		{"accounts, deny guard on an OU", multi, `{` + multiExempt + `,"createServiceControlPolicy":true,"scpTargetIds":["ou-ab12-abcdefgh"]}`, "", nil},
		{"explicit, one shared", multi, `{` + multiExempt + `,"createServiceControlPolicy":true,"scpTargetIds":["ou-ab12-abcdefgh","r-ab12"]}`, `["r-ab12"]`,
			[]string{"r-ab12"}},
		{"accounts, no deny guard SCP", multi, `{` + multiExempt + `}`, "", nil},
		{"single account, both created, unattached", minimal, `{"createServiceControlPolicy":true}`, "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := tc.cfg()
			m[Project+":guards"] = tc.guards
			og := `{"create":true}`
			if tc.orgTs != "" {
				og = `{"create":true,"targetIds":` + tc.orgTs + `}`
			}
			m[Project+":runtime"] = `{"dnsFirewall":{"enabled":false},"organizationGuardrails":` + og + `}`
			_, err := FromGetter("s", get(m))
			if tc.wantVal == nil {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, []string{Project + ":runtime.organizationGuardrails.targetIds"}, Keys(err), "exactly one problem: %v", err)
			var ce *Error
			require.True(t, errors.As(err, &ce))
			assert.Equal(t, tc.wantVal, ce.Value)
			assert.Contains(t, ce.Allowed, "above the AWS limit of 5 per root, OU or account")
		})
	}
}

// multiExempt exempts multi()'s deploy roles from the SCPs: the organization guardrails deny the
// Block Public Access changes the stack makes with them (validateScpExemptions).
const multiExempt = `"scpExemptPrincipalArns":["arn:aws:iam::222222222222:role/path/deploy","arn:aws:iam::333333333333:role/deploy"]`
