package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// TestBadConfigIsRejectedBeforeAnyResource feeds the real program (landingzone.Run, what main.go
// runs) one bad input at a time, starting from the dev stack file, and asserts that the error names
// the offending key, echoes the bad value, and that not one resource was registered.
func TestBadConfigIsRejectedBeforeAnyResource(t *testing.T) {
	t.Parallel()
	k := func(s string) string { return config.Project + ":" + s }
	cases := []struct {
		name   string
		mutate func(c map[string]any)
		key    string // the key the error must name
		echo   string // a fragment of the bad value the error must echo
	}{
		{"malformed hub CIDR", func(c map[string]any) { obj(c, "hub")["cidr"] = "10.0.0.0/33" }, k("hub.cidr"), "10.0.0.0/33"},
		{"hub CIDR not an address", func(c map[string]any) { obj(c, "hub")["cidr"] = "ten.0.0.0/16" }, k("hub.cidr"), "ten.0.0.0/16"},
		{"hub CIDR host bits set", func(c map[string]any) { obj(c, "hub")["cidr"] = "10.0.0.1/24" }, k("hub.cidr"), "10.0.0.1/24"},
		{"hub CIDR too large for a VPC", func(c map[string]any) { obj(c, "hub")["cidr"] = "10.0.0.0/8" }, k("hub.cidr"), "10.0.0.0/8"},
		{"IPv6 hub CIDR", func(c map[string]any) { obj(c, "hub")["cidr"] = "fd00::/56" }, k("hub.cidr"), "fd00::/56"},
		{"spoke overlaps hub", func(c map[string]any) { spoke(c, 0)["cidr"] = "10.0.0.0/20" }, k("spokes[research].cidr"), "10.0.0.0/20"},
		{"spoke overlaps spoke", func(c map[string]any) {
			addSpoke(c, map[string]any{"name": "second", "cidr": "10.1.8.0/21"})
		}, k("spokes[second].cidr"), "10.1.8.0/21"},
		{"duplicate spoke name", func(c map[string]any) {
			addSpoke(c, map[string]any{"name": "research", "cidr": "10.2.0.0/20"})
		}, k("spokes[research].name"), "research"},
		{"bad spoke name", func(c map[string]any) { spoke(c, 0)["name"] = "Research_Lab"; domain(c, 0)["spoke"] = "Research_Lab" }, k("spokes[Research_Lab].name"), "Research_Lab"},
		{"hub subnet too small for its endpoints", func(c map[string]any) {
			obj(c, "hub")["cidr"] = "10.0.0.0/27"
			obj(c, "hub")["subnetPrefixLength"] = 28
			obj(c, "hub")["endpoints"] = []any{"sagemaker.api", "sagemaker.runtime", "studio", "sts", "logs", "monitoring", "ecr.api", "ecr.dkr", "kms", "ssm", "servicecatalog"}
		}, k("hub.subnetPrefixLength"), "28"},
		{"spoke subnet too small for its Studio users", func(c map[string]any) {
			spoke(c, 0)["cidr"] = "10.1.0.0/27"
			users := []any{}
			for _, n := range []string{"u1", "u2", "u3", "u4"} {
				users = append(users, map[string]any{"name": n, "owner": n + "@example.com"})
			}
			domain(c, 0)["users"] = users
		}, k("spokes[research].subnetPrefixLength"), "28"},
		{"subnet prefix does not fit the AZs", func(c map[string]any) { obj(c, "hub")["subnetPrefixLength"] = 24 }, k("hub.subnetPrefixLength"), "24"},
		{"AZ count above AZ names", func(c map[string]any) { obj(c, "hub")["azCount"] = 3 }, k("hub.azCount"), "3"},
		{"AZ count of one", func(c map[string]any) { spoke(c, 0)["azCount"] = 1 }, k("spokes[research].azCount"), "1"},
		{"AZ outside the region", func(c map[string]any) { c[k("availabilityZones")] = []any{"us-east-1a", "eu-west-1b"} }, k("availabilityZones[1]"), "eu-west-1b"},
		{"duplicate AZ", func(c map[string]any) { c[k("availabilityZones")] = []any{"us-east-1a", "us-east-1a"} }, k("availabilityZones[1]"), "us-east-1a"},
		{"single AZ", func(c map[string]any) { c[k("availabilityZones")] = []any{"us-east-1a"} }, k("availabilityZones"), "us-east-1a"},
		{"endpoint not in catalog", func(c map[string]any) {
			obj(c, "hub")["endpoints"] = []any{"sagemaker.api", "s3-interface"}
		}, k("hub.endpoints[1]"), "s3-interface"},
		{"duplicate endpoint", func(c map[string]any) { obj(c, "hub")["endpoints"] = []any{"sts", "sts"} }, k("hub.endpoints[1]"), "sts"},
		{"malformed region", func(c map[string]any) { c["aws:region"] = "US East 1" }, "aws:region", "US East 1"},
		{"missing region", func(c map[string]any) { delete(c, "aws:region") }, "aws:region", "(missing)"},
		{"bad data sensitivity", func(c map[string]any) { obj(c, "tags")["dataSensitivity"] = "secret" }, k("tags.dataSensitivity"), "secret"},
		{"missing owner tag", func(c map[string]any) { delete(obj(c, "tags"), "owner") }, k("tags.owner"), `""`},
		{"bad cost center", func(c map[string]any) { obj(c, "tags")["costCenter"] = "cost center 1" }, k("tags.costCenter"), "cost center 1"},
		{"unknown environment", func(c map[string]any) { c[k("environment")] = "production" }, k("environment"), "production"},
		{"bad user name", func(c map[string]any) { user(c, 0, 0)["name"] = "alice_smith" }, k("domains[research-dev].users[alice_smith].name"), "alice_smith"},
		{"duplicate user", func(c map[string]any) { user(c, 0, 1)["name"] = "alice" }, k("domains[research-dev].users[alice].name"), "alice"},
		{"user without owner", func(c map[string]any) { delete(user(c, 0, 0), "owner") }, k("domains[research-dev].users[alice].owner"), `""`},
		{"domain in a spoke that does not exist", func(c map[string]any) { domain(c, 0)["spoke"] = "nowhere" }, k("domains[research-dev].spoke"), "nowhere"},
		{"bad auth mode", func(c map[string]any) { domain(c, 0)["authMode"] = "LDAP" }, k("domains[research-dev].authMode"), "LDAP"},
		{"sharing without KMS key", func(c map[string]any) { domain(c, 0)["sharingS3OutputPath"] = "s3://bucket/share" }, k("domains[research-dev].sharingKmsKeyArn"), `""`},
		{"bucket given as ARN", func(c map[string]any) { spoke(c, 0)["s3Buckets"] = []any{"arn:aws:s3:::data"} }, k("spokes[research].s3Buckets[0]"), "arn:aws:s3:::data"},
		{"flow-log retention not allowed by CloudWatch", func(c map[string]any) { spoke(c, 0)["flowLogRetentionDays"] = 45 }, k("spokes[research].flowLogRetentionDays"), "45"},
		{"unknown field in hub", func(c map[string]any) { obj(c, "hub")["natGateways"] = true }, k("hub"), "natGateways"},
		{"wrong type for spokes", func(c map[string]any) { c[k("spokes")] = map[string]any{"name": "x"} }, k("spokes"), `"name"`},
		{"bad organization id", func(c map[string]any) { c[k("organizationId")] = "org-123" }, k("organizationId"), "org-123"},
		{"bad budget email", func(c map[string]any) { obj(c, "budget")["emails"] = []any{"not-an-email"} }, k("budget.emails[0]"), "not-an-email"},
		{"non-positive budget", func(c map[string]any) { obj(c, "budget")["monthlyLimitUsd"] = 0 }, k("budget.monthlyLimitUsd"), "0"},
		{"missing hub", func(c map[string]any) { delete(c, k("hub")) }, k("hub"), "(missing)"},
	}
	assert.GreaterOrEqual(t, len(cases), 20)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := devConfigTree(t)
			tc.mutate(c)
			rec, err := recorder.Run(recorder.Options{Project: config.Project, Stack: "dev", Config: flatten(t, c)}, landingzone.Run)
			if !assert.Error(t, err) {
				return
			}
			assert.Contains(t, config.Keys(err), tc.key, "error must name the key: %v", err)
			assert.Contains(t, err.Error(), tc.echo, "error must echo the bad value")
			assert.Empty(t, rec.Resources, "no resource may be registered when config is invalid")
		})
	}
}

// TestAllProblemsAtOnce asserts that errors are collected, not returned one at a time.
func TestAllProblemsAtOnce(t *testing.T) {
	t.Parallel()
	c := devConfigTree(t)
	obj(c, "hub")["cidr"] = "nope"
	spoke(c, 0)["flowLogRetentionDays"] = 2
	obj(c, "tags")["dataSensitivity"] = "top-secret"
	_, err := config.FromGetter("dev", getter(flatten(t, c)))
	keys := config.Keys(err)
	for _, want := range []string{"hub.cidr", "spokes[research].flowLogRetentionDays", "tags.dataSensitivity"} {
		assert.Contains(t, keys, config.Project+":"+want)
	}
	assert.Len(t, keys, 3, "exactly the three problems: %v", err)
}

// --- helpers over the decoded dev stack config -----------------------------------------------

// devConfigTree returns the dev stack's config with structured values decoded, for mutation.
func devConfigTree(t *testing.T) map[string]any {
	t.Helper()
	flat := stackConfig(t, "dev")
	tree := map[string]any{}
	for key, raw := range flat {
		var v any
		if err := json.Unmarshal([]byte(raw), &v); err == nil && (strings.HasPrefix(raw, "{") || strings.HasPrefix(raw, "[")) {
			tree[key] = v
		} else {
			tree[key] = raw
		}
	}
	return tree
}

func flatten(t *testing.T, tree map[string]any) map[string]string {
	t.Helper()
	out := map[string]string{}
	for key, v := range tree {
		if s, ok := v.(string); ok {
			out[key] = s
			continue
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[key] = string(b)
	}
	return out
}

func getter(m map[string]string) config.Getter {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func obj(c map[string]any, key string) map[string]any {
	return c[config.Project+":"+key].(map[string]any)
}

func spoke(c map[string]any, i int) map[string]any {
	return c[config.Project+":spokes"].([]any)[i].(map[string]any)
}

func addSpoke(c map[string]any, s map[string]any) {
	key := config.Project + ":spokes"
	c[key] = append(c[key].([]any), s)
}

func domain(c map[string]any, i int) map[string]any {
	return c[config.Project+":domains"].([]any)[i].(map[string]any)
}

func user(c map[string]any, d, u int) map[string]any {
	return domain(c, d)["users"].([]any)[u].(map[string]any)
}
