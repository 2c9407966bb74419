package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hub.amazonSideAsn and corporate.directConnectGatewayAsn: private ranges, and the Transit
// Gateway's ASN differs from the Direct Connect gateway's and the customer gateway's.
func TestTransitGatewayAsn(t *testing.T) {
	t.Parallel()
	const dx = `"cidrs":["192.168.0.0/16"],"directConnectGatewayId":"5f3c1b9e-2d4a-4c7b-9e8f-0a1b2c3d4e5f"`
	for _, tc := range []struct {
		name, hub, corporate string
		want                 string // a key; "" valid
		wantV                string
	}{
		{"default is not AWS's 64512", "", `{` + dx + `,"directConnectGatewayAsn":64512}`, "", ""},
		{"16-bit private", `"amazonSideAsn":65534`, "", "", ""},
		{"32-bit private", `"amazonSideAsn":4200000000`, "", "", ""},
		{"32-bit upper bound", `"amazonSideAsn":4294967294`, "", "", ""},
		{"public ASN", `"amazonSideAsn":65535`, "", "hub.amazonSideAsn", "64512-65534"},
		{"below the private range", `"amazonSideAsn":64511`, "", "hub.amazonSideAsn", "private ASN"},
		{"above the 32-bit range", `"amazonSideAsn":4294967295`, "", "hub.amazonSideAsn", "4200000000-4294967294"},
		{"same as the Direct Connect gateway", `"amazonSideAsn":64512`, `{` + dx + `,"directConnectGatewayAsn":64512}`, "hub.amazonSideAsn", "must be different"},
		{"default same as a Direct Connect gateway of 64513", "", `{` + dx + `,"directConnectGatewayAsn":64513}`, "hub.amazonSideAsn", "64513"},
		{"Direct Connect without its ASN", "", `{` + dx + `}`, "corporate.directConnectGatewayAsn", "Amazon-side ASN"},
		{"Direct Connect ASN not private", "", `{` + dx + `,"directConnectGatewayAsn":7224}`, "corporate.directConnectGatewayAsn", "private ASN"},
		{"Direct Connect ASN without a gateway", "", `{"cidrs":["192.168.0.0/16"],"vpn":{"customerGatewayIp":"198.51.100.10"},"directConnectGatewayAsn":64512}`,
			"corporate.directConnectGatewayAsn", "unset unless"},
		{"same as the customer gateway", `"amazonSideAsn":65000`, `{"cidrs":["192.168.0.0/16"],"vpn":{"customerGatewayIp":"198.51.100.10"}}`, "hub.amazonSideAsn", "65000"},
		{"different from the customer gateway", `"amazonSideAsn":65001`, `{"cidrs":["192.168.0.0/16"],"vpn":{"customerGatewayIp":"198.51.100.10"}}`, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := minimal()
			hub := `{"cidr":"10.0.0.0/22"`
			if tc.hub != "" {
				hub += "," + tc.hub
			}
			m[Project+":hub"] = hub + "}"
			if tc.corporate != "" {
				m[Project+":corporate"] = tc.corporate
			}
			c, err := FromGetter("s", get(m))
			if tc.want == "" {
				require.NoError(t, err)
				assert.NotEqual(t, int64(64512), c.TransitGatewayAsn())
				return
			}
			require.Error(t, err)
			assert.Contains(t, Keys(err), Project+":"+tc.want, err.Error())
			assert.Contains(t, err.Error(), tc.wantV)
		})
	}
}

// organization.*: the roles name accounts entries; SCPs are never aimed at the management
// account; a delegated Identity Center administrator cannot manage a permission set the
// management account's domains need; hub.ramOrganizationSharing needs organizationId.
func TestOrganizationRoles(t *testing.T) {
	t.Parallel()
	const ps = `{"ssoInstanceArn":"arn:aws:sso:::instance/ssoins-0123456789abcdef","permissionSetArn":"arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef"}`
	for _, tc := range []struct {
		name string
		edit map[string]string
		want string // a key; "" valid
		// policy and identity are the resolved AccountKeys when valid.
		policy, identity string
	}{
		{"defaults: the deploying account", nil, "", "", ""},
		{"management account holds both roles", map[string]string{"organization": `{"managementAccount":"network"}`}, "", "network", "network"},
		{"delegated administrators", map[string]string{"organization": `{"managementAccount":"platform","policyAccount":"network","identityCenterAccount":"research"}`},
			"", "network", "research"},
		{"unknown policy account", map[string]string{"organization": `{"policyAccount":"security"}`}, "organization.policyAccount", "", ""},
		{"unknown management account", map[string]string{"organization": `{"managementAccount":"root"}`}, "organization.managementAccount", "", ""},
		{"SCPs attached to the management account by default", map[string]string{"organization": `{"managementAccount":"research"}`,
			"guards": `{"createServiceControlPolicy":true}`}, "guards.scpTargetIds", "", ""},
		{"SCPs attached to member accounts only", map[string]string{"organization": `{"managementAccount":"network"}`,
			"guards": `{"createServiceControlPolicy":true}`}, "", "network", "network"},
		{"organization guardrails on the management account", map[string]string{"organization": `{"managementAccount":"research"}`,
			"runtime": `{"dnsFirewall":{"enabled":false},"organizationGuardrails":{"create":true,"targetIds":["222222222222"]}}`,
			"guards":  `{"scpExemptPrincipalArns":["arn:aws:iam::222222222222:role/path/deploy"]}`}, "runtime.organizationGuardrails.targetIds", "", ""},
		{"delegated Identity Center admin with a domain in the management account", map[string]string{"humanAccess": ps,
			"organization": `{"managementAccount":"research","identityCenterAccount":"network"}`}, "organization.identityCenterAccount", "", ""},
		{"delegated Identity Center admin, domains in member accounts", map[string]string{"humanAccess": ps,
			"organization": `{"managementAccount":"network","identityCenterAccount":"platform"}`}, "", "network", ""}, // platform is the deploying entry: key ""
		{"RAM organization sharing without an organization", map[string]string{"hub": `{"cidr":"10.0.0.0/22","account":"network","ramOrganizationSharing":true}`},
			"hub.ramOrganizationSharing", "", ""},
		{"RAM organization sharing in an organization", map[string]string{"organizationId": "o-a1b2c3d4e5",
			"hub": `{"cidr":"10.0.0.0/22","account":"network","ramOrganizationSharing":true}`}, "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := multi()
			for key, v := range tc.edit {
				m[Project+":"+key] = v
			}
			c, err := FromGetter("s", get(m))
			if tc.want == "" {
				require.NoError(t, err)
				assert.Equal(t, tc.policy, c.PolicyAccount())
				assert.Equal(t, tc.identity, c.IdentityCenterAccount())
				return
			}
			require.Error(t, err)
			assert.Contains(t, Keys(err), Project+":"+tc.want, err.Error())
		})
	}
}

// The organization guardrails deny Block Public Access changes: each account they bind has its
// deploy role (accounts[].roleArn) in guards.scpExemptPrincipalArns, or validation refuses.
func TestScpExemptsEveryBoundDeployRole(t *testing.T) {
	t.Parallel()
	const research = "arn:aws:iam::222222222222:role/path/deploy"
	const network = "arn:aws:iam::333333333333:role/deploy"
	for _, tc := range []struct {
		name, runtime, exempt string
		ok                    bool
	}{
		{"default targets, research's role exempt", `{"dnsFirewall":{"enabled":false},"organizationGuardrails":{"create":true}}`, `["` + research + `"]`, true},
		{"default targets, research's role not exempt", `{"dnsFirewall":{"enabled":false},"organizationGuardrails":{"create":true}}`, `["` + network + `"]`, false},
		{"default targets, a wildcard covers it", `{"dnsFirewall":{"enabled":false},"organizationGuardrails":{"create":true}}`, `["arn:aws:iam::*:role/path/dep*"]`, true},
		{"an OU: every account may be bound", `{"dnsFirewall":{"enabled":false},"organizationGuardrails":{"create":true,"targetIds":["ou-ab12-abcdefgh"]}}`, `["` + research + `"]`, false},
		{"an OU, every role exempt", `{"dnsFirewall":{"enabled":false},"organizationGuardrails":{"create":true,"targetIds":["ou-ab12-abcdefgh"]}}`,
			`["` + research + `","` + network + `"]`, true},
		{"only the network account targeted", `{"dnsFirewall":{"enabled":false},"organizationGuardrails":{"create":true,"targetIds":["333333333333"]}}`, `["` + research + `"]`, false},
		{"Block Public Access off: nothing to deny", `{"dnsFirewall":{"enabled":false},"blockPublicAccess":{"enabled":false},"organizationGuardrails":{"create":true}}`, `[]`, true},
		{"guardrails rendered only", `{"dnsFirewall":{"enabled":false}}`, `[]`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := multi()
			m[Project+":runtime"] = tc.runtime
			m[Project+":guards"] = `{"scpExemptPrincipalArns":` + tc.exempt + `}`
			_, err := FromGetter("s", get(m))
			if tc.ok {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, []string{Project + ":" + guardsExemptKey}, Keys(err), err.Error())
			assert.Contains(t, err.Error(), "Block Public Access")
		})
	}
}
