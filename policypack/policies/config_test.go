package policies

import (
	"encoding/json"
	"net/netip"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseConfig(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		raw     string
		errs    []string // substrings of the error; none means valid
		inspect func(t *testing.T, c Config)
	}{
		{name: "empty", raw: `{}`, inspect: func(t *testing.T, c Config) {
			assert.Equal(t, DefaultRequiredTags, c.RequiredTags)
			assert.Equal(t, Mandatory, c.EnforcementOf(noNatGateway))
			assert.Equal(t, Advisory, c.EnforcementOf(requiredTags))
			assert.Nil(t, c.Regulated)
		}},
		{name: "all and a policy of its own", raw: `{"all": "advisory", "no-nat-gateway": "mandatory"}`, inspect: func(t *testing.T, c Config) {
			assert.Equal(t, Mandatory, c.EnforcementOf(noNatGateway))
			assert.Equal(t, Advisory, c.EnforcementOf(noPublicSubnet))
		}},
		{name: "properties", raw: `{"required-tags": {"enforcementLevel": "mandatory", "requiredTags": ["owner", "project"]},
			"no-internet-route": {"allowedCidrs": ["10.0.0.0/8", "fd00::/8"]},
			"no-open-security-group": {"allowedCidrs": ["192.168.0.0/16"]},
			"sagemaker-model-vpc": {"regulated": false}}`, inspect: func(t *testing.T, c Config) {
			assert.Equal(t, Mandatory, c.EnforcementOf(requiredTags))
			assert.Equal(t, []string{"owner", "project"}, c.RequiredTags)
			assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("fd00::/8")}, c.RouteCIDRs)
			assert.Equal(t, []netip.Prefix{netip.MustParsePrefix("192.168.0.0/16")}, c.SecurityGroupCIDRs)
			if assert.NotNil(t, c.Regulated) {
				assert.False(t, *c.Regulated)
			}
		}},
		{name: "unknown policy", raw: `{"no-nat": "mandatory"}`, errs: []string{"no-nat: no such policy", "no-nat-gateway"}},
		{name: "bad level", raw: `{"no-nat-gateway": "block"}`, errs: []string{`no-nat-gateway: "block" is not allowed: use one of advisory, mandatory, disabled`}},
		{name: "bad all", raw: `{"all": 3}`, errs: []string{`all: 3 (float64) is not allowed`}},
		{name: "bad value type", raw: `{"no-nat-gateway": true}`, errs: []string{"no-nat-gateway: true (bool) is not allowed"}},
		{name: "every problem at once", raw: `{"required-tags": {"requiredTags": ["owner", "", "owner", 7], "color": "red"},
			"no-internet-route": {"allowedCidrs": ["0.0.0.0/0", "10.0.0.1/8", "ten"]},
			"no-open-security-group": {"allowedCidrs": "10.0.0.0/8"},
			"sagemaker-model-vpc": {"regulated": "yes", "enforcementLevel": "strict"}}`,
			errs: []string{
				`required-tags.requiredTags[1]: "" is not allowed`,
				`required-tags.requiredTags[2]: "owner" is listed twice`,
				`required-tags.requiredTags[3]: 7 (float64) is not allowed`,
				`required-tags.color: unknown property: policy required-tags takes enforcementLevel, requiredTags`,
				`no-internet-route.allowedCidrs[0]: "0.0.0.0/0" is not allowed: it is the whole internet`,
				`no-internet-route.allowedCidrs[1]: "10.0.0.1/8" is not allowed: host bits are set; use the network address 10.0.0.0/8`,
				`no-internet-route.allowedCidrs[2]: "ten" is not allowed`,
				`no-open-security-group.allowedCidrs: "10.0.0.0/8" is not allowed: use a list`,
				`sagemaker-model-vpc.regulated: "yes" is not allowed: use true or false`,
				`sagemaker-model-vpc.enforcementLevel: "strict" is not allowed`,
			}},
		{name: "property on a policy without any", raw: `{"no-nat-gateway": {"allowedCidrs": []}}`,
			errs: []string{"no-nat-gateway.allowedCidrs: unknown property: policy no-nat-gateway takes enforcementLevel"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var raw map[string]any
			if !assert.NoError(t, json.Unmarshal([]byte(tc.raw), &raw)) {
				return
			}
			c, err := ParseConfig(raw)
			if len(tc.errs) == 0 {
				assert.NoError(t, err)
				if tc.inspect != nil {
					tc.inspect(t, c)
				}
				return
			}
			if assert.Error(t, err) {
				for _, e := range tc.errs {
					assert.Contains(t, err.Error(), e)
				}
			}
			assert.Equal(t, DefaultConfig(), c, "an invalid config yields the defaults")
		})
	}
}

func TestParsePolicyConfig(t *testing.T) {
	t.Parallel()
	c, err := ParsePolicyConfig("required-tags", map[string]any{"requiredTags": []any{"team"}})
	assert.NoError(t, err)
	assert.Equal(t, []string{"team"}, c.RequiredTags)
	_, err = ParsePolicyConfig("required-tags", map[string]any{"requiredTags": "team"})
	assert.ErrorContains(t, err, `required-tags.requiredTags: "team" is not allowed`)
	_, err = ParsePolicyConfig("nope", nil)
	assert.ErrorContains(t, err, "nope: no such policy")
}

// The example configuration shipped with the pack must stay valid.
func TestShippedProdConfig(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../config/prod.json")
	if !assert.NoError(t, err) {
		return
	}
	var raw map[string]any
	assert.NoError(t, json.Unmarshal(data, &raw))
	c, err := ParseConfig(raw)
	assert.NoError(t, err)
	assert.Equal(t, Mandatory, c.EnforcementOf(requiredTags))
	assert.Equal(t, Mandatory, c.EnforcementOf(domainRetainHome))
	if assert.NotNil(t, c.Regulated) {
		assert.True(t, *c.Regulated)
	}
}
