package config

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	//DELETE
	"github.com/vpconly/sagemaker-landing-zone/components/security"
)

const (
	acctPlatform = `{"name":"platform","id":"123456789012"}`
	acctNetwork  = `{"name":"network","id":"333333333333","roleArn":"arn:aws:iam::333333333333:role/deploy"}`
	acctResearch = `{"name":"research","id":"222222222222","roleArn":"arn:aws:iam::222222222222:role/path/deploy"}`
)

// multi is minimal() with the hub in network, spoke ml in research, spoke local in the deploying
// account, and the DNS Firewall off (not built across accounts).
func multi() map[string]string {
	m := minimal()
	m[Project+":accounts"] = `[` + acctPlatform + `,` + acctNetwork + `,` + acctResearch + `]`
	m[Project+":hub"] = `{"cidr":"10.0.0.0/22","account":"network"}`
	m[Project+":spokes"] = `[{"name":"ml","cidr":"10.1.0.0/20","account":"research"},{"name":"local","cidr":"10.2.0.0/20"}]`
	m[Project+":runtime"] = `{"dnsFirewall":{"enabled":false}}`
	return m
}

func TestAccountsValid(t *testing.T) {
	t.Parallel()
	c, err := FromGetter("s", get(multi()))
	require.NoError(t, err)
	assert.Equal(t, "network", c.HubAccount())
	assert.Equal(t, "research", c.SpokeAccount("ml"))
	assert.Equal(t, "", c.SpokeAccount("local"), "unset: the deploying account")
	assert.Equal(t, []string{"research", ""}, c.WorkloadAccounts())
	assert.True(t, c.CrossAccount())

	// Without accounts: one account, nothing crosses.
	c, err = FromGetter("s", get(minimal()))
	require.NoError(t, err)
	assert.Equal(t, "", c.HubAccount())
	assert.False(t, c.CrossAccount())
	assert.Equal(t, []string{""}, c.WorkloadAccounts())

	assert.Equal(t, []string{""}, c.DomainAccounts(), "one account")

	// The supply path across accounts: the domain in research, the supply in the hub's account.
	m := multi()
	m[Project+":hub"] = `{"cidr":"10.0.0.0/22","account":"network","endpoints":["sagemaker.api","sagemaker.runtime","studio","sts","logs",` +
		`"codeartifact.api","codeartifact.repositories","ecr.api","ecr.dkr"]}`
	m[Project+":supply"] = `{"packages":{},"images":{"repositories":["ml/base"],"customImage":{"name":"ml-base","repository":"ml/base","tag":"v1"}}}`
	c, err = FromGetter("s", get(m))
	require.NoError(t, err)
	assert.NotNil(t, c.Supply.Packages)
	assert.Equal(t, []string{"research"}, c.DomainAccounts(), "domain d1 is in spoke ml, in research")

	// Naming the deploying entry is the deploying account.
	m = multi()
	m[Project+":hub"] = `{"cidr":"10.0.0.0/22","account":"platform"}`
	c, err = FromGetter("s", get(m))
	require.NoError(t, err)
	assert.Equal(t, "", c.HubAccount())
}

// Every accounts problem names its full key.
func TestAccountsInvalid(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, key, value, want string
	}{
		{"unknown hub account", "hub", `{"cidr":"10.0.0.0/22","account":"nope"}`, "hub.account"},
		{"unknown spoke account", "spokes", `[{"name":"ml","cidr":"10.1.0.0/20","account":"nope"}]`, "spokes[ml].account"},
		{"malformed id", "accounts", `[{"name":"research","id":"2222","roleArn":"arn:aws:iam::222222222222:role/d"}]`, "accounts[research].id"},
		{"malformed role", "accounts", `[{"name":"research","id":"222222222222","roleArn":"arn:aws:iam::222222222222:user/d"}]`, "accounts[research].roleArn"},
		{"role in another account", "accounts", `[{"name":"research","id":"222222222222","roleArn":"arn:aws:iam::333333333333:role/d"}]`, "accounts[research].roleArn"},
		{"bad name", "accounts", `[{"name":"Research","id":"222222222222","roleArn":"arn:aws:iam::222222222222:role/d"}]`, "accounts[Research].name"},
		{"duplicate name", "accounts", `[` + acctNetwork + `,{"name":"network","id":"222222222222","roleArn":"arn:aws:iam::222222222222:role/d"}]`, "accounts[network].name"},
		{"duplicate id", "accounts", `[` + acctNetwork + `,{"name":"other","id":"333333333333","roleArn":"arn:aws:iam::333333333333:role/d"}]`, "accounts[other].id"},
		{"two accounts without a role", "accounts", `[` + acctPlatform + `,{"name":"research","id":"222222222222"}]`, "accounts[research].roleArn"},
		{"no deploying entry while the hub is elsewhere", "accounts", `[` + acctNetwork + `,` + acctResearch + `]`, "accounts"},
		// Supply across accounts is built (docs/multi-account.md); the hub still needs its endpoints.
		{"supply across accounts without the hub's CodeArtifact endpoints", "supply", `{"packages":{}}`, "hub.endpoints"},
		{"share principal without an organization", "hub", `{"cidr":"10.0.0.0/22","account":"network","sharePrincipals":["arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5"]}`,
			"hub.sharePrincipals[0]"},
		{"share principal that is no organization or OU", "hub", `{"cidr":"10.0.0.0/22","account":"network","sharePrincipals":["arn:aws:iam::111111111111:root"]}`,
			"hub.sharePrincipals[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := multi()
			m[Project+":"+tc.key] = tc.value
			_, err := FromGetter("s", get(m))
			require.Error(t, err)
			assert.Contains(t, Keys(err), Project+":"+tc.want, err.Error())
		})
	}
}

// hub.connectivity and hub.peeringQuota: the components' rules (network.CheckConnectivity,
// EndpointHubArgs.Validate), each reported under its key.
func TestConnectivity(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		edit  func(m map[string]string)
		want  string // a key; "" valid
		wantV string // a substring of the message
	}{
		{"default", func(map[string]string) {}, "", ""},
		{"peering", func(m map[string]string) { m[Project+":hub"] = `{"cidr":"10.0.0.0/22","connectivity":"peering"}` }, "", ""},
		{"peering across accounts", func(m map[string]string) {
			for k, v := range multi() {
				m[k] = v
			}
			m[Project+":hub"] = `{"cidr":"10.0.0.0/22","account":"network","connectivity":"peering"}`
		}, "", ""},
		{"unknown connectivity", func(m map[string]string) { m[Project+":hub"] = `{"cidr":"10.0.0.0/22","connectivity":"mesh"}` },
			"hub.connectivity", `"mesh"`},
		{"peering quota beyond AWS's maximum", func(m map[string]string) {
			m[Project+":hub"] = `{"cidr":"10.0.0.0/22","connectivity":"peering","peeringQuota":200}`
		}, "hub.peeringQuota", "125"},
		{"more spokes than the peering quota", func(m map[string]string) {
			m[Project+":hub"] = `{"cidr":"10.0.0.0/22","connectivity":"peering","peeringQuota":1}`
			m[Project+":spokes"] = `[{"name":"ml","cidr":"10.1.0.0/20"},{"name":"two","cidr":"10.2.0.0/20"}]`
			m[Project+":domains"] = `[{"name":"d","spoke":"ml","users":[{"name":"alice","owner":"alice@example.com"}]}]`
		}, "spokes", "at most 1 spokes with peering"},
		{"a peering spoke cannot reach on-premises", func(m map[string]string) {
			m[Project+":hub"] = `{"cidr":"10.0.0.0/22","connectivity":"peering"}`
			m[Project+":corporate"] = `{"cidrs":["192.168.0.0/16"],"vpn":{"customerGatewayIp":"198.51.100.10"},"onPremisesSpokes":["ml"]}`
		}, "corporate.onPremisesSpokes", "not transitive"},
		{"the same with a Transit Gateway is fine", func(m map[string]string) {
			m[Project+":corporate"] = `{"cidrs":["192.168.0.0/16"],"vpn":{"customerGatewayIp":"198.51.100.10"},"onPremisesSpokes":["ml"]}`
		}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := minimal()
			tc.edit(m)
			c, err := FromGetter("s", get(m))
			if tc.want == "" {
				require.NoError(t, err)
				assert.Contains(t, []string{"transitGateway", "peering"}, c.Hub.Connectivity, "resolved, never empty")
				return
			}
			require.Error(t, err)
			assert.Contains(t, Keys(err), Project+":"+tc.want, err.Error())
			assert.Contains(t, err.Error(), tc.wantV)
		})
	}
}

// hub.zoneSharing: default authorization; profile only across accounts; anything else rejected
// naming the key, echoing the value and listing the allowed values.
func TestZoneSharing(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		multi       bool
		hub         string
		wantErr     []string // substrings of the error; nil when valid
		wantProfile bool
	}{
		{"default across accounts", true, `{"cidr":"10.0.0.0/22","account":"network"}`, nil, false},
		{"default in one account", false, `{"cidr":"10.0.0.0/22"}`, nil, false},
		{"profile across accounts", true, `{"cidr":"10.0.0.0/22","account":"network","zoneSharing":"profile"}`, nil, true},
		{"authorization in one account", false, `{"cidr":"10.0.0.0/22","zoneSharing":"authorization"}`, nil, false},
		{"unknown value", true, `{"cidr":"10.0.0.0/22","account":"network","zoneSharing":"ram"}`,
			[]string{Project + ":hub.zoneSharing", `"ram"`, "authorization, profile"}, false},
		{"profile in one account", false, `{"cidr":"10.0.0.0/22","zoneSharing":"profile"}`,
			[]string{Project + ":hub.zoneSharing", `"profile"`, "another account than the hub"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := minimal()
			if tc.multi {
				m = multi()
			}
			m[Project+":hub"] = tc.hub
			c, err := FromGetter("s", get(m))
			if tc.wantErr != nil {
				require.Error(t, err)
				assert.Equal(t, []string{Project + ":hub.zoneSharing"}, Keys(err))
				for _, w := range tc.wantErr {
					assert.Contains(t, err.Error(), w)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantProfile, c.ZoneProfiles())
			if !tc.wantProfile {
				assert.Equal(t, "authorization", c.Hub.ZoneSharing)
			}
		})
	}
}

// hub.sharePrincipals: organization or OU ARNs of organizationId, each once.
func TestSharePrincipals(t *testing.T) {
	t.Parallel()
	const ou = "arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-cdef3456"
	for _, tc := range []struct {
		name, org, principals, want string
	}{
		{"an OU of the organization", "o-a1b2c3d4e5", `["` + ou + `"]`, ""},
		{"another organization's OU", "o-zzzzzzzzzz", `["` + ou + `"]`, "this one is in o-a1b2c3d4e5"},
		{"twice", "o-a1b2c3d4e5", `["` + ou + `","` + ou + `"]`, "each principal once"},
		{"RAM sharing with AWS Organizations off", "o-a1b2c3d4e5", `["` + ou + `"]` + `,"ramOrganizationSharing":false`, "hub.ramOrganizationSharing is true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := multi()
			m[Project+":organizationId"] = tc.org
			principals := tc.principals
			if !strings.Contains(principals, "ramOrganizationSharing") {
				principals += `,"ramOrganizationSharing":true`
			}
			m[Project+":hub"] = `{"cidr":"10.0.0.0/22","account":"network","sharePrincipals":` + principals + `}`
			c, err := FromGetter("s", get(m))
			if tc.want == "" {
				require.NoError(t, err)
				assert.Equal(t, []string{ou}, c.Hub.SharePrincipals)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), Project+":hub.sharePrincipals[")
		})
	}
}

// An own execution role is made by the Guardrails of its domain's account, whose name is part of
// the role's: "<domain>-<user>" of 35 characters fits "guardrails" (the deploying account's) but
// not "guardrails-research".
func TestOwnRoleNameBoundByTheDomainsAccount(t *testing.T) {
	t.Parallel()
	user := "u2345678901234567890123456789012" // 32 characters: "d1-<user>" is 35
	key := "d1-" + user
	require.Len(t, key, 35)
	require.Greater(t, len(key), security.MaxExtraRoleKeyLength(GuardrailsName("research")))
	require.LessOrEqual(t, len(key), security.MaxExtraRoleKeyLength(GuardrailsName("")))
	for _, tc := range []struct {
		spoke string
		ok    bool
	}{{"local", true}, {"ml", false}} {
		m := multi()
		m[Project+":domains"] = `[{"name":"d1","spoke":"` + tc.spoke + `","users":[{"name":"` + user + `","owner":"a@example.com","ownExecutionRole":true}]}]`
		_, err := FromGetter("s", get(m))
		if tc.ok {
			assert.NoError(t, err, tc.spoke)
			continue
		}
		require.Error(t, err, tc.spoke)
		assert.Contains(t, Keys(err), Project+":domains[d1].users["+user+"].name")
	}
}
