package config

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func minimal() map[string]string {
	return map[string]string{
		"aws:region":                   "us-east-1",
		Project + ":tags":              `{"owner":"team@example.com","costCenter":"CC-1","dataSensitivity":"internal"}`,
		Project + ":availabilityZones": `["us-east-1a","us-east-1b","us-east-1c"]`,
		Project + ":hub":               `{"cidr":"10.0.0.0/22"}`,
		Project + ":spokes":            `[{"name":"ml","cidr":"10.1.0.0/20"}]`,
		Project + ":domains":           `[{"name":"d1","spoke":"ml"}]`,
	}
}

func get(m map[string]string) Getter {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestDefaultsAreResolvedAndDocumented(t *testing.T) {
	t.Parallel()
	c, err := FromGetter("s", get(minimal()))
	if !assert.NoError(t, err) {
		return
	}
	assert.Equal(t, "dev", c.Environment)
	assert.False(t, c.Protect())
	assert.Equal(t, 3, c.Hub.AZCount, "hub spans all AZs by default")
	assert.Equal(t, defaultEndpoints, c.Hub.Endpoints)
	assert.Equal(t, DefaultFlowLogRetentionDays, c.Spokes[0].FlowLogRetentionDays)
	assert.Equal(t, 3, c.Spokes[0].AZCount)
	assert.True(t, c.Guards.DeniesNotebookRootAccess())
	assert.Nil(t, c.Budget)
	assert.Equal(t, []string{"us-east-1a", "us-east-1b", "us-east-1c"}, c.SpokeAZs(c.Spokes[0]))
}

func TestDefaultsOfNestedObjects(t *testing.T) {
	t.Parallel()
	m := minimal()
	m[Project+":domains"] = `[{"name":"d1","spoke":"ml","users":[{"name":"a","owner":"a@example.com"}]}]`
	m[Project+":budget"] = `{"monthlyLimitUsd":100,"emails":["a@example.com"]}`
	m[Project+":environment"] = "prod"
	m[Project+":hub"] = `{"cidr":"10.0.0.0/22","azCount":2}`
	c, err := FromGetter("s", get(m))
	if !assert.NoError(t, err) {
		return
	}
	assert.Equal(t, "IAM", c.Domains[0].AuthMode)
	assert.True(t, c.Domains[0].UsesPerUserSecurityGroups())
	assert.Equal(t, []float64{80, 100}, c.Budget.ThresholdsPercent)
	assert.True(t, c.Protect())
	assert.Equal(t, []string{"us-east-1a", "us-east-1b"}, c.HubAZs())
	assert.Len(t, c.DomainsIn("ml"), 1)
	assert.Empty(t, c.DomainsIn("other"))
}

func TestDecodeErrorsNameTheKeyAndTheField(t *testing.T) {
	t.Parallel()
	cases := []struct {
		key, raw, want string
	}{
		{"hub", `{"cidr":"10.0.0.0/22","extra":1}`, `unknown field "extra"`},
		{"hub", `{"cidr":10}`, "must be a string"},
		{"spokes", `{"name":"x"}`, "must be a list"},
		{"availabilityZones", `"us-east-1a"`, "must be a list"},
		{"budget", `{"monthlyLimitUsd":"lots"}`, "must be a number"},
		{"tags", `not json`, "{owner, costCenter, dataSensitivity}"},
	}
	for _, tc := range cases {
		t.Run(tc.key+tc.raw, func(t *testing.T) {
			t.Parallel()
			m := minimal()
			m[Project+":"+tc.key] = tc.raw
			_, err := FromGetter("s", get(m))
			if assert.Error(t, err) {
				assert.Equal(t, []string{Project + ":" + tc.key}, Keys(err))
				assert.Contains(t, err.Error(), tc.want)
				assert.Contains(t, err.Error(), tc.raw, "echoes the bad value")
			}
		})
	}
}

func TestMissingRequiredKeysAreAllReported(t *testing.T) {
	t.Parallel()
	_, err := FromGetter("s", get(map[string]string{}))
	assert.ElementsMatch(t, []string{"aws:region", Project + ":tags", Project + ":availabilityZones",
		Project + ":hub", Project + ":spokes"}, Keys(err))
}

func TestTagsMap(t *testing.T) {
	t.Parallel()
	tags := Tags{Owner: "o", CostCenter: "c", DataSensitivity: "regulated"}
	b, _ := json.Marshal(tags.Map())
	assert.JSONEq(t, `{"owner":"o","cost-center":"c","data-sensitivity":"regulated"}`, string(b))
}

// TestEmptyOptionalValueMeansUnset: Pulumi.yaml gives every optional key a default of {} or []
// (the Pulumi CLI refuses a stack that leaves a declared key without default unset), and the
// program then receives that value. For every optional key, {} and [] must mean what leaving the
// key unset means; for a required key they are still refused.
func TestEmptyOptionalValueMeansUnset(t *testing.T) {
	t.Parallel()
	unset, err := FromGetter("s", get(minimal()))
	require.NoError(t, err)
	rt := reflect.TypeOf(Config{})
	optional := 0
	for i := 0; i < rt.NumField(); i++ {
		key := strings.Split(rt.Field(i).Tag.Get("json"), ",")[0]
		if key == "" || key == "-" {
			continue
		}
		if _, inMinimal := minimal()[Project+":"+key]; inMinimal {
			continue
		}
		optional++
		for _, empty := range []string{"{}", "[]", " { } "} {
			m := minimal()
			m[Project+":"+key] = empty
			got, err := FromGetter("s", get(m))
			if assert.NoError(t, err, "%s: %q", key, empty) {
				assert.Equal(t, unset, got, "%s: %q must mean unset", key, empty)
			}
		}
	}
	assert.GreaterOrEqual(t, optional, 8, "optional keys checked")
	for _, key := range []string{"tags", "availabilityZones", "hub", "spokes"} {
		m := minimal()
		m[Project+":"+key] = "[]"
		_, err := FromGetter("s", get(m))
		assert.Error(t, err, "required %s given []", key)
	}
	// A non-empty value still counts: an empty supply.packages is a supply path with defaults.
	m := minimal()
	m[Project+":supply"] = `{"packages":{}}`
	_, err = FromGetter("s", get(m))
	assert.Error(t, err, "packages need the CodeArtifact endpoints, which minimal's hub lacks")
}
