package iampolicy_test

import (
	"github.com/vpconly/sagemaker-landing-zone/internal/guardcases"

	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
)

const (
	humanDomain      = "d-abc123"
	humanOtherDomain = "d-zzz999"
	humanAccount     = "123456789012"
)

func humanSpec() iampolicy.HumanSpec {
	return iampolicy.HumanSpec{Partition: "aws", Region: "us-east-1", AccountId: humanAccount,
		DomainIds: []string{humanDomain}, ApiEndpointIds: []string{guardcases.CaseApiEndpoint},
		StudioEndpointIds: []string{guardcases.CaseStudioVpce}}
}

func profileArn(domain, user string) string {
	return "arn:aws:sagemaker:us-east-1:" + humanAccount + ":user-profile/" + domain + "/" + user
}

// TestHumanAccessPolicy proves the human policy with the offline evaluator: a data scientist
// tagged studio-user-profile=alice gets a presigned URL for alice's profile through the hub's
// SageMaker API endpoint, and nothing else: not bob's profile, not from outside the endpoint,
// not without the tag, not in another domain. Each deny is also checked against a broad Allow
// from another policy (what AmazonSageMakerFullAccess would grant), so the human policy's own
// deny statements are what refuse it.
func TestHumanAccessPolicy(t *testing.T) {
	t.Parallel()
	doc, err := iampolicy.HumanAccessPolicy(humanSpec())
	require.NoError(t, err)
	p, err := iamsim.Parse([]byte(doc.MustJSON()))
	require.NoError(t, err)
	broad, err := iamsim.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Sid":"Broad","Effect":"Allow","Action":"sagemaker:*","Resource":"*"}]}`))
	require.NoError(t, err)
	withBroad := append(append([]iamsim.Statement{}, p.Statements...), broad.Statements...)

	tag := "aws:PrincipalTag/" + iampolicy.DefaultStudioProfileTagKey
	keys := func(vpce string, tagged bool, extra ...string) map[string][]string {
		k := map[string][]string{iampolicy.KeyViaAWSService: {"false"}, iampolicy.KeyPrincipalIsAWSService: {"false"}}
		if vpce != "" {
			k[iampolicy.KeySourceVpce] = []string{vpce}
		}
		if tagged {
			k[tag] = []string{"alice"}
		}
		for i := 0; i+1 < len(extra); i += 2 {
			k[extra[i]] = []string{extra[i+1]}
		}
		return k
	}
	presign := iampolicy.ActionCreatePresignedDomainUrl
	cases := []struct {
		name      string
		action    string
		resource  string
		keys      map[string][]string
		want      iamsim.Decision // with the human policy alone
		deniedBy  []string        // with a broad Allow added: nil means allowed
		broadDeny bool
	}{
		{"own profile through the hub API endpoint", presign, profileArn(humanDomain, "alice"),
			keys(guardcases.CaseApiEndpoint, true), iamsim.Allow, nil, false},
		// The Studio app's HTTPS requests and WebSocket frames are authorized as
		// CreatePresignedDomainUrl on the profile and arrive through the studio endpoint.
		{"Studio app for the own profile through the hub Studio endpoint", presign, profileArn(humanDomain, "alice"),
			keys(guardcases.CaseStudioVpce, true), iamsim.Allow, nil, false},
		{"Studio app for another user's profile through the Studio endpoint", presign, profileArn(humanDomain, "bob"),
			keys(guardcases.CaseStudioVpce, true), iamsim.Deny, []string{iampolicy.SidHumanPresignedOtherProfiles}, true},
		{"Studio app without a profile tag through the Studio endpoint", presign, profileArn(humanDomain, "alice"),
			keys(guardcases.CaseStudioVpce, false), iamsim.Deny,
			[]string{iampolicy.SidHumanPresignedOtherProfiles, iampolicy.SidHumanPresignedWithoutTag}, true},
		{"another user's profile through the endpoint", presign, profileArn(humanDomain, "bob"),
			keys(guardcases.CaseApiEndpoint, true), iamsim.Deny, []string{iampolicy.SidHumanPresignedOtherProfiles}, true},
		{"own profile from outside any endpoint", presign, profileArn(humanDomain, "alice"),
			keys("", true), iamsim.Deny, []string{iampolicy.SidPresignedUrlOutsideApiVpce}, true},
		{"own profile through another endpoint", presign, profileArn(humanDomain, "alice"),
			keys(guardcases.CaseOtherVpce, true), iamsim.Deny, []string{iampolicy.SidPresignedUrlOutsideApiVpce}, true},
		{"any profile from outside the endpoint", presign, profileArn(humanDomain, "bob"),
			keys("", true), iamsim.Deny, []string{iampolicy.SidHumanPresignedOtherProfiles, iampolicy.SidPresignedUrlOutsideApiVpce}, true},
		{"no profile tag", presign, profileArn(humanDomain, "alice"),
			keys(guardcases.CaseApiEndpoint, false), iamsim.Deny,
			[]string{iampolicy.SidHumanPresignedOtherProfiles, iampolicy.SidHumanPresignedWithoutTag}, true},
		{"own name in a domain outside the landing zone", presign, profileArn(humanOtherDomain, "alice"),
			keys(guardcases.CaseApiEndpoint, true), iamsim.Deny, []string{iampolicy.SidHumanPresignedOtherProfiles}, true},
		{"list domains", "sagemaker:ListDomains", "*", keys("", true), iamsim.Allow, nil, false},
		{"describe own profile", "sagemaker:DescribeUserProfile", profileArn(humanDomain, "alice"), keys("", true), iamsim.Allow, nil, false},
		{"describe another profile is not granted", "sagemaker:DescribeUserProfile", profileArn(humanDomain, "bob"), keys("", true), iamsim.NotApplicable, nil, false},
		{"describe the domain", "sagemaker:DescribeDomain", "arn:aws:sagemaker:us-east-1:" + humanAccount + ":domain/" + humanDomain,
			keys("", true), iamsim.Allow, nil, false},
		{"create a training job is not granted", "sagemaker:CreateTrainingJob", "*", keys("", true), iamsim.NotApplicable, nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := iamsim.Request{Action: tc.action, Resource: tc.resource, Keys: tc.keys}
			got, err := p.Evaluate(r)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got.Decision, "human policy alone; matched %v", got.Matched)
			if !tc.broadDeny {
				return
			}
			got, err = iamsim.Evaluate(withBroad, r)
			require.NoError(t, err)
			assert.Equal(t, iamsim.Deny, got.Decision, "a broad Allow elsewhere does not open it")
			var denies []string
			for _, m := range got.Matched {
				if m != "Broad" && !strings.HasPrefix(m, "CreatePresigned") {
					denies = append(denies, m)
				}
			}
			assert.ElementsMatch(t, tc.deniedBy, denies)
		})
	}
}

func TestHumanAccessPolicyTagKeyAndValidation(t *testing.T) {
	t.Parallel()
	spec := humanSpec()
	spec.ProfileTagKey = "sagemaker-profile"
	doc, err := iampolicy.HumanAccessPolicy(spec)
	require.NoError(t, err)
	js := doc.MustJSON()
	assert.Contains(t, js, "${aws:PrincipalTag/sagemaker-profile}")
	assert.Contains(t, js, `"Null":{"aws:PrincipalTag/sagemaker-profile":"true"}`)

	_, err = iampolicy.HumanAccessPolicy(iampolicy.HumanSpec{Partition: "aws", Region: "mars", AccountId: "12",
		DomainIds: []string{"dom"}, ProfileTagKey: "bad{key}"})
	require.Error(t, err)
	for _, want := range []string{`HumanSpec.Region = "mars"`, `HumanSpec.AccountId = "12"`, `HumanSpec.DomainIds[0] = "dom"`,
		"HumanSpec.ApiEndpointIds is empty", "HumanSpec.StudioEndpointIds is empty", `HumanSpec.ProfileTagKey = "bad{key}"`} {
		assert.Contains(t, err.Error(), want)
	}
}
