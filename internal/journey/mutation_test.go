package journey

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/access"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
	"github.com/vpconly/sagemaker-landing-zone/internal/stacktest"
)

// endpointID returns the id of the hub's interface endpoint for a catalog key.
func endpointID(t *testing.T, rec *recorder.Recording, key string) string {
	t.Helper()
	for _, r := range rec.ByType(typeVpcEndpoint) {
		if strings.HasSuffix(str(r, "serviceName"), "."+key) {
			return r.ID
		}
	}
	t.Fatalf("no %s endpoint", key)
	return ""
}

// admitAlso adds extra wherever a policy condition lists want under aws:SourceVpce.
func admitAlso(text, want, extra string) string {
	var d map[string]any
	if json.Unmarshal([]byte(text), &d) != nil {
		return text
	}
	stmts, _ := d["Statement"].([]any)
	for _, s := range stmts {
		st, _ := s.(map[string]any)
		cond, _ := st["Condition"].(map[string]any)
		for _, keys := range cond {
			km, _ := keys.(map[string]any)
			for k, v := range km {
				if !strings.EqualFold(k, "aws:SourceVpce") {
					continue
				}
				var vals []any
				switch x := v.(type) {
				case string:
					vals = []any{x}
				case []any:
					vals = x
				}
				has := false
				for _, e := range vals {
					has = has || e == want
				}
				if has {
					km[k] = append(vals, extra)
				}
			}
		}
	}
	b, _ := json.Marshal(d)
	return string(b)
}

// fixed returns a copy of the recording with the defect of KnownDefectsUntilFixes' login entry
// repaired the way issue 19 asks: the studio endpoint admitted next to the API endpoint in every
// policy that names the API endpoint for CreatePresignedDomainUrl (human policy, deny guard,
// SCP). It is the model the mutation tests break one hop at a time.
func fixed(t *testing.T, rec *recorder.Recording) *recorder.Recording {
	t.Helper()
	out := clone(rec)
	api, studio := endpointID(t, out, "sagemaker.api"), endpointID(t, out, "studio")
	all := func(recorder.Resource) bool { return true }
	edit(t, out, typeIamPolicy, all, "policy", func(s string) string { return admitAlso(s, api, studio) })
	edit(t, out, typeOrgPolicy, all, "content", func(s string) string { return admitAlso(s, api, studio) })
	return out
}

const devLogin = "research-dev/alice"

func blockedAt(t *testing.T, j Journey, kind, request string) {
	t.Helper()
	if assert.Equal(t, Blocked, j.Verdict, "%s should be blocked at %s", j.ID(), kind) && assert.NotNil(t, j.Blocking) {
		assert.Equal(t, kind, j.Blocking.Kind, "%s: %s", j.ID(), j.Describe())
		if request != "" {
			assert.Contains(t, j.Blocking.Request, request, j.Describe())
		}
	}
}

// TestLoginWithoutTheStudioEndpointStopsAtTheIdentityHopOfStudio: with the human policy admitting
// only the API endpoint (the components before issue 19's fix: the fixed model with the studio
// endpoint dropped again),
// the login journey gets its presigned URL and then stops at the identity-policy hop of the
// Studio HTTPS request, which enters the studio endpoint.
func TestLoginWithoutTheStudioEndpointStopsAtTheIdentityHopOfStudio(t *testing.T) {
	t.Parallel()
	rec, cfg := runStack(t, "dev")
	good := fixed(t, rec)
	r := mustRun(t, good, cfg)
	j := find(t, r, JourneyStudioLogin, devLogin)
	require.Equal(t, Passes, j.Verdict, "fixed model: %s\n%s", j.Describe(), table(t, r))

	// Drop the studio endpoint from the human policy (and only there).
	bad := clone(good)
	api, studio := endpointID(t, bad, "sagemaker.api"), endpointID(t, bad, "studio")
	n := edit(t, bad, typeIamPolicy, func(r recorder.Resource) bool { return strings.HasPrefix(r.Name, "data-scientists") }, "policy",
		func(s string) string {
			return strings.ReplaceAll(strings.ReplaceAll(s, `,"`+studio+`"`, ""), `"`+studio+`",`, "")
		})
	require.Positive(t, n)
	j = find(t, mustRun(t, bad, cfg), JourneyStudioLogin, devLogin)
	blockedAt(t, j, HopIdentity, "Studio HTTPS")
	var kinds []string
	for _, h := range j.Hops {
		kinds = append(kinds, h.Request+"/"+h.Kind)
	}
	assert.Contains(t, kinds, "CreatePresignedDomainUrl/"+HopIdentity, "the presigned URL itself is granted first")
	assert.Contains(t, j.Blocking.Detail, "denies", "named by the policy's deny statement")
	_ = api

	// Today's recording (the fixes of issue 19 merged) passes as the fixed model does.
	today := find(t, mustRun(t, rec, cfg), JourneyStudioLogin, devLogin)
	assert.Equal(t, Passes, today.Verdict, today.Describe())
}

// TestEveryHopKindStopsItsJourney breaks exactly one hop of a passing journey of the fixed dev
// model and sees the journey blocked at that hop.
//
// The model is dev with a Resolver inbound endpoint (corporate.dns.inbound perAz), so that name
// resolution crosses the hub's zones; dev itself holds records in the corporate DNS instead
// (TestCorporateRecordsAnswerTheLogin).
func TestEveryHopKindStopsItsJourney(t *testing.T) {
	t.Parallel()
	rec, cfg := devInbound(t)
	base := fixed(t, rec)
	baseReport := mustRun(t, base, cfg)
	for _, name := range []string{JourneyStudioLogin, JourneyPipInstall, JourneyTrainingJob, JourneyDomainSettings} {
		subject := devLogin
		if name == JourneyDomainSettings {
			subject = "research-dev"
		}
		j := find(t, baseReport, name, subject)
		require.Equal(t, Passes, j.Verdict, "%s passes on the fixed model: %s\n%s", name, j.Describe(), table(t, baseReport))
	}
	account := ""
	for _, r := range base.ByType(typeDomain) {
		account = r.Account
	}
	denyAll := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}`
	cases := []struct {
		kind, journey, subject, request string
		mutate                          func(t *testing.T, rec *recorder.Recording)
	}{
		{HopDNS, JourneyStudioLogin, devLogin, "resolve ", func(t *testing.T, rec *recorder.Recording) {
			require.Positive(t, drop(rec, "aws:route53/record:Record", nameContains("studio")))
		}},
		{HopEndpoint, JourneyStudioLogin, devLogin, "Studio HTTPS", func(t *testing.T, rec *recorder.Recording) {
			require.Positive(t, edit(t, rec, typeVpcEndpoint, func(r recorder.Resource) bool { return strings.HasSuffix(str(r, "serviceName"), ".studio") },
				"serviceName", func(string) string { return "com.amazonaws.us-east-1.execute-api" }))
		}},
		{HopEndpointPolicy, JourneyStudioLogin, devLogin, "Studio HTTPS", func(t *testing.T, rec *recorder.Recording) {
			require.Positive(t, edit(t, rec, typeVpcEndpoint, func(r recorder.Resource) bool { return strings.HasSuffix(str(r, "serviceName"), ".studio") },
				"policy", func(string) string { return denyAll }))
		}},
		{HopSCP, JourneyStudioLogin, devLogin, "CreatePresignedDomainUrl", func(t *testing.T, rec *recorder.Recording) {
			add(rec, typeOrgPolicy, "test-scp", "p-test", account, map[string]any{"type": "SERVICE_CONTROL_POLICY",
				"content": `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sagemaker:CreatePresignedDomainUrl","Resource":"*"}]}`})
			add(rec, typeOrgAttachment, "test-scp-attachment", "p-test-att", account, map[string]any{"policyId": "p-test", "targetId": account})
		}},
		{HopIdentity, JourneyPipInstall, devLogin, "codeartifact:GetAuthorizationToken", func(t *testing.T, rec *recorder.Recording) {
			require.Positive(t, edit(t, rec, typeIamPolicy, nameContains("access-supply"), "policy", func(s string) string {
				return strings.ReplaceAll(s, "codeartifact:GetAuthorizationToken", "codeartifact:DescribeDomain")
			}))
		}},
		{HopResource, JourneyPipInstall, devLogin, "codeartifact:GetAuthorizationToken", func(t *testing.T, rec *recorder.Recording) {
			require.Positive(t, edit(t, rec, typeCADomainPolicy, func(recorder.Resource) bool { return true }, "policyDocument",
				func(string) string { return denyAll }))
		}},
		{HopBoundary, JourneyTrainingJob, devLogin, "CreateTrainingJob", func(t *testing.T, rec *recorder.Recording) {
			add(rec, typeIamPolicy, "test-boundary", "test-boundary", account, map[string]any{"arn": "arn:aws:iam::" + account + ":policy/test-boundary",
				"policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`})
			require.Positive(t, edit(t, rec, typeIamRole, func(recorder.Resource) bool { return true }, "permissionsBoundary",
				func(string) string { return "arn:aws:iam::" + account + ":policy/test-boundary" }))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.kind, func(t *testing.T) {
			t.Parallel()
			rec := clone(base)
			tc.mutate(t, rec)
			blockedAt(t, find(t, mustRun(t, rec, cfg), tc.journey, tc.subject), tc.kind, tc.request)
		})
	}

	// network: the studio endpoint without the corporate network's security group (config
	// refuses corporate.endpoints without studio, so the recording is broken instead).
	t.Run(HopNetwork, func(t *testing.T) {
		t.Parallel()
		bad := clone(base)
		n := 0
		for i, r := range bad.Resources {
			if r.Type != typeVpcEndpoint || !strings.HasSuffix(str(r, "serviceName"), ".studio") {
				continue
			}
			groups := recorder.Strings(recorder.Lookup(r.Inputs, "securityGroupIds"))
			require.Len(t, groups, 2, "the hub's group and the corporate network's")
			bad.Resources[i].Inputs["securityGroupIds"] = resourceArray([]any{groups[0]})
			bad.Resources[i].Outputs["securityGroupIds"] = resourceArray([]any{groups[0]})
			n++
		}
		require.Positive(t, n)
		j := find(t, mustRun(t, bad, cfg), JourneyStudioLogin, devLogin)
		blockedAt(t, j, HopNetwork, "Studio HTTPS")
	})

	// dns-firewall: a stack with the DNS Firewall, its allow-list without CodeArtifact's names.
	t.Run(HopDNSFirewall, func(t *testing.T) {
		t.Parallel()
		rec, cfg := runStack(t, "prod")
		good := fixed(t, rec)
		subject := "clinical-prod/dana"
		require.Equal(t, Passes, find(t, mustRun(t, good, cfg), JourneyPipInstall, subject).Verdict)
		bad := clone(good)
		n := 0
		for i, r := range bad.Resources {
			if r.Type != "aws:route53/resolverFirewallDomainList:ResolverFirewallDomainList" {
				continue
			}
			var keep []any
			for _, d := range recorder.Strings(recorder.Lookup(r.Inputs, "domains")) {
				if !strings.Contains(d, "codeartifact") {
					keep = append(keep, d)
				}
			}
			if len(keep) > 0 {
				bad.Resources[i].Inputs["domains"] = resourceArray(keep)
				bad.Resources[i].Outputs["domains"] = resourceArray(keep)
				n++
			}
		}
		require.Positive(t, n)
		blockedAt(t, find(t, mustRun(t, bad, cfg), JourneyPipInstall, subject), HopDNSFirewall, "codeartifact:GetAuthorizationToken")
	})
}

// devInbound is dev with a Resolver inbound endpoint in every hub AZ (stacktest.DevInbound).
func devInbound(t *testing.T) (*recorder.Recording, *config.Config) {
	t.Helper()
	rec, cfg, err := runs.Run("dev-inbound", "dev-inbound", stacktest.DevInbound)
	if err != nil {
		t.Fatal(err)
	}
	return rec, cfg
}

// TestCorporateRecordsAnswerTheLogin: dev has no inbound endpoint (corporate.dns.inbound none):
// the corporate DNS holds the exported records, and the login resolves through them; without the
// studio record it stops at the dns hop of the Studio name; with the inbound endpoint instead,
// it resolves through the hub's zones.
func TestCorporateRecordsAnswerTheLogin(t *testing.T) {
	t.Parallel()
	rec, cfg := runStack(t, "dev")
	require.Equal(t, "none", cfg.Corporate.Dns.Inbound, "dev keeps its names in the corporate DNS")
	j := find(t, mustRun(t, rec, cfg), JourneyStudioLogin, devLogin)
	require.Equal(t, Passes, j.Verdict, j.Describe())
	var dns []string
	for _, h := range j.Hops {
		if h.Kind == HopDNS {
			dns = append(dns, h.Resource)
		}
	}
	assert.Equal(t, []string{"(corporate DNS)", "(corporate DNS)"}, dns, "the API and Studio names")

	o := OptionsFromConfig(cfg)
	o.Reach.CorporateDnsRecords = slices.DeleteFunc(slices.Clone(o.Reach.CorporateDnsRecords),
		func(r access.CorporateDnsRecord) bool { return r.Endpoint == "studio" })
	r, err := Run(rec, o)
	require.NoError(t, err)
	blockedAt(t, find(t, r, JourneyStudioLogin, devLogin), HopDNS, ".studio.")

	irec, icfg := devInbound(t)
	j = find(t, mustRun(t, irec, icfg), JourneyStudioLogin, devLogin)
	require.Equal(t, Passes, j.Verdict, j.Describe())
	for _, h := range j.Hops {
		if h.Kind == HopDNS {
			assert.NotEqual(t, "(corporate DNS)", h.Resource, "with an inbound endpoint the hub's zones answer")
		}
	}
}
