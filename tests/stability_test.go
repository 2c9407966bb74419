package tests

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/configgen"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// inPlaceChanges are the only inputs of an existing resource that a routine change (one more
// user, spoke, endpoint or bucket) may change: policy documents, which AWS updates in place (a
// new IAM policy version, new SCP content, a new endpoint policy), and rule sets that must list
// the whole landing zone, which AWS also updates in place:
//   - the DNS Firewall's allow-list (a domain list's "domains": one more endpoint is one more
//     allowed name; Route 53 Resolver UpdateFirewallDomains),
//   - the KPI dashboard's flow-log REJECT metric filters ("pattern": a rejection counts only when
//     its destination is outside every hub and spoke CIDR, so one more spoke widens every
//     spoke's pattern; CloudWatch Logs PutMetricFilter overwrites by name),
//   - the KPI dashboard body ("dashboardBody": it shows the stack's network cost estimate, which
//     one more spoke or endpoint raises, and the spokes' flow-log metrics; CloudWatch
//     PutDashboard overwrites by name).
//
// Security-group rule sets need no entry: every rule is a resource of its own, so a new rule is
// an addition. Anything else changing on an existing resource, any URN disappearing, and any
// input of a SageMaker domain changing fails TestRoutineChangesOnlyAdd.
var inPlaceChanges = map[string][]string{
	"aws:iam/policy:Policy":                                             {"policy"},
	"aws:organizations/policy:Policy":                                   {"content"},
	"aws:ec2/vpcEndpoint:VpcEndpoint":                                   {"policy"},
	"aws:iam/rolePolicy:RolePolicy":                                     {"policy"},
	"aws:route53/resolverFirewallDomainList:ResolverFirewallDomainList": {"domains"},
	"aws:cloudwatch/logMetricFilter:LogMetricFilter":                    {"pattern"},
	"aws:cloudwatch/dashboard:Dashboard":                                {"dashboardBody"},
}

const typeDomain = "aws:sagemaker/domain:Domain"

// stackTree returns a stack's config with structured values decoded, for mutation.
// stackTree is a stack file's configuration as decoded values (the form the tests mutate).
func stackTree(t *testing.T, stack string) map[string]any {
	t.Helper()
	return configgen.Unflatten(stackConfig(t, stack))
}

func key(k string) string { return config.Project + ":" + k }

// routineChanges are the four routine changes, each a (before, after) pair of config trees built
// from one stack file. Where the stack already has everything (prod lists every endpoint of the
// catalog), "before" is the stack minus one and "after" the stack itself.
func routineChanges(t *testing.T, stack string) map[string][2]map[string]any {
	t.Helper()
	out := map[string][2]map[string]any{}

	before, after := stackTree(t, stack), stackTree(t, stack)
	d := after[key("domains")].([]any)[0].(map[string]any)
	d["users"] = append(d["users"].([]any), map[string]any{"name": "newcomer", "owner": "newcomer@example.com"})
	out["add a user"] = [2]map[string]any{before, after}

	before, after = stackTree(t, stack), stackTree(t, stack)
	after[key("spokes")] = append(after[key("spokes")].([]any), map[string]any{
		"name": "added", "cidr": "10.200.0.0/20", "s3Buckets": []any{"example-added-spoke-data"}})
	out["add a spoke"] = [2]map[string]any{before, after}

	// With accounts (the multi fixture): a spoke in the first spoke's account, another than the
	// deploying one when set, adds its cross-account pairs and changes only policies in place.
	if acct, _ := stackTree(t, stack)[key("spokes")].([]any)[0].(map[string]any)["account"].(string); acct != "" {
		before, after = stackTree(t, stack), stackTree(t, stack)
		after[key("spokes")] = append(after[key("spokes")].([]any), map[string]any{
			"name": "added", "cidr": "10.200.0.0/20", "account": acct, "s3Buckets": []any{"example-added-spoke-data"}})
		out["add a spoke in account "+acct] = [2]map[string]any{before, after}
	}

	before, after = stackTree(t, stack), stackTree(t, stack)
	eps := before[key("hub")].(map[string]any)["endpoints"].([]any)
	var have []string
	for _, e := range eps {
		have = append(have, e.(string))
	}
	missing := ""
	for _, k := range network.CatalogKeys() {
		if !slices.Contains(have, k) {
			missing = k
			break
		}
	}
	if missing != "" {
		after[key("hub")].(map[string]any)["endpoints"] = append(eps[:len(eps):len(eps)], missing)
	} else {
		// Every catalog key is listed: drop from "before" the last one that nothing requires (not
		// a required endpoint, nor one the supply path needs).
		needed := slices.Concat(network.RequiredEndpointKeys(), config.PackageEndpoints(), config.ImageEndpoints())
		var kept []any
		dropped := false
		for i := len(eps) - 1; i >= 0; i-- {
			if e := eps[i].(string); !dropped && !slices.Contains(needed, e) {
				dropped = true
				continue
			}
			kept = append([]any{eps[i]}, kept...)
		}
		before[key("hub")].(map[string]any)["endpoints"] = kept
	}
	out["add an endpoint"] = [2]map[string]any{before, after}

	before, after = stackTree(t, stack), stackTree(t, stack)
	s := after[key("spokes")].([]any)[0].(map[string]any)
	buckets, _ := s["s3Buckets"].([]any)
	s["s3Buckets"] = append(buckets[:len(buckets):len(buckets)], "example-added-bucket-data")
	out["add a bucket"] = [2]map[string]any{before, after}
	return out
}

func record(t *testing.T, stack string, tree map[string]any) *recorder.Recording {
	t.Helper()
	flat := map[string]string{}
	for k, v := range tree {
		if s, ok := v.(string); ok {
			flat[k] = s
			continue
		}
		b, err := json.Marshal(v)
		require.NoError(t, err)
		flat[k] = string(b)
	}
	rec, err := recorder.Run(recorder.Options{Project: config.Project, Stack: stack, Config: flat}, landingzone.Run)
	require.NoError(t, err)
	return rec
}

// change is what happened to one existing resource between two recordings.
type change struct {
	urn, typ string
	keys     []string // top-level inputs that differ
}

// diffRecordings returns the URNs of before missing from after, and the existing resources whose
// inputs changed (by top-level input key).
func diffRecordings(before, after *recorder.Recording) (gone []string, changed []change, added int) {
	byURN := map[string]recorder.Resource{}
	for _, r := range after.Resources {
		byURN[r.URN] = r
	}
	seen := map[string]bool{}
	for _, b := range before.Resources {
		seen[b.URN] = true
		a, ok := byURN[b.URN]
		if !ok {
			gone = append(gone, b.URN)
			continue
		}
		var keys []string
		for k := range unionKeys(b.Inputs, a.Inputs) {
			if !b.Inputs[k].DeepEquals(a.Inputs[k]) {
				keys = append(keys, string(k))
			}
		}
		if len(keys) > 0 {
			sort.Strings(keys)
			changed = append(changed, change{urn: b.URN, typ: b.Type, keys: keys})
		}
	}
	for _, r := range after.Resources {
		if !seen[r.URN] {
			added++
		}
	}
	return gone, changed, added
}

func unionKeys(a, b resource.PropertyMap) map[resource.PropertyKey]bool {
	out := map[resource.PropertyKey]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// TestRoutineChangesOnlyAdd proves, for every stack file, that adding a user, a spoke, an
// endpoint or a bucket (one at a time) only adds resources and updates policy documents in
// place: no URN disappears (nothing is deleted, renamed or replaced by a new name), no other
// input of an existing resource changes, and no input of an existing SageMaker domain changes at
// all (the AWS provider's UpdateDomain of a VpcOnly domain fails: terraform-provider-aws issue
// 45528, see docs/runbooks.md, "Changing a Studio domain").
func TestRoutineChangesOnlyAdd(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		for name, pair := range routineChanges(t, stack) {
			t.Run(stack+"/"+name, func(t *testing.T) {
				t.Parallel()
				before, after := record(t, stack, pair[0]), record(t, stack, pair[1])
				gone, changed, added := diffRecordings(before, after)
				assert.Empty(t, gone, "no existing URN may disappear")
				assert.True(t, added > 0 || len(changed) > 0, "the change shows in the recording")
				for _, c := range changed {
					t.Logf("in place: %s %v", c.urn, c.keys)
				}
				t.Logf("%d resources added", added)
				for _, c := range changed {
					if c.typ == typeDomain {
						t.Errorf("domain %s: inputs %v changed: a routine change must never touch a domain", c.urn, c.keys)
						continue
					}
					for _, k := range c.keys {
						if !slices.Contains(inPlaceChanges[c.typ], k) {
							t.Errorf("%s: input %q changed: only policy documents and rule sets may change in place", c.urn, k)
						}
					}
				}
				// The domains exist before and after, with identical inputs.
				doms := before.ByType(typeDomain)
				require.NotEmpty(t, doms)
				for _, d := range doms {
					a, ok := after.ByURN(d.URN)
					if assert.True(t, ok, d.URN) {
						assert.True(t, d.Inputs.DeepEquals(a.Inputs), "domain %s inputs", d.URN)
					}
				}
			})
		}
	}
}

// TestStabilityDiffCanFail: the comparison catches what it must catch, on real recordings.
// Renaming a user, a change today's code treats as a rename, makes URNs disappear; changing the
// domain's auth mode changes a domain input.
func TestStabilityDiffCanFail(t *testing.T) {
	t.Parallel()
	base := stackTree(t, "dev")
	renamed := stackTree(t, "dev")
	u := renamed[key("domains")].([]any)[0].(map[string]any)["users"].([]any)[0].(map[string]any)
	u["name"] = fmt.Sprint(u["name"], "2")
	sso := stackTree(t, "dev")
	sso[key("domains")].([]any)[0].(map[string]any)["authMode"] = "SSO"

	before := record(t, "dev", base)
	gone, _, _ := diffRecordings(before, record(t, "dev", renamed))
	assert.NotEmpty(t, gone, "renaming a user removes the old user's resources")
	_, changed, _ := diffRecordings(before, record(t, "dev", sso))
	var domainChanged bool
	for _, c := range changed {
		domainChanged = domainChanged || (c.typ == typeDomain && slices.Contains(c.keys, "authMode"))
	}
	assert.True(t, domainChanged, "changing the auth mode changes a domain input: %v", changed)
}
