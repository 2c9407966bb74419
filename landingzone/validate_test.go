package landingzone_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/configgen"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

func getter(m map[string]string) config.Getter {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// TestConfigRulesAreComplete: over generated configurations, whenever Validate's first pass (the
// configuration's rules, built from the components' exported rules) accepts, the components' own
// validators find nothing either. The second pass is then only a backstop: every problem is
// reported by the first, all at once, under the key it belongs to.
func TestConfigRulesAreComplete(t *testing.T) {
	t.Parallel()
	r := configgen.NewRand(7)
	checked := 0
	for i := 0; i < 2000; i++ {
		values := configgen.Generate(r)
		if i%2 == 1 {
			values = configgen.Mutate(r, values)
		}
		c, err := config.Decode("prop", getter(values))
		if err != nil || config.Validate(c) != nil {
			continue
		}
		checked++
		require.NoError(t, landingzone.Validate(c), "the components refuse what the configuration rules accept:\n%s",
			configgen.StackYAML(values))
	}
	assert.Greater(t, checked, 200, "configurations the first pass accepts")
}

// TestComponentProblemsMapToConfigKeys runs the second pass alone on configurations the first
// pass would reject, and checks that each component's problem lands on the configuration key it
// comes from, once, with the bad value.
func TestComponentProblemsMapToConfigKeys(t *testing.T) {
	t.Parallel()
	k := func(s string) string { return config.Project + ":" + s }
	long := "a" + strings.Repeat("-b", 40)
	cases := []struct {
		name   string
		mutate func(c *config.Config)
		key    string
		value  any
	}{
		{"region, seen by every component", func(c *config.Config) { c.Region = "Mars" }, "aws:region", "Mars"},
		{"hub CIDR", func(c *config.Config) { c.Hub.CIDR = "10.0.0.0/33" }, k("hub.cidr"), "10.0.0.0/33"},
		{"spoke overlaps the hub", func(c *config.Config) { c.Spokes[0].CIDR = "10.0.0.0/16" }, k("spokes[ml].cidr"), "10.0.0.0/16"},
		{"bucket", func(c *config.Config) { c.Spokes[0].S3Buckets = []string{"s3://x"} }, k("spokes[ml].s3Buckets[0]"), "s3://x"},
		{"retention", func(c *config.Config) { c.Spokes[0].FlowLogRetentionDays = 45 }, k("spokes[ml].flowLogRetentionDays"), 45},
		{"spoke name too long for the flow-log role", func(c *config.Config) {
			c.Spokes[0].Name = strings.Repeat("s", 40)
			c.Domains[0].Spoke = c.Spokes[0].Name
		}, k("spokes[" + strings.Repeat("s", 40) + "].name"), "spoke-" + strings.Repeat("s", 40)},
		{"domain name", func(c *config.Config) { c.Domains[0].Name = long }, k("domains[" + long + "].name"), long},
		{"user name", func(c *config.Config) { c.Domains[0].Users[0].Name = long }, k("domains[d1].users[" + long + "].name"), long},
		{"user owner", func(c *config.Config) { c.Domains[0].Users[0].Owner = "a, b" }, k("domains[d1].users[alice].owner"), "a, b"},
		{"own role key", func(c *config.Config) {
			c.Domains[0].Users[0].Name = strings.Repeat("u", 40)
			c.Domains[0].Users[0].OwnExecutionRole = true
		}, k("domains[d1].users[" + strings.Repeat("u", 40) + "].name"), "d1-" + strings.Repeat("u", 40)},
		{"sharing key", func(c *config.Config) {
			c.Domains[0].SharingS3OutputPath = "s3://bucket/p"
			c.Domains[0].SharingKmsKeyArn = "arn:aws:s3:::b"
		}, k("domains[d1].sharingKmsKeyArn"), "arn:aws:s3:::b"},
		{"guard ARN", func(c *config.Config) {
			c.Guards.LogGroupArns = []string{"arn:aws:logs:us-east-1:123456789012:log-group:x:*"}
		},
			k("guards.logGroupArns[0]"), "arn:aws:logs:us-east-1:123456789012:log-group:x:*"},
		{"budget email", func(c *config.Config) { c.Budget.Emails = []string{"ops@localhost"} }, k("budget.emails[0]"), "ops@localhost"},
		{"cost center in the budget filter", func(c *config.Config) { c.Tags.CostCenter = "a$b" }, k("tags.costCenter"), "a$b"},
		{"DNS Firewall extra domain", func(c *config.Config) { c.Runtime.DnsFirewall.ExtraAllowedDomains = []string{"bad domain"} },
			k("runtime.dnsFirewall.extraAllowedDomains[0]"), "bad domain"},
		{"Block Public Access exclusion mode", func(c *config.Config) {
			c.Runtime.BlockPublicAccess.Exclusions = []config.BlockPublicAccessExclusion{{VpcID: "vpc-0123456789abcdef0", Mode: "open", Reason: "r"}}
		}, k("runtime.blockPublicAccess.exclusions[0].mode"), "open"},
		{"organization guardrails target", func(c *config.Config) {
			c.Runtime.OrganizationGuardrails.Create = true
			c.Runtime.OrganizationGuardrails.TargetIds = []string{"ou-x"}
		}, k("runtime.organizationGuardrails.targetIds[0]"), "ou-x"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := config.Decode("s", getter(map[string]string{
				"aws:region":                          "us-east-1",
				config.Project + ":tags":              `{"owner":"o","costCenter":"c","dataSensitivity":"internal"}`,
				config.Project + ":availabilityZones": `["us-east-1a","us-east-1b"]`,
				config.Project + ":hub":               `{"cidr":"10.0.0.0/22"}`,
				config.Project + ":spokes":            `[{"name":"ml","cidr":"10.1.0.0/20"}]`,
				config.Project + ":domains":           `[{"name":"d1","spoke":"ml","users":[{"name":"alice","owner":"a@example.com"}]}]`,
				config.Project + ":budget":            `{"monthlyLimitUsd":10,"emails":["a@example.com"]}`,
			}))
			require.NoError(t, err)
			require.NoError(t, landingzone.Validate(c), "the base configuration is valid")
			tc.mutate(c)
			errs := config.Errors(landingzone.Validate(c))
			require.Len(t, errs, 1, "one problem, one key: %v", errs)
			assert.Equal(t, tc.key, errs[0].Key, errs[0].Error())
			assert.Equal(t, tc.value, errs[0].Value)
		})
	}
}
