package tests

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/configgen"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// TestBadConfigIsRejectedBeforeAnyResource feeds the real program (landingzone.Run, what main.go
// runs) one bad input at a time, starting from the dev stack file, and asserts that the error
// names exactly the offending keys (no more, no fewer), that each error's Value field is the bad
// value itself, and that not one resource was registered.
func TestBadConfigIsRejectedBeforeAnyResource(t *testing.T) {
	t.Parallel()
	k := func(s string) string { return config.Project + ":" + s }
	long := "a" + strings.Repeat("-b", 40) // SageMaker's pattern, but 81 characters
	cases := []struct {
		name   string
		mutate func(c map[string]any)
		want   map[string]any // key -> the Value its error must carry (raw{} for decode errors)
	}{
		{"malformed hub CIDR", func(c map[string]any) { obj(c, "hub")["cidr"] = "10.0.0.0/33" }, map[string]any{k("hub.cidr"): "10.0.0.0/33"}},
		{"hub CIDR not an address", func(c map[string]any) { obj(c, "hub")["cidr"] = "ten.0.0.0/16" }, map[string]any{k("hub.cidr"): "ten.0.0.0/16"}},
		{"hub CIDR host bits set", func(c map[string]any) { obj(c, "hub")["cidr"] = "10.0.0.1/24" }, map[string]any{k("hub.cidr"): "10.0.0.1/24"}},
		{"hub CIDR too large for a VPC", func(c map[string]any) { obj(c, "hub")["cidr"] = "10.0.0.0/8" }, map[string]any{k("hub.cidr"): "10.0.0.0/8"}},
		{"IPv6 hub CIDR", func(c map[string]any) { obj(c, "hub")["cidr"] = "fd00::/56" }, map[string]any{k("hub.cidr"): "fd00::/56"}},
		{"spoke overlaps hub", func(c map[string]any) { spoke(c, 0)["cidr"] = "10.0.0.0/20" }, map[string]any{k("spokes[research].cidr"): "10.0.0.0/20"}},
		{"spoke overlaps spoke", func(c map[string]any) {
			addSpoke(c, map[string]any{"name": "second", "cidr": "10.1.8.0/21"})
		}, map[string]any{k("spokes[second].cidr"): "10.1.8.0/21"}},
		{"duplicate spoke name", func(c map[string]any) {
			addSpoke(c, map[string]any{"name": "research", "cidr": "10.2.0.0/20"})
		}, map[string]any{k("spokes[research].name"): "research"}},
		{"bad spoke name", func(c map[string]any) { renameSpoke(c, "Research_Lab") },
			map[string]any{k("spokes[Research_Lab].name"): "Research_Lab"}},
		{"spoke name too long for its flow-log role", func(c map[string]any) {
			renameSpoke(c, "r"+strings.Repeat("x", config.MaxSpokeNameLength))
		}, map[string]any{k("spokes[r" + strings.Repeat("x", config.MaxSpokeNameLength) + "].name"): "r" + strings.Repeat("x", config.MaxSpokeNameLength)}},
		{"hub subnet too small for its endpoints", func(c map[string]any) {
			obj(c, "hub")["cidr"] = "10.0.0.0/27"
			obj(c, "hub")["subnetPrefixLength"] = 28
			// Eleven endpoints, the CodeArtifact pair that dev's supply path needs among them.
			obj(c, "hub")["endpoints"] = []any{"sagemaker.api", "sagemaker.runtime", "studio", "sts", "logs", "monitoring", "ecr.api", "ecr.dkr", "kms",
				"codeartifact.api", "codeartifact.repositories"}
		}, map[string]any{k("hub.subnetPrefixLength"): 28}},
		{"spoke subnet too small for its Studio users", func(c map[string]any) {
			spoke(c, 0)["cidr"] = "10.1.0.0/27"
			users := []any{}
			for _, n := range []string{"u1", "u2", "u3", "u4"} {
				users = append(users, map[string]any{"name": n, "owner": n + "@example.com"})
			}
			domain(c, 0)["users"] = users
		}, map[string]any{k("spokes[research].subnetPrefixLength"): 28}},
		{"subnet prefix does not fit the AZs", func(c map[string]any) { obj(c, "hub")["subnetPrefixLength"] = 24 }, map[string]any{k("hub.subnetPrefixLength"): 24}},
		{"AZ count above AZ names", func(c map[string]any) { obj(c, "hub")["azCount"] = 3 }, map[string]any{k("hub.azCount"): 3}},
		{"AZ count of one", func(c map[string]any) { spoke(c, 0)["azCount"] = 1 }, map[string]any{k("spokes[research].azCount"): 1}},
		{"more spoke subnets than a Studio domain takes", func(c map[string]any) {
			var azs []any
			for l := 'a'; l <= 'q'; l++ {
				azs = append(azs, "us-east-1"+string(l))
			}
			c[k("availabilityZones")] = azs
			obj(c, "hub")["azCount"] = 2
		}, map[string]any{k("spokes[research].azCount"): 17}},
		{"AZ outside the region", func(c map[string]any) { c[k("availabilityZones")] = []any{"us-east-1a", "eu-west-1b"} }, map[string]any{k("availabilityZones[1]"): "eu-west-1b"}},
		{"duplicate AZ", func(c map[string]any) { c[k("availabilityZones")] = []any{"us-east-1a", "us-east-1a"} }, map[string]any{k("availabilityZones[1]"): "us-east-1a"}},
		{"single AZ", func(c map[string]any) { c[k("availabilityZones")] = []any{"us-east-1a"} }, map[string]any{k("availabilityZones"): []string{"us-east-1a"}}},
		{"endpoint not in catalog", func(c map[string]any) {
			obj(c, "hub")["endpoints"] = []any{"sagemaker.api", "s3-interface"}
		}, map[string]any{k("hub.endpoints[1]"): "s3-interface"}},
		{"duplicate endpoint", func(c map[string]any) { obj(c, "hub")["endpoints"] = []any{"sagemaker.api", "sts", "sts"} }, map[string]any{k("hub.endpoints[2]"): "sts"}},
		{"no SageMaker API endpoint for the guard", func(c map[string]any) { obj(c, "hub")["endpoints"] = []any{"studio", "sts"} },
			map[string]any{k("hub.endpoints"): []string{"studio", "sts"}}},
		{"malformed region", func(c map[string]any) { c["aws:region"] = "US East 1" }, map[string]any{"aws:region": "US East 1"}},
		{"missing region", func(c map[string]any) { delete(c, "aws:region") }, map[string]any{"aws:region": nil}},
		{"bad data sensitivity", func(c map[string]any) { obj(c, "tags")["dataSensitivity"] = "secret" }, map[string]any{k("tags.dataSensitivity"): "secret"}},
		{"missing owner tag", func(c map[string]any) { delete(obj(c, "tags"), "owner") }, map[string]any{k("tags.owner"): ""}},
		{"owner tag AWS refuses", func(c map[string]any) { obj(c, "tags")["owner"] = "ML team, platform" }, map[string]any{k("tags.owner"): "ML team, platform"}},
		{"bad cost center", func(c map[string]any) { obj(c, "tags")["costCenter"] = "cost$center" }, map[string]any{k("tags.costCenter"): "cost$center"}},
		{"unknown environment", func(c map[string]any) { c[k("environment")] = "production" }, map[string]any{k("environment"): "production"}},
		{"bad user name", func(c map[string]any) { user(c, 0, 0)["name"] = "alice_smith" }, map[string]any{k("domains[research-dev].users[alice_smith].name"): "alice_smith"}},
		{"user name over 63 characters", func(c map[string]any) { user(c, 0, 0)["name"] = long }, map[string]any{k("domains[research-dev].users[" + long + "].name"): long}},
		{"duplicate user", func(c map[string]any) { user(c, 0, 1)["name"] = "Alice" }, map[string]any{k("domains[research-dev].users[Alice].name"): "Alice"}},
		{"own role name too long for IAM", func(c map[string]any) {
			user(c, 0, 0)["name"] = strings.Repeat("a", 28)
			user(c, 0, 0)["ownExecutionRole"] = true
		}, map[string]any{k("domains[research-dev].users[" + strings.Repeat("a", 28) + "].name"): strings.Repeat("a", 28)}},
		{"user profile names clash across domains", func(c map[string]any) {
			domain(c, 0)["name"] = "research"
			domain(c, 0)["users"] = []any{map[string]any{"name": "dev-alice", "owner": "a@example.com"}}
			addDomain(c, map[string]any{"name": "research-dev", "spoke": "research",
				"users": []any{map[string]any{"name": "alice", "owner": "a@example.com"}}})
		}, map[string]any{k("domains[research-dev].users[alice].name"): "alice"}},
		{"security group names clash across domains", func(c map[string]any) {
			domain(c, 0)["name"] = "lab"
			domain(c, 0)["users"] = []any{map[string]any{"name": "x-domain", "owner": "a@example.com"}}
			addDomain(c, map[string]any{"name": "lab-user-x", "spoke": "research"})
		}, map[string]any{k("domains[lab-user-x].name"): "lab-user-x"}},
		{"user without owner", func(c map[string]any) { delete(user(c, 0, 0), "owner") }, map[string]any{k("domains[research-dev].users[alice].owner"): ""}},
		{"domain name over 63 characters", func(c map[string]any) { domain(c, 0)["name"] = long }, map[string]any{k("domains[" + long + "].name"): long}},
		{"domain in a spoke that does not exist", func(c map[string]any) { domain(c, 0)["spoke"] = "nowhere" }, map[string]any{k("domains[research-dev].spoke"): "nowhere"}},
		{"no domain", func(c map[string]any) { delete(c, k("domains")) }, map[string]any{k("domains"): nil}},
		{"bad auth mode", func(c map[string]any) { domain(c, 0)["authMode"] = "LDAP" }, map[string]any{k("domains[research-dev].authMode"): "LDAP"}},
		{"sharing without KMS key", func(c map[string]any) { domain(c, 0)["sharingS3OutputPath"] = "s3://bucket/share" }, map[string]any{k("domains[research-dev].sharingKmsKeyArn"): ""}},
		{"sharing key not a KMS ARN", func(c map[string]any) {
			domain(c, 0)["sharingS3OutputPath"] = "s3://bucket/share"
			domain(c, 0)["sharingKmsKeyArn"] = "arn:aws:s3:::bucket"
		}, map[string]any{k("domains[research-dev].sharingKmsKeyArn"): "arn:aws:s3:::bucket"}},
		{"bucket given as ARN", func(c map[string]any) { spoke(c, 0)["s3Buckets"] = []any{"arn:aws:s3:::data"} }, map[string]any{k("spokes[research].s3Buckets[0]"): "arn:aws:s3:::data"}},
		{"bucket listed twice", func(c map[string]any) { spoke(c, 0)["s3Buckets"] = []any{"data-1", "data-1"} }, map[string]any{k("spokes[research].s3Buckets[1]"): "data-1"}},
		{"flow-log retention not allowed by CloudWatch", func(c map[string]any) { spoke(c, 0)["flowLogRetentionDays"] = 45 }, map[string]any{k("spokes[research].flowLogRetentionDays"): 45}},
		{"guard KMS key that is not a KMS ARN", func(c map[string]any) {
			c[k("guards")] = map[string]any{"kmsKeyArns": []any{"arn:aws:s3:::bucket"}}
		}, map[string]any{k("guards.kmsKeyArns[0]"): "arn:aws:s3:::bucket"}},
		{"unknown field in hub", func(c map[string]any) { obj(c, "hub")["natGateways"] = true }, map[string]any{k("hub"): raw("natGateways")}},
		{"wrong type for spokes", func(c map[string]any) { c[k("spokes")] = map[string]any{"name": "x"} }, map[string]any{k("spokes"): raw(`"name"`)}},
		{"bad organization id", func(c map[string]any) { c[k("organizationId")] = "org-123" }, map[string]any{k("organizationId"): "org-123"}},
		{"bad budget email", func(c map[string]any) { obj(c, "budget")["emails"] = []any{"not-an-email"} }, map[string]any{k("budget.emails[0]"): "not-an-email"}},
		{"budget email without a dotted domain", func(c map[string]any) { obj(c, "budget")["emails"] = []any{"ops@localhost"} }, map[string]any{k("budget.emails[0]"): "ops@localhost"}},
		{"repeated budget threshold", func(c map[string]any) { obj(c, "budget")["thresholdsPercent"] = []any{80, 80} }, map[string]any{k("budget.thresholdsPercent[1]"): 80.0}},
		{"non-positive budget", func(c map[string]any) { obj(c, "budget")["monthlyLimitUsd"] = 0 }, map[string]any{k("budget.monthlyLimitUsd"): 0.0}},
		{"missing hub", func(c map[string]any) { delete(c, k("hub")) }, map[string]any{k("hub"): nil}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := devConfigTree(t)
			tc.mutate(c)
			rec, err := recorder.Run(recorder.Options{Project: config.Project, Stack: "dev", Config: configgen.Flatten(c)}, landingzone.Run)
			if !assert.Error(t, err) {
				return
			}
			assert.Empty(t, rec.Resources, "no resource may be registered when config is invalid")
			got := map[string]any{}
			for _, e := range config.Errors(err) {
				_, dup := got[e.Key]
				assert.False(t, dup, "key %s reported twice: %v", e.Key, err)
				got[e.Key] = e.Value
			}
			assert.ElementsMatch(t, keysOf(tc.want), keysOf(got), "exactly the offending keys: %v", err)
			for key, want := range tc.want {
				value, ok := got[key]
				if !ok {
					continue
				}
				if r, isRaw := want.(raw); isRaw {
					rm, _ := value.(json.RawMessage)
					assert.Contains(t, string(rm), string(r), "%s: the decoded value is echoed", key)
					continue
				}
				assert.Equal(t, want, value, "%s: the error's Value is the bad value", key)
			}
		})
	}
}

// raw is an expected fragment of a json.RawMessage Value (a value that did not decode).
type raw string

func keysOf(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestAllProblemsAtOnce asserts that errors are collected, not returned one at a time.
func TestAllProblemsAtOnce(t *testing.T) {
	t.Parallel()
	c := devConfigTree(t)
	obj(c, "hub")["cidr"] = "nope"
	spoke(c, 0)["flowLogRetentionDays"] = 2
	obj(c, "tags")["dataSensitivity"] = "top-secret"
	_, err := landingzone.LoadConfig("dev", getter(configgen.Flatten(c)))
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

func addDomain(c map[string]any, d map[string]any) {
	key := config.Project + ":domains"
	c[key] = append(c[key].([]any), d)
}

func domain(c map[string]any, i int) map[string]any {
	return c[config.Project+":domains"].([]any)[i].(map[string]any)
}

func user(c map[string]any, d, u int) map[string]any {
	return domain(c, d)["users"].([]any)[u].(map[string]any)
}

// renameSpoke renames the dev stack's spoke everywhere it is referenced (its domain and the
// corporate network's onPremisesSpokes), so that only the name itself is bad.
func renameSpoke(c map[string]any, name string) {
	old := spoke(c, 0)["name"]
	spoke(c, 0)["name"] = name
	domain(c, 0)["spoke"] = name
	if list, ok := obj(c, "corporate")["onPremisesSpokes"].([]any); ok {
		for i := range list {
			if list[i] == old {
				list[i] = name
			}
		}
	}
}
