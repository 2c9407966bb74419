package runtime

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	typeFwDomainList  = "aws:route53/resolverFirewallDomainList:ResolverFirewallDomainList"
	typeFwRuleGroup   = "aws:route53/resolverFirewallRuleGroup:ResolverFirewallRuleGroup"
	typeFwRule        = "aws:route53/resolverFirewallRule:ResolverFirewallRule"
	typeFwAssociation = "aws:route53/resolverFirewallRuleGroupAssociation:ResolverFirewallRuleGroupAssociation"
	typeFwConfig      = "aws:route53/resolverFirewallConfig:ResolverFirewallConfig"
	typeQueryLogCfg   = "aws:route53/resolverQueryLogConfig:ResolverQueryLogConfig"
	typeQueryLogAssoc = "aws:route53/resolverQueryLogConfigAssociation:ResolverQueryLogConfigAssociation"
)

func runDnsFirewall(t *testing.T, args *DnsFirewallArgs) (*recorder.Recording, error) {
	t.Helper()
	return componenttest.RunWithExplicitProvider(t, args.Region, func(ctx *pulumi.Context, p *aws.Provider) error {
		_, err := NewDnsFirewall(ctx, "dns", args, pulumi.Provider(p))
		return err
	})
}

// Adding an endpoint to the hub cannot forget its DNS name: for every key of the catalog, a
// firewall built for that endpoint allows the endpoint's private hosted zone and record names.
func TestDnsFirewallAllowListFollowsTheCatalog(t *testing.T) {
	t.Parallel()
	keys := network.CatalogKeys()
	require.NotEmpty(t, keys)
	for _, region := range []string{"us-east-1", "eu-central-1"} {
		all := DnsFirewallAllowedDomains(region, keys, nil)
		for _, k := range keys {
			e, _ := network.LookupEndpoint(k)
			assert.Contains(t, all, e.ZoneName(region), k)
			assert.Contains(t, all, e.RecordName(region), k)
		}
	}
	for _, k := range keys {
		t.Run(k, func(t *testing.T) {
			t.Parallel()
			rec, err := runDnsFirewall(t, &DnsFirewallArgs{Region: "eu-central-1", Endpoints: []string{k},
				VpcIds: map[string]pulumi.StringInput{"hub": pulumi.String("vpc-0123456789abcdef0")}})
			require.NoError(t, err)
			got := recorder.Strings(componenttest.FindOne(t, rec, typeFwDomainList, "dns-allowed").Input("domains"))
			e, _ := network.LookupEndpoint(k)
			assert.Contains(t, got, e.ZoneName("eu-central-1"))
			assert.Contains(t, got, e.RecordName("eu-central-1"))
			for _, other := range network.CatalogKeys() {
				if o, _ := network.LookupEndpoint(other); other != k {
					assert.NotContains(t, got, o.ZoneName("eu-central-1"), "endpoint %s is not built, so its name is not allowed", other)
				}
			}
		})
	}
}

func TestDnsFirewallAllowThenBlockAllFailClosedOnEveryVpc(t *testing.T) {
	t.Parallel()
	for _, protect := range []bool{false, true} {
		vpcs := map[string]pulumi.StringInput{"hub": pulumi.String("vpc-0aaaaaaaaaaaaaaa0"),
			"spoke-research": pulumi.String("vpc-0bbbbbbbbbbbbbbb0"), "spoke-genomics": pulumi.String("vpc-0ccccccccccccccc0")}
		rec, err := runDnsFirewall(t, &DnsFirewallArgs{Region: "us-east-1", VpcIds: vpcs, Protect: protect,
			ExtraAllowedDomains: []string{"corp.example.com", "*.corp.example.com"}, QueryLogRetentionDays: 90})
		require.NoError(t, err)
		componenttest.AssertChildrenInherit(t, rec, DnsFirewallType, "dns", 17)

		allowed := recorder.Strings(componenttest.FindOne(t, rec, typeFwDomainList, "dns-allowed").Input("domains"))
		for _, d := range append(DnsFirewallEndpointDomains("us-east-1", network.RequiredEndpointKeys()),
			"*.s3.us-east-1.amazonaws.com", "s3.us-east-1.amazonaws.com", "*.efs.us-east-1.amazonaws.com", "corp.example.com", "*.corp.example.com") {
			assert.Contains(t, allowed, d)
		}
		assert.NotContains(t, allowed, "*", "the allow-list never allows everything")
		assert.Equal(t, []string{"*"}, recorder.Strings(componenttest.FindOne(t, rec, typeFwDomainList, "dns-everything").Input("domains")))

		group := componenttest.FindOne(t, rec, typeFwRuleGroup, "dns-rules")
		allow := componenttest.FindOne(t, rec, typeFwRule, "dns-allow")
		block := componenttest.FindOne(t, rec, typeFwRule, "dns-block-all")
		assert.Equal(t, "ALLOW", componenttest.InputString(allow, "action"))
		assert.Equal(t, componenttest.FindOne(t, rec, typeFwDomainList, "dns-allowed").ID, componenttest.InputString(allow, "firewallDomainListId"))
		assert.Equal(t, "BLOCK", componenttest.InputString(block, "action"))
		assert.Equal(t, "NXDOMAIN", componenttest.InputString(block, "blockResponse"))
		assert.Equal(t, componenttest.FindOne(t, rec, typeFwDomainList, "dns-everything").ID, componenttest.InputString(block, "firewallDomainListId"))
		assert.Less(t, componenttest.InputNumber(allow, "priority"), componenttest.InputNumber(block, "priority"), "the allow-list is evaluated before the block-all rule")
		assert.Equal(t, group.ID, componenttest.InputString(allow, "firewallRuleGroupId"))
		assert.Equal(t, group.ID, componenttest.InputString(block, "firewallRuleGroupId"))

		logCfg := componenttest.FindOne(t, rec, typeQueryLogCfg, "dns-query-log-config")
		lg := componenttest.FindOne(t, rec, componenttest.TypeLogGroup, "dns-query-logs")
		assert.Equal(t, 90.0, componenttest.InputNumber(lg, "retentionInDays"))
		assert.Equal(t, componenttest.OutputString(componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "dns-query-logs-key"), "arn"), componenttest.InputString(lg, "kmsKeyId"))
		assert.Equal(t, componenttest.OutputString(lg, "arn"), componenttest.InputString(logCfg, "destinationArn"))

		for key, vpc := range map[string]string{"hub": "vpc-0aaaaaaaaaaaaaaa0", "spoke-research": "vpc-0bbbbbbbbbbbbbbb0", "spoke-genomics": "vpc-0ccccccccccccccc0"} {
			a := componenttest.FindOne(t, rec, typeFwAssociation, "dns-"+key)
			assert.Equal(t, vpc, componenttest.InputString(a, "vpcId"))
			assert.Equal(t, group.ID, componenttest.InputString(a, "firewallRuleGroupId"))
			wantMutation := map[bool]string{false: "DISABLED", true: "ENABLED"}[protect]
			assert.Equal(t, wantMutation, componenttest.InputString(a, "mutationProtection"))
			c := componenttest.FindOne(t, rec, typeFwConfig, "dns-"+key+"-config")
			assert.Equal(t, vpc, componenttest.InputString(c, "resourceId"))
			assert.Equal(t, "DISABLED", componenttest.InputString(c, "firewallFailOpen"), "fail closed")
			q := componenttest.FindOne(t, rec, typeQueryLogAssoc, "dns-"+key+"-query-log")
			assert.Equal(t, vpc, componenttest.InputString(q, "resourceId"))
			assert.Equal(t, logCfg.ID, componenttest.InputString(q, "resolverQueryLogConfigId"))
		}
		for _, r := range rec.Resources {
			if r.Custom && r.Type != componenttest.TypeAwsProvider {
				assert.Equal(t, protect, r.Protect, "%s %s", r.Type, r.Name)
				// Only the query logs and their key outlive a protected firewall.
				kept := protect && (r.Name == "dns-query-logs" || r.Name == "dns-query-logs-key")
				assert.Equal(t, kept, r.RetainOnDelete, "retainOnDelete %s %s", r.Type, r.Name)
			}
		}
	}
}

func TestDnsFirewallRejectsBadArgs(t *testing.T) {
	t.Parallel()
	vpcs := map[string]pulumi.StringInput{"hub": pulumi.String("vpc-0123456789abcdef0")}
	for _, tc := range []struct {
		name string
		args DnsFirewallArgs
		want []string
	}{
		{"allow everything", DnsFirewallArgs{Region: "us-east-1", VpcIds: vpcs, ExtraAllowedDomains: []string{"*"}}, []string{`ExtraAllowedDomains[0] = "*"`}},
		{"top-level wildcard", DnsFirewallArgs{Region: "us-east-1", VpcIds: vpcs, ExtraAllowedDomains: []string{"*.com"}}, []string{`ExtraAllowedDomains[0] = "*.com"`}},
		{"upper case", DnsFirewallArgs{Region: "us-east-1", VpcIds: vpcs, ExtraAllowedDomains: []string{"Corp.Example.com"}}, []string{"ExtraAllowedDomains[0]"}},
		{"duplicate", DnsFirewallArgs{Region: "us-east-1", VpcIds: vpcs, ExtraAllowedDomains: []string{"a.example.com", "a.example.com"}}, []string{"ExtraAllowedDomains[1]", "each domain once"}},
		{"bad retention", DnsFirewallArgs{Region: "us-east-1", VpcIds: vpcs, QueryLogRetentionDays: 10}, []string{"QueryLogRetentionDays = 10"}},
		{"no VPCs", DnsFirewallArgs{Region: "us-east-1"}, []string{"VpcIds is not set"}},
		{"unknown endpoint", DnsFirewallArgs{Region: "us-east-1", VpcIds: vpcs, Endpoints: []string{"ec2"}}, []string{`Endpoints[0] = "ec2"`}},
		{"bad region", DnsFirewallArgs{Region: "mars", VpcIds: vpcs}, []string{`Region = "mars"`}},
		{"bad key", DnsFirewallArgs{Region: "us-east-1", VpcIds: map[string]pulumi.StringInput{"Hub!": pulumi.String("vpc-1")}}, []string{"VpcIds key"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
				_, err := NewDnsFirewall(ctx, "dns", &tc.args)
				return err
			})
			componenttest.AssertRejected(t, rec, err, append([]string{`DnsFirewall "dns"`}, tc.want...)...)
		})
	}
}

func TestDnsFirewallServiceDomains(t *testing.T) {
	t.Parallel()
	use1 := DnsFirewallServiceDomains("us-east-1")
	assert.Contains(t, use1, "s3.amazonaws.com", "the legacy global S3 name resolves to us-east-1")
	assert.Contains(t, use1, "*.ec2.internal")
	euc1 := DnsFirewallServiceDomains("eu-central-1")
	assert.NotContains(t, euc1, "s3.amazonaws.com", "the global S3 name would leave the region's gateway endpoint")
	assert.Contains(t, euc1, "*.s3.eu-central-1.amazonaws.com")
	assert.Contains(t, euc1, "*.eu-central-1.compute.internal")
	cn := DnsFirewallServiceDomains("cn-north-1")
	assert.Contains(t, cn, "*.s3.cn-north-1.amazonaws.com.cn")
	for _, d := range append(use1, euc1...) {
		assert.True(t, ValidDnsFirewallDomain(d), d)
	}
}
