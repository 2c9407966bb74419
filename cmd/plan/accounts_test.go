package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

var multiStack = filepath.Join(root, "tests", "testdata", "Pulumi.multi.yaml")

// TestPlanGivesEveryResourceItsAccount plans the multi-account fixture: the hub and the
// stack-level controls in network, the research spoke and its domain in research, the analytics
// spoke in the deploying account (platform); each custom resource in its provider's account,
// including the network halves of the research spoke's cross-account pairs.
func TestPlanGivesEveryResourceItsAccount(t *testing.T) {
	t.Parallel()
	code, out, errs := plan(t, landingzone.Run, "--config", multiStack, "--format", "json")
	require.Equal(t, exitOK, code, errs)
	var p planDoc
	require.NoError(t, json.Unmarshal([]byte(out), &p))
	byURN := map[string]planResource{}
	providerAccount := map[string]string{}
	for _, r := range p.Resources {
		byURN[r.URN] = r
		if r.Type == "pulumi:providers:aws" {
			providerAccount[r.URN] = r.Account
		}
	}
	assert.Equal(t, map[string]string{"aws-us-east-1": "platform", "aws-us-east-1-network": "network",
		"aws-us-east-1-research": "research"}, func() map[string]string {
		m := map[string]string{}
		for urn, a := range providerAccount {
			m[byURN[urn].Name] = a
		}
		return m
	}())
	components := map[string]string{
		"hub": "network", "tgw-share": "network", "kpi": "network", "detective": "network", "block-public-access": "network",
		// No children (runtime.organizationGuardrails.create is false): placed by its own
		// provider option, the policy account's (organization.policyAccount; default the
		// deploying account), not the hub's.
		"organization-guardrails": "platform",
		"spoke-research":          "research", "studio-research-multi": "research", "jobs-research": "research",
		"guardrails-research": "research", "domain-research-multi": "research", "data-scientists-research": "research",
		"spoke-analytics": "platform", "studio-analytics-multi": "platform", "jobs-analytics": "platform",
		"guardrails": "platform", "domain-analytics-multi": "platform", "data-scientists": "platform",
	}
	count := map[string]int{}
	for _, r := range p.Resources {
		assert.Contains(t, []string{"platform", "network", "research"}, r.Account, "%s %s", r.Type, r.Name)
		count[r.Account]++
		if want, ok := components[r.Name]; ok && strings.HasPrefix(r.Type, "vpconly:") {
			assert.Equal(t, want, r.Account, "component %s", r.Name)
		}
		if strings.HasPrefix(r.Type, "aws:") && r.Provider != "" {
			ref := r.Provider[:strings.LastIndex(r.Provider, "::")]
			assert.Equal(t, providerAccount[ref], r.Account, "%s %s is in its provider's account", r.Type, r.Name)
		}
		// The hub's resources are all in network; the research spoke's in research but the
		// network halves of its pairs.
		top := r
		for {
			parent, ok := byURN[top.Parent]
			if !ok {
				break
			}
			top = parent
		}
		switch {
		case top.Name == "hub":
			assert.Equal(t, "network", r.Account, "hub resource %s %s", r.Type, r.Name)
		case top.Name == "spoke-research" && regexp.MustCompile(`-tgw-(accepter|association|propagation)|-zone-auth`).MatchString(r.Name):
			assert.Equal(t, "network", r.Account, "network half %s %s", r.Type, r.Name)
		case top.Name == "spoke-research" || top.Name == "domain-research-multi":
			assert.Equal(t, "research", r.Account, "research resource %s %s", r.Type, r.Name)
		}
	}

	code, table, errs := plan(t, landingzone.Run, "--config", multiStack)
	require.Equal(t, exitOK, code, errs)
	headings := regexp.MustCompile(`(?m)^Account .*$`).FindAllString(table, -1)
	assert.Equal(t, []string{
		"Account platform (123456789012): " + strconv.Itoa(count["platform"]) + " resources",
		"Account network (333333333333): " + strconv.Itoa(count["network"]) + " resources",
		"Account research (222222222222): " + strconv.Itoa(count["research"]) + " resources",
	}, headings)
	// Each group lists its own resources, by URN.
	sections := regexp.MustCompile(`(?m)^Account `).Split(strings.Split(table, "\nPolicy violations:")[0], -1)[1:]
	require.Len(t, sections, 3)
	for i, acct := range []string{"platform", "network", "research"} {
		var want []string
		for _, r := range p.Resources {
			if r.Account == acct {
				want = append(want, r.Type+" "+r.Name)
			}
		}
		var got []string
		for _, line := range strings.Split(strings.TrimSpace(sections[i]), "\n")[2:] {
			f := strings.Fields(line)
			got = append(got, f[0]+" "+f[1])
		}
		assert.Equal(t, want, got, "group %s", acct)
	}
	_, again, _ := plan(t, landingzone.Run, "--config", multiStack)
	assert.Equal(t, table, again, "two runs print the same bytes")
}

// TestPlanSingleAccountStacksPrintOneGroup: dev and prod have no accounts: every resource is in
// the deploying account and the table has one group.
func TestPlanSingleAccountStacksPrintOneGroup(t *testing.T) {
	t.Parallel()
	for _, stack := range []string{"dev", "prod"} {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			code, out, errs := plan(t, landingzone.Run, "--stack", stack, "--format", "json")
			require.Equal(t, exitOK, code, errs)
			var p planDoc
			require.NoError(t, json.Unmarshal([]byte(out), &p))
			for _, r := range p.Resources {
				assert.Equal(t, "deploying", r.Account, "%s %s", r.Type, r.Name)
			}
			code, table, errs := plan(t, landingzone.Run, "--stack", stack)
			require.Equal(t, exitOK, code, errs)
			assert.Equal(t, []string{"Account deploying: " + strconv.Itoa(len(p.Resources)) + " resources"},
				regexp.MustCompile(`(?m)^Account .*$`).FindAllString(table, -1))
		})
	}
}

// TestResourceAccounts covers the rules on a hand-made recording: explicit and default
// providers, components by their own provider option, else by their children (a tie to the first
// account), fallbacks to the parent.
func TestResourceAccounts(t *testing.T) {
	t.Parallel()
	const stack = "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s"
	urn := func(name string) string { return "urn:pulumi:s::p::t::" + name }
	prov := func(name string) recorder.Resource {
		return recorder.Resource{URN: urn(name), Type: "pulumi:providers:aws", Name: name, Custom: true, Parent: stack}
	}
	custom := func(name, parent, provider string) recorder.Resource {
		ref := ""
		if provider != "" {
			ref = urn(provider) + "::id"
		}
		if parent != "" {
			parent = urn(parent)
		} else {
			parent = stack
		}
		return recorder.Resource{URN: urn(name), Type: "aws:x:X", Name: name, Custom: true, Parent: parent, Provider: ref}
	}
	comp := func(name, parent string) recorder.Resource {
		r := custom(name, parent, "")
		r.Custom, r.Type = false, "vpconly:x:X"
		return r
	}
	// compOn is a component registered with its own AWS provider option.
	compOn := func(name, parent, provider string) recorder.Resource {
		r := comp(name, parent)
		r.Providers = map[string]string{"aws": urn(provider) + "::id"}
		return r
	}
	other := custom("other-kind", "mixed", "random-provider")
	other.Type = "random:x:X"
	rec := &recorder.Recording{Resources: []recorder.Resource{
		prov("aws-eu-west-1"), prov("aws-eu-west-1-net"), prov("aws-eu-west-1-ml"), prov("random-provider"),
		custom("on-default", "", ""),
		custom("on-net", "", "aws-eu-west-1-net"),
		comp("mostly-ml", ""), custom("ml-1", "mostly-ml", "aws-eu-west-1-ml"), custom("ml-2", "mostly-ml", "aws-eu-west-1-ml"), custom("ml-3", "mostly-ml", "aws-eu-west-1-ml"),
		custom("net-half", "mostly-ml", "aws-eu-west-1-net"),
		comp("nested", "mostly-ml"), custom("deep", "nested", "aws-eu-west-1-net"),
		comp("tie", ""), custom("tie-ml", "tie", "aws-eu-west-1-ml"), custom("tie-net", "tie", "aws-eu-west-1-net"),
		comp("mixed", ""), custom("mixed-ml", "mixed", "aws-eu-west-1-ml"), other,
		comp("empty", "mostly-ml"), comp("empty-top", ""),
		compOn("own-net", "", "aws-eu-west-1-net"), custom("own-net-ml", "own-net", "aws-eu-west-1-ml"),
		compOn("holder-ml", "", "aws-eu-west-1-ml"), compOn("empty-own-net", "holder-ml", "aws-eu-west-1-net"), comp("inherits", "empty-own-net"),
	}}
	cases := []struct {
		name     string
		accounts []config.Account
		want     map[string]string
	}{
		{"named deploying account", []config.Account{
			{Name: "base", ID: "111111111111"},
			{Name: "net", ID: "222222222222", RoleArn: "arn:aws:iam::222222222222:role/r"},
			{Name: "ml", ID: "333333333333", RoleArn: "arn:aws:iam::333333333333:role/r"},
		}, map[string]string{
			"aws-eu-west-1": "base", "aws-eu-west-1-net": "net", "aws-eu-west-1-ml": "ml", "random-provider": "base",
			"on-default": "base", "on-net": "net", "mostly-ml": "ml", "net-half": "net", "nested": "net", "deep": "net",
			"tie": "net", "mixed": "ml", "other-kind": "ml", "empty": "ml", "empty-top": "base",
			// Its own provider option, not its children's votes or its parent.
			"own-net": "net", "own-net-ml": "ml", "holder-ml": "ml", "empty-own-net": "net", "inherits": "net",
		}},
		{"no deploying entry", []config.Account{
			{Name: "ml", ID: "333333333333", RoleArn: "arn:aws:iam::333333333333:role/r"},
			{Name: "net", ID: "222222222222", RoleArn: "arn:aws:iam::222222222222:role/r"},
		}, map[string]string{
			"aws-eu-west-1": "deploying", "on-default": "deploying", "on-net": "net", "tie": "ml", "empty-top": "deploying",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := resourceAccounts(rec, &config.Config{Region: "eu-west-1", Accounts: tc.accounts})
			assert.Len(t, got, len(rec.Resources))
			for name, want := range tc.want {
				assert.Equal(t, want, got[urn(name)], name)
			}
		})
	}
}
