package security

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	sgsHubCidr    = "10.0.0.0/22"
	sgsPrefixList = "pl-0s3s3s3s3"
)

func sgsArgs(users ...string) *StudioSecurityGroupsArgs {
	return &StudioSecurityGroupsArgs{
		VpcId:          pulumi.String("vpc-0123456789"),
		Hub:            network.HubRef{Cidr: sgsHubCidr},
		S3PrefixListId: pulumi.String(sgsPrefixList),
		UserNames:      users,
		Tags:           map[string]string{"team": "ml"},
	}
}

type sgsCapture struct {
	mu     sync.Mutex
	domain string
	users  map[string]string
	plain  map[string]string
}

func sgsRun(t *testing.T, args *StudioSecurityGroupsArgs, opts ...pulumi.ResourceOption) (*recorder.Recording, *sgsCapture, error) {
	t.Helper()
	got := &sgsCapture{plain: map[string]string{}}
	rec, err := componenttest.RunDev(t,
		func(ctx *pulumi.Context) error {
			c, err := NewStudioSecurityGroups(ctx, "studio-ds", args, opts...)
			if err != nil {
				return err
			}
			c.DomainSecurityGroupId.ApplyT(func(s string) string {
				got.mu.Lock()
				defer got.mu.Unlock()
				got.domain = s
				return s
			})
			c.UserSecurityGroupIds.ApplyT(func(m map[string]string) string {
				got.mu.Lock()
				defer got.mu.Unlock()
				got.users = m
				return ""
			})
			for u, o := range c.UserGroups {
				u := u
				o.ApplyT(func(s string) string {
					got.mu.Lock()
					defer got.mu.Unlock()
					got.plain[u] = s
					return s
				})
			}
			return nil
		})
	return rec, got, err
}

func sgsStr(v resource.PropertyValue) string {
	if v.IsString() {
		return v.StringValue()
	}
	if v.IsNumber() {
		return fmt.Sprint(v.NumberValue())
	}
	return ""
}

// TestStudioSecurityGroupsRules checks every group's rules exactly as the issue specifies them.
func TestStudioSecurityGroupsRules(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		users  []string
		groups []string
	}{
		{"domain only", nil, []string{"studio-ds-domain"}},
		{"domain and two users", []string{"alice", "bob"}, []string{"studio-ds-domain", "studio-ds-user-alice", "studio-ds-user-bob"}},
	}
	type rule struct{ typ, from, to, peer string }
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, _, err := sgsRun(t, sgsArgs(tc.users...))
			require.NoError(t, err)
			var names []string
			for _, g := range rec.ByType(componenttest.TypeSecurityGroup) {
				names = append(names, g.Name)
				assert.True(t, g.Input("ingress").IsNull() || len(g.Input("ingress").ArrayValue()) == 0, "%s has inline ingress", g.Name)
				assert.True(t, g.Input("egress").IsNull() || len(g.Input("egress").ArrayValue()) == 0, "%s has inline egress", g.Name)
				assert.Equal(t, "vpc-0123456789", sgsStr(g.Input("vpcId")))
			}
			assert.ElementsMatch(t, tc.groups, names)
			assert.Len(t, rec.ByType(componenttest.TypeIngressRule), 2*len(tc.groups))
			assert.Len(t, rec.ByType(componenttest.TypeEgressRule), 4*len(tc.groups))
			for _, gname := range tc.groups {
				g, ok := rec.Find(componenttest.TypeSecurityGroup, gname)
				require.True(t, ok)
				want := map[string]rule{
					gname + "-nfs-in":        {componenttest.TypeIngressRule, "2049", "2049", "self"},
					gname + "-apps-in":       {componenttest.TypeIngressRule, "8192", "65535", "self"},
					gname + "-nfs-out":       {componenttest.TypeEgressRule, "2049", "2049", "self"},
					gname + "-apps-out":      {componenttest.TypeEgressRule, "8192", "65535", "self"},
					gname + "-https-hub-out": {componenttest.TypeEgressRule, "443", "443", "cidr " + sgsHubCidr},
					gname + "-https-s3-out":  {componenttest.TypeEgressRule, "443", "443", "pl " + sgsPrefixList},
				}
				got := map[string]rule{}
				for _, r := range append(rec.ByType(componenttest.TypeIngressRule), rec.ByType(componenttest.TypeEgressRule)...) {
					if sgsStr(r.Input("securityGroupId")) != g.ID {
						continue
					}
					assert.Equal(t, "tcp", sgsStr(r.Input("ipProtocol")), r.Name)
					peer := ""
					switch {
					case sgsStr(r.Input("referencedSecurityGroupId")) == g.ID:
						peer = "self"
					case sgsStr(r.Input("referencedSecurityGroupId")) != "":
						peer = "other group " + sgsStr(r.Input("referencedSecurityGroupId"))
					case sgsStr(r.Input("cidrIpv4")) != "":
						peer = "cidr " + sgsStr(r.Input("cidrIpv4"))
					case sgsStr(r.Input("prefixListId")) != "":
						peer = "pl " + sgsStr(r.Input("prefixListId"))
					}
					got[r.Name] = rule{r.Type, sgsStr(r.Input("fromPort")), sgsStr(r.Input("toPort")), peer}
					assert.Equal(t, sgsComponent(rec).URN, r.Parent, r.Name)
				}
				assert.Equal(t, want, got, "rules of %s", gname)
			}
		})
	}
}

func sgsComponent(rec *recorder.Recording) recorder.Resource {
	r, _ := rec.Find(StudioSecurityGroupsType, "studio-ds")
	return r
}

// TestStudioSecurityGroupsNothingToTheInternet: no rule, inline or separate, to or from 0.0.0.0/0
// or ::/0, no IPv6 rule at all, no legacy aws:ec2/securityGroupRule, and no group references
// another group (users cannot reach each other's apps).
func TestStudioSecurityGroupsNothingToTheInternet(t *testing.T) {
	t.Parallel()
	rec, _, err := sgsRun(t, sgsArgs("alice", "bob", "carol"))
	require.NoError(t, err)
	assert.Empty(t, rec.ByType("aws:ec2/securityGroupRule:SecurityGroupRule"))
	for _, r := range rec.Resources {
		for _, path := range []string{"cidrIpv4", "cidrIpv6", "ingress", "egress"} {
			v := r.Input(path)
			s := fmt.Sprint(v)
			assert.NotContains(t, s, "0.0.0.0/0", "%s %s %s", r.Type, r.Name, path)
			assert.NotContains(t, s, "::/0", "%s %s %s", r.Type, r.Name, path)
			if path == "cidrIpv6" {
				assert.True(t, v.IsNull(), "%s %s has an IPv6 rule", r.Type, r.Name)
			}
		}
		if r.Type == componenttest.TypeIngressRule || r.Type == componenttest.TypeEgressRule {
			if ref := sgsStr(r.Input("referencedSecurityGroupId")); ref != "" {
				assert.Equal(t, sgsStr(r.Input("securityGroupId")), ref, "%s references another group", r.Name)
			}
		}
	}
}

func TestStudioSecurityGroupsOutputs(t *testing.T) {
	t.Parallel()
	rec, got, err := sgsRun(t, sgsArgs("alice", "bob"))
	require.NoError(t, err)
	got.mu.Lock()
	defer got.mu.Unlock()
	domain, _ := rec.Find(componenttest.TypeSecurityGroup, "studio-ds-domain")
	alice, _ := rec.Find(componenttest.TypeSecurityGroup, "studio-ds-user-alice")
	bob, _ := rec.Find(componenttest.TypeSecurityGroup, "studio-ds-user-bob")
	assert.True(t, strings.HasPrefix(domain.ID, "sg-"))
	assert.Equal(t, domain.ID, got.domain)
	assert.Equal(t, map[string]string{"alice": alice.ID, "bob": bob.ID}, got.users)
	assert.Equal(t, got.users, got.plain)
	assert.NotEqual(t, alice.ID, bob.ID)
	assert.Equal(t, "alice", sgsStr(alice.Input("tags.studio-user")))
	assert.Equal(t, "ml", sgsStr(alice.Input("tags.team")))
	assert.Equal(t, "studio-ds-user-alice", sgsStr(alice.Input("tags.Name")))
	rule, _ := rec.Find(componenttest.TypeEgressRule, "studio-ds-domain-https-hub-out")
	assert.Equal(t, "ml", sgsStr(rule.Input("tags.team")))
}

// TestStudioSecurityGroupsStableNames: adding a user adds that user's group and rules and renames
// nothing else.
func TestStudioSecurityGroupsStableNames(t *testing.T) {
	t.Parallel()
	names := func(users ...string) []string {
		rec, _, err := sgsRun(t, sgsArgs(users...))
		require.NoError(t, err)
		var out []string
		for _, r := range rec.Resources {
			out = append(out, r.Type+"::"+r.Name)
		}
		sort.Strings(out)
		return out
	}
	before := names("bob")
	after := names("alice", "bob")
	assert.Subset(t, after, before)
	assert.Len(t, after, len(before)+7, "one group and six rules for alice")
}

func TestStudioSecurityGroupsProviderAndParents(t *testing.T) {
	t.Parallel()
	for _, tc := range componenttest.ProviderOptions {
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunWithExplicitProvider(t, "eu-west-1", func(ctx *pulumi.Context, p *aws.Provider) error {
				_, err := NewStudioSecurityGroups(ctx, "studio-ds", sgsArgs("alice"), tc.Opt(p))
				return err
			})
			if !assert.NoError(t, err) {
				return
			}
			componenttest.AssertChildrenInherit(t, rec, StudioSecurityGroupsType, "studio-ds", 14)
		})
	}
}

func TestStudioSecurityGroupsValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		mutate func(a *StudioSecurityGroupsArgs)
		want   []string
	}{
		{"open hub CIDR", func(a *StudioSecurityGroupsArgs) { a.Hub.Cidr = "0.0.0.0/0" },
			[]string{`Hub.Cidr = "0.0.0.0/0": want the hub VPC's IPv4 CIDR`}},
		{"IPv6 hub CIDR", func(a *StudioSecurityGroupsArgs) { a.Hub.Cidr = "::/0" }, []string{`Hub.Cidr = "::/0"`}},
		{"garbage hub CIDR", func(a *StudioSecurityGroupsArgs) { a.Hub.Cidr = "10.0.0.0" }, []string{`Hub.Cidr = "10.0.0.0"`}},
		{"missing everything", func(a *StudioSecurityGroupsArgs) { a.VpcId, a.S3PrefixListId, a.Hub = nil, nil, network.HubRef{} },
			[]string{"VpcId is not set", "S3PrefixListId is not set", "Hub.Cidr is not set"}},
		{"bad literal IDs", func(a *StudioSecurityGroupsArgs) {
			a.VpcId, a.S3PrefixListId = pulumi.String("vpc_1"), pulumi.String("prefix")
		}, []string{`VpcId = "vpc_1"`, `S3PrefixListId = "prefix"`}},
		{"bad and duplicate users", func(a *StudioSecurityGroupsArgs) { a.UserNames = []string{"alice", "bad_name", "Alice"} },
			[]string{`UserNames[1] = "bad_name": want a SageMaker user profile name`,
				`UserNames[2] = "Alice": want a name not already listed (UserNames[0] has it`}},
		{"aws: tag", func(a *StudioSecurityGroupsArgs) { a.Tags = map[string]string{"aws:x": "y"} }, []string{`Tags key = "aws:x"`}},
		{"on-premises default route and duplicate", func(a *StudioSecurityGroupsArgs) {
			a.OnPremisesCidrs = []string{"0.0.0.0/0", "192.168.0.0/16", "192.168.0.0/16", "corp"}
		}, []string{`OnPremisesCidrs[0] = "0.0.0.0/0"`, `OnPremisesCidrs[2] = "192.168.0.0/16": want each CIDR once`, `OnPremisesCidrs[3] = "corp"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := sgsArgs("bob")
			tc.mutate(args)
			rec, _, err := sgsRun(t, args)
			componenttest.AssertRejected(t, rec, err, tc.want...)
		})
	}
	rec, err := recorder.Run(recorder.Options{}, func(ctx *pulumi.Context) error {
		_, err := NewStudioSecurityGroups(ctx, "x", nil)
		return err
	})
	assert.ErrorContains(t, err, "args is not set")
	assert.Empty(t, rec.Resources)
}

// TestOnPremisesEgressRules: a spoke that reaches on-premises data sources gets, on every Studio
// group and the job group, one HTTPS egress rule per corporate CIDR, and nothing more; without
// OnPremisesCidrs there is none.
func TestOnPremisesEgressRules(t *testing.T) {
	t.Parallel()
	cidrs := []string{"192.168.0.0/16", "172.16.0.0/12"}
	onprem := func(rec *recorder.Recording) map[string]string {
		out := map[string]string{}
		for _, r := range rec.ByType(componenttest.TypeEgressRule) {
			if strings.Contains(r.Name, "-onprem-") {
				out[r.Name] = sgsStr(r.Input("cidrIpv4")) + ":" + fmt.Sprint(r.Input("fromPort").NumberValue()) + "-" + fmt.Sprint(r.Input("toPort").NumberValue())
			}
		}
		return out
	}
	args := sgsArgs("alice")
	args.OnPremisesCidrs = cidrs
	rec, _, err := sgsRun(t, args)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"studio-ds-domain-onprem-https-out-192-168-0-0-16":     "192.168.0.0/16:443-443",
		"studio-ds-domain-onprem-https-out-172-16-0-0-12":      "172.16.0.0/12:443-443",
		"studio-ds-user-alice-onprem-https-out-192-168-0-0-16": "192.168.0.0/16:443-443",
		"studio-ds-user-alice-onprem-https-out-172-16-0-0-12":  "172.16.0.0/12:443-443",
	}, onprem(rec))
	rec, _, err = sgsRun(t, sgsArgs("alice"))
	require.NoError(t, err)
	assert.Empty(t, onprem(rec))

	jargs := jobArgs()
	jargs.OnPremisesCidrs = cidrs[:1]
	jrec, err := jobRun(t, jargs)
	require.NoError(t, err)
	got := onprem(jrec)
	require.Len(t, got, 1)
	for name, v := range got {
		assert.True(t, strings.HasSuffix(name, "-onprem-https-out-192-168-0-0-16"), name)
		assert.Equal(t, "192.168.0.0/16:443-443", v)
	}
	jrec, err = jobRun(t, jobArgs())
	require.NoError(t, err)
	assert.Empty(t, onprem(jrec))
	jargs.OnPremisesCidrs = []string{"::/0"}
	_, err = jobRun(t, jargs)
	assert.ErrorContains(t, err, `OnPremisesCidrs[0] = "::/0"`)
}
