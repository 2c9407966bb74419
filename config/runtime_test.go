package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/runtime"
)

func TestRuntimeDefaults(t *testing.T) {
	t.Parallel()
	c, err := FromGetter("s", get(minimal()))
	require.NoError(t, err)
	r := c.Runtime
	assert.True(t, r.BlockPublicAccessEnabled())
	assert.Empty(t, r.ComponentExclusions())
	assert.True(t, r.DnsFirewallEnabled())
	assert.Equal(t, runtime.DefaultQueryLogRetentionDays, r.DnsFirewall.QueryLogRetentionDays)
	assert.False(t, r.OrganizationGuardrails.Create)
	assert.True(t, r.ConfigRulesEnabled())
	assert.True(t, r.RecorderExists())
	assert.True(t, r.DashboardEnabled())
	assert.Empty(t, c.AlarmEmails(), "no budget, no alarm emails")
	assert.Equal(t, "vpconly-s", c.ConfigRuleNamePrefix())

	m := minimal()
	m[Project+":budget"] = `{"monthlyLimitUsd":100,"emails":["a@example.com"]}`
	c, err = FromGetter("s", get(m))
	require.NoError(t, err)
	assert.Equal(t, []string{"a@example.com"}, c.AlarmEmails(), "alarms go to the budget's emails by default")
}

func TestRuntimeValid(t *testing.T) {
	t.Parallel()
	m := minimal()
	m[Project+":runtime"] = `{"blockPublicAccess":{"exclusions":[{"vpcId":"vpc-0123456789abcdef0","mode":"allow-egress","reason":"patch mirror CHG-1"}]},
		"dnsFirewall":{"extraAllowedDomains":["corp.example.com","*.corp.example.com"],"queryLogRetentionDays":90},
		"organizationGuardrails":{"create":true,"targetIds":["ou-ab12-cdefgh34"]},
		"configRules":{"enabled":false,"recorderExists":false},"dashboard":{"alarmEmails":["sec@example.com"]}}`
	c, err := FromGetter("s", get(m))
	require.NoError(t, err)
	assert.Equal(t, []runtime.BlockPublicAccessExclusion{{VpcId: "vpc-0123456789abcdef0", Mode: "allow-egress", Reason: "patch mirror CHG-1"}}, c.Runtime.ComponentExclusions())
	assert.False(t, c.Runtime.ConfigRulesEnabled())
	assert.Equal(t, []string{"sec@example.com"}, c.AlarmEmails())
}

// Every runtime problem names its full key; the rules are the components' validators.
func TestRuntimeInvalid(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, runtime string
		keys          []string
	}{
		{"exclusion without reason", `{"blockPublicAccess":{"exclusions":[{"vpcId":"vpc-1234abcd","mode":"allow-egress"}]}}`,
			[]string{Project + ":runtime.blockPublicAccess.exclusions[0].reason"}},
		{"exclusion bad mode and both ids", `{"blockPublicAccess":{"exclusions":[{"vpcId":"vpc-1234abcd","subnetId":"subnet-1234abcd","mode":"off","reason":"x"}]}}`,
			[]string{Project + ":runtime.blockPublicAccess.exclusions[0].subnetId", Project + ":runtime.blockPublicAccess.exclusions[0].mode"}},
		{"exclusions while disabled", `{"blockPublicAccess":{"enabled":false,"exclusions":[{"vpcId":"vpc-1234abcd","mode":"allow-egress","reason":"x"}]}}`,
			[]string{Project + ":runtime.blockPublicAccess.exclusions"}},
		{"allow everything", `{"dnsFirewall":{"extraAllowedDomains":["ok.example.com","*"]}}`, []string{Project + ":runtime.dnsFirewall.extraAllowedDomains[1]"}},
		{"retention", `{"dnsFirewall":{"queryLogRetentionDays":2}}`, []string{Project + ":runtime.dnsFirewall.queryLogRetentionDays"}},
		{"targets without create", `{"organizationGuardrails":{"targetIds":["ou-ab12-cdefgh34"]}}`, []string{Project + ":runtime.organizationGuardrails.targetIds"}},
		{"no recorder", `{"configRules":{"recorderExists":false}}`, []string{Project + ":runtime.configRules.recorderExists"}},
		{"alarm email", `{"dashboard":{"alarmEmails":["nobody"]}}`, []string{Project + ":runtime.dashboard.alarmEmails[0]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := minimal()
			m[Project+":runtime"] = tc.runtime
			_, err := FromGetter("s", get(m))
			require.Error(t, err)
			assert.ElementsMatch(t, tc.keys, Keys(err), err.Error())
		})
	}
}

func TestRuntimeUnknownFieldRejected(t *testing.T) {
	t.Parallel()
	m := minimal()
	m[Project+":runtime"] = `{"dnsFirewall":{"failOpen":true}}`
	_, err := FromGetter("s", get(m))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "failOpen")
}
