package config

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func withCorporate(corporate string) map[string]string {
	m := minimal()
	m[Project+":corporate"] = corporate
	return m
}

func TestCorporateValidConfigs(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, raw string
	}{
		{"vpn", `{"cidrs":["192.168.0.0/16"],"vpn":{"customerGatewayIp":"198.51.100.10"}}`},
		{"vpn with BGP ASN, static routes, on-prem spoke and DNS", `{"cidrs":["192.168.0.0/16","172.16.0.0/12"],
		  "vpn":{"customerGatewayIp":"198.51.100.10","bgpAsn":65010,"staticRoutesOnly":true},"onPremisesSpokes":["ml"],
		  "endpoints":["sagemaker.api","studio"],"dns":{"forwardDomains":["corp.example.com"],"serverIps":["172.16.0.10"]}}`},
		{"direct connect", `{"cidrs":["172.16.0.0/12"],"directConnectGatewayId":"00000000-0000-4000-8000-000000000000","directConnectGatewayAsn":64512}`},
		{"existing attachment", `{"cidrs":["172.16.0.0/12"],"transitGatewayAttachmentId":"tgw-attach-0123456789abcdef0"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := FromGetter("s", get(withCorporate(tc.raw)))
			require.NoError(t, err)
			require.NotNil(t, c.Corporate)
			assert.NotEmpty(t, c.CorporateEndpointKeys())
		})
	}
	c, err := FromGetter("s", get(withCorporate(cases[1].raw)))
	require.NoError(t, err)
	assert.True(t, c.Corporate.ReachesOnPremises("ml"))
	assert.False(t, c.Corporate.ReachesOnPremises("other"))
	assert.Equal(t, []string{"sagemaker.api", "studio"}, c.CorporateEndpointKeys())
	c, err = FromGetter("s", get(minimal()))
	require.NoError(t, err)
	assert.Nil(t, c.Corporate)
	assert.Nil(t, c.CorporateEndpointKeys())
	assert.False(t, c.Corporate.ReachesOnPremises("ml"), "nil-safe")
}

// TestCorporateErrorsNameTheKey: every refusal names the full key and echoes the value; nothing
// that would route to the internet gets through.
func TestCorporateErrorsNameTheKey(t *testing.T) {
	t.Parallel()
	const vpn = `"vpn":{"customerGatewayIp":"198.51.100.10"}`
	cases := []struct {
		name, raw string
		keys      []string
		want      string
	}{
		{"default route", `{"cidrs":["0.0.0.0/0"],` + vpn + `}`, []string{"corporate.cidrs[0]"}, "default route"},
		{"IPv6 default route", `{"cidrs":["::/0"],` + vpn + `}`, []string{"corporate.cidrs[0]"}, "default route"},
		{"too wide", `{"cidrs":["0.0.0.0/2"],` + vpn + `}`, []string{"corporate.cidrs[0]"}, "wider than /8"},
		// One error per key, naming everything the CIDR overlaps.
		{"overlaps the hub and a spoke", `{"cidrs":["10.0.0.0/8"],` + vpn + `}`, []string{"corporate.cidrs[0]"},
			"does not overlap sagemaker-landing-zone:hub.cidr (10.0.0.0/22), sagemaker-landing-zone:spokes[ml].cidr"},
		{"overlaps a spoke", `{"cidrs":["10.1.4.0/24"],` + vpn + `}`, []string{"corporate.cidrs[0]"}, "spokes[ml].cidr"},
		{"overlaps itself", `{"cidrs":["192.168.0.0/16","192.168.1.0/24"],` + vpn + `}`, []string{"corporate.cidrs[1]"}, "listed before it"},
		{"no CIDRs", `{` + vpn + `}`, []string{"corporate.cidrs"}, "at least one"},
		{"no connection", `{"cidrs":["192.168.0.0/16"]}`, []string{"corporate"}, "exactly one of"},
		{"two connections", `{"cidrs":["192.168.0.0/16"],` + vpn + `,"transitGatewayAttachmentId":"tgw-attach-0123456789abcdef0"}`, []string{"corporate"}, "exactly one of"},
		{"bad customer gateway", `{"cidrs":["192.168.0.0/16"],"vpn":{"customerGatewayIp":"localhost","bgpAsn":-1}}`,
			[]string{"corporate.vpn.customerGatewayIp", "corporate.vpn.bgpAsn"}, "localhost"},
		{"bad DX id", `{"cidrs":["192.168.0.0/16"],"directConnectGatewayId":"dx-1","directConnectGatewayAsn":64512}`, []string{"corporate.directConnectGatewayId"}, "UUID"},
		{"bad attachment", `{"cidrs":["192.168.0.0/16"],"transitGatewayAttachmentId":"att-1"}`, []string{"corporate.transitGatewayAttachmentId"}, "tgw-attach-"},
		{"endpoint not in the hub", `{"cidrs":["192.168.0.0/16"],` + vpn + `,"endpoints":["kms"]}`, []string{"corporate.endpoints[0]"}, "one of hub.endpoints"},
		{"unknown spoke", `{"cidrs":["192.168.0.0/16"],` + vpn + `,"onPremisesSpokes":["ghost"]}`, []string{"corporate.onPremisesSpokes[0]"}, "configured spoke"},
		{"DNS server outside the corporate network", `{"cidrs":["192.168.0.0/16"],` + vpn + `,"dns":{"forwardDomains":["corp.example.com"],"serverIps":["8.8.8.8"]}}`,
			[]string{"corporate.dns.serverIps[0]"}, "outside the corporate CIDRs"},
		{"domains without servers", `{"cidrs":["192.168.0.0/16"],` + vpn + `,"dns":{"forwardDomains":["corp.example.com"]}}`, []string{"corporate.dns"}, "set together"},
		{"bad domain", `{"cidrs":["192.168.0.0/16"],` + vpn + `,"dns":{"forwardDomains":["CORP"],"serverIps":["192.168.0.2"]}}`,
			[]string{"corporate.dns.forwardDomains[0]"}, "DNS domain name"},
		{"unknown field", `{"cidrs":["192.168.0.0/16"],"internetGateway":true}`, []string{"corporate"}, `unknown field "internetGateway"`},
		{"unknown inbound mode", `{"cidrs":["192.168.0.0/16"],` + vpn + `,"dns":{"inbound":"one"}}`, []string{"corporate.dns.inbound"}, "one of perAz, two, none"},
		{"unknown outbound mode", `{"cidrs":["192.168.0.0/16"],` + vpn + `,"dns":{"forwardDomains":["corp.example.com"],"serverIps":["192.168.0.2"],"outbound":"none"}}`,
			[]string{"corporate.dns.outbound"}, "one of perAz, two"},
		{"outbound without forwarding", `{"cidrs":["192.168.0.0/16"],` + vpn + `,"dns":{"outbound":"two"}}`, []string{"corporate.dns.outbound"}, "without corporate.dns.forwardDomains"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := FromGetter("s", get(withCorporate(tc.raw)))
			require.Error(t, err)
			var want []string
			for _, k := range tc.keys {
				want = append(want, Project+":"+k)
			}
			assert.Equal(t, want, Keys(err))
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestCorporateNeedsHubSubnetRoomForTheResolver(t *testing.T) {
	t.Parallel()
	m := withCorporate(`{"cidrs":["192.168.0.0/16"],"vpn":{"customerGatewayIp":"198.51.100.10"},
	  "dns":{"forwardDomains":["corp.example.com"],"serverIps":["192.168.0.2"]}}`)
	// Five endpoints in /28 subnets: 11 usable addresses; endpoints + TGW + two Resolver ENIs = 8 fit.
	m[Project+":hub"] = `{"cidr":"10.0.0.0/26","azCount":2,"subnetPrefixLength":28}`
	_, err := FromGetter("s", get(m))
	require.NoError(t, err)
	// Ten endpoints: 13 addresses needed, 11 usable.
	m[Project+":hub"] = `{"cidr":"10.0.0.0/26","azCount":2,"subnetPrefixLength":28,"endpoints":["sagemaker.api","sagemaker.runtime","studio","sts","logs","monitoring","kms","ssm","ecr.api","ecr.dkr"]}`
	_, err = FromGetter("s", get(m))
	require.Error(t, err)
	assert.Equal(t, []string{Project + ":hub.subnetPrefixLength"}, Keys(err))
	assert.Contains(t, err.Error(), "Resolver endpoints")
}

func TestHumanAccessConfig(t *testing.T) {
	t.Parallel()
	m := minimal()
	m[Project+":humanAccess"] = `{"profileTagKey":"studio-profile","ssoInstanceArn":"arn:aws:sso:::instance/ssoins-0123456789abcdef",
	  "permissionSetArn":"arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef"}`
	c, err := FromGetter("s", get(m))
	require.NoError(t, err)
	assert.Equal(t, "studio-profile", c.HumanAccess.ProfileTagKey)

	m[Project+":humanAccess"] = `{"profileTagKey":"bad{key}","permissionSetArn":"arn:nope"}`
	_, err = FromGetter("s", get(m))
	require.Error(t, err)
	// One error per key: the malformed ARN, not also the pairing rule.
	assert.Equal(t, []string{Project + ":humanAccess.profileTagKey", Project + ":humanAccess.permissionSetArn"}, Keys(err))
	assert.Contains(t, err.Error(), `"arn:nope"`)
	assert.NotContains(t, err.Error(), "set together")

	// A well-formed permission set without its instance: the pairing rule.
	m[Project+":humanAccess"] = `{"permissionSetArn":"arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef"}`
	_, err = FromGetter("s", get(m))
	require.Error(t, err)
	assert.Equal(t, []string{Project + ":humanAccess.permissionSetArn"}, Keys(err))
	assert.Contains(t, err.Error(), "set together with humanAccess.ssoInstanceArn")
}

func TestCorporateEndpointsDefaultToThoseTheHubHas(t *testing.T) {
	t.Parallel()
	m := withCorporate(`{"cidrs":["192.168.0.0/16"],"vpn":{"customerGatewayIp":"198.51.100.10"}}`)
	m[Project+":hub"] = `{"cidr":"10.0.0.0/22","endpoints":["sagemaker.api","studio","sts"]}`
	c, err := FromGetter("s", get(m))
	require.NoError(t, err)
	assert.Equal(t, []string{"sagemaker.api", "studio"}, c.CorporateEndpointKeys())

	// A hub without either default: the hub's own rule (it must hold sagemaker.api and studio) is
	// the one error; the corporate rules derived from that list add none.
	m[Project+":hub"] = `{"cidr":"10.0.0.0/22","endpoints":["sts","logs"]}`
	_, err = FromGetter("s", get(m))
	require.Error(t, err)
	assert.Equal(t, []string{Project + ":hub.endpoints"}, Keys(err))
	assert.Contains(t, err.Error(), "sagemaker.api")
}

// TestHubEndpointsNeedTheApiAndStudioEndpoints: the presigned-URL statements admit the API and
// the studio endpoint; a hub without either is refused, naming the one to add.
func TestHubEndpointsNeedTheApiAndStudioEndpoints(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ endpoints, add string }{
		{`["sagemaker.api","sagemaker.runtime","sts","logs"]`, `add "studio"`},
		{`["studio","sagemaker.runtime","sts","logs"]`, `add "sagemaker.api"`},
	} {
		m := minimal()
		m[Project+":hub"] = `{"cidr":"10.0.0.0/22","endpoints":` + tc.endpoints + `}`
		_, err := FromGetter("s", get(m))
		require.Error(t, err, tc.endpoints)
		assert.Equal(t, []string{Project + ":hub.endpoints"}, Keys(err))
		assert.Contains(t, err.Error(), tc.add)
	}
	m := minimal()
	m[Project+":hub"] = `{"cidr":"10.0.0.0/22","endpoints":["sagemaker.api","studio","sagemaker.runtime","sts","logs"]}`
	_, err := FromGetter("s", get(m))
	assert.NoError(t, err)
}

// TestCorporateEndpointsNeedStudioForHumanAccess: every stack has domains and so a human access
// policy; the corporate network must be admitted to the studio endpoint, or people get presigned
// URLs they cannot open.
func TestCorporateEndpointsNeedStudioForHumanAccess(t *testing.T) {
	t.Parallel()
	m := withCorporate(`{"cidrs":["192.168.0.0/16"],"vpn":{"customerGatewayIp":"198.51.100.10"},"endpoints":["sagemaker.api"]}`)
	_, err := FromGetter("s", get(m))
	require.Error(t, err)
	assert.Equal(t, []string{Project + ":corporate.endpoints"}, Keys(err))
	assert.Contains(t, err.Error(), `["sagemaker.api"]`)
	assert.Contains(t, err.Error(), `includes "studio"`)

	m = withCorporate(`{"cidrs":["192.168.0.0/16"],"vpn":{"customerGatewayIp":"198.51.100.10"},"endpoints":["sagemaker.api","studio"]}`)
	_, err = FromGetter("s", get(m))
	assert.NoError(t, err)
}

// corporate.dns.inbound and .outbound decide the Resolver addresses: per AZ by default, two, or
// (inbound) none; the outbound endpoint exists only with forwarding.
func TestCorporateDnsAddresses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		dns     string
		in, out int
	}{
		{`{}`, 3, 0},
		{`{"inbound":"perAz"}`, 3, 0},
		{`{"inbound":"two"}`, 2, 0},
		{`{"inbound":"none"}`, 0, 0},
		{`{"forwardDomains":["corp.example.com"],"serverIps":["192.168.0.2"]}`, 3, 3},
		{`{"forwardDomains":["corp.example.com"],"serverIps":["192.168.0.2"],"inbound":"none","outbound":"two"}`, 0, 2},
	} {
		c, err := FromGetter("s", get(withCorporate(`{"cidrs":["192.168.0.0/16"],"vpn":{"customerGatewayIp":"198.51.100.10"},"dns":`+tc.dns+`}`)))
		require.NoError(t, err, tc.dns)
		assert.Equal(t, tc.in, c.Corporate.Dns.InboundIPs(3), tc.dns)
		assert.Equal(t, tc.out, c.Corporate.Dns.OutboundIPs(3), tc.dns)
	}
}
