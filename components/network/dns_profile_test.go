package network

import (
	"slices"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	dnsWorkloadA = "222222222222"
	dnsWorkloadB = "444444444444"
)

// dnsProfileArgs shares the hub zones of netSpokeArgs with accounts, accepted by the providers
// given (none within the organization).
func dnsProfileArgs(accounts []string, within bool, accepters map[string]pulumi.ProviderResource) *HubDnsProfileArgs {
	return &HubDnsProfileArgs{
		Region: "us-east-1", ZoneIds: NetSpokeArgs(2).Hub.ZoneIds, AccountIds: accounts,
		WithinOrganization: within, AccepterProviders: accepters, Tags: map[string]string{"team": "net"},
	}
}

// runProfileAndSpoke registers a HubDnsProfile on the "network" provider shared with accounts
// (each with a provider "w-<id>") and, when spoke, a SpokeVpc "ml" in the first account that
// takes the Profile (across accounts: HubProvider set).
func runProfileAndSpoke(t *testing.T, accounts []string, within, spoke bool) (*recorder.Recording, error) {
	t.Helper()
	return componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		hubP, err := aws.NewProvider(ctx, "network", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
		if err != nil {
			return err
		}
		accepters := map[string]pulumi.ProviderResource{}
		for _, id := range accounts {
			p, err := aws.NewProvider(ctx, "w-"+id, &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
			if err != nil {
				return err
			}
			accepters[id] = p
		}
		prof, err := NewHubDnsProfile(ctx, "dns", dnsProfileArgs(accounts, within, accepters), pulumi.Provider(hubP))
		if err != nil || !spoke {
			return err
		}
		args := NetSpokeArgs(2)
		args.HubProvider = hubP
		args.DnsProfileId = prof.ProfileId
		args.DnsProfileReady = prof.Ready[accounts[0]]
		_, err = NewSpokeVpc(ctx, "ml", args, pulumi.Provider(accepters[accounts[0]]))
		return err
	})
}

// The Profile, its zones and the share are the hub's; the invitation's acceptance and the
// spoke's one Profile association are the workload account's, the association after the share,
// the principal association, the acceptance and the zones; no per-zone authorization or
// association is left.
func TestHubDnsProfileAcrossAccounts(t *testing.T) {
	t.Parallel()
	for _, within := range []bool{false, true} {
		t.Run(map[bool]string{false: "invitation", true: "within the organization"}[within], func(t *testing.T) {
			t.Parallel()
			rec, err := runProfileAndSpoke(t, []string{dnsWorkloadA}, within, true)
			require.NoError(t, err)
			network := componenttest.FindOne(t, rec, "pulumi:providers:aws", "network")
			workload := componenttest.FindOne(t, rec, "pulumi:providers:aws", "w-"+dnsWorkloadA)

			profile := componenttest.FindOne(t, rec, "aws:route53/profilesProfile:ProfilesProfile", "dns-profile")
			assert.True(t, onProvider(profile, network))
			assert.Equal(t, "dns", componenttest.InputString(profile, "name"))
			var zones []recorder.Resource
			for key, id := range map[string]string{"sagemaker.api": "ZAPI", "studio": "ZSTUDIO", "sts": "ZSTS"} {
				z := componenttest.FindOne(t, rec, "aws:route53/profilesResourceAssociation:ProfilesResourceAssociation", "dns-"+key)
				assert.True(t, onProvider(z, network), z.Name)
				assert.Equal(t, "arn:aws:route53:::hostedzone/"+id, componenttest.InputString(z, "resourceArn"))
				assert.Equal(t, profile.ID, componenttest.InputString(z, "profileId"))
				assert.True(t, ValidProfileName(componenttest.InputString(z, "name")), componenttest.InputString(z, "name"))
				zones = append(zones, z)
			}
			share := componenttest.FindOne(t, rec, "aws:ram/resourceShare:ResourceShare", "dns-share")
			assert.True(t, onProvider(share, network))
			assert.Equal(t, !within, share.Input("allowExternalPrincipals").BoolValue())
			shareAssoc := componenttest.FindOne(t, rec, "aws:ram/resourceAssociation:ResourceAssociation", "dns-profile-share")
			assert.True(t, onProvider(shareAssoc, network))
			assert.Equal(t, componenttest.OutputString(profile, "arn"), componenttest.InputString(shareAssoc, "resourceArn"))
			pa := componenttest.FindOne(t, rec, "aws:ram/principalAssociation:PrincipalAssociation", "dns-"+dnsWorkloadA)
			assert.True(t, onProvider(pa, network))
			assert.Equal(t, dnsWorkloadA, componenttest.InputString(pa, "principal"))

			assoc := componenttest.FindOne(t, rec, "aws:route53/profilesAssociation:ProfilesAssociation", "ml-dns-profile")
			assert.True(t, onProvider(assoc, workload), "the spoke's account associates its VPC")
			assert.Equal(t, profile.ID, componenttest.InputString(assoc, "profileId"))
			assert.Equal(t, componenttest.FindOne(t, rec, "aws:ec2/vpc:Vpc", "ml-vpc").ID, componenttest.InputString(assoc, "resourceId"))
			assert.Equal(t, "ml-dns-profile", componenttest.InputString(assoc, "name"))
			for _, r := range append([]recorder.Resource{shareAssoc, pa}, zones...) {
				assert.Contains(t, assoc.Dependencies, r.URN, "%s before the Profile association", r.Name)
			}
			accepters := rec.ByType("aws:ram/resourceShareAccepter:ResourceShareAccepter")
			if within {
				assert.Empty(t, accepters, "within the organization: no invitation")
			} else {
				require.Len(t, accepters, 1)
				acc := accepters[0]
				assert.True(t, onProvider(acc, workload), "the workload account accepts")
				assert.Contains(t, acc.Dependencies, pa.URN, "principal association before acceptance")
				assert.Contains(t, assoc.Dependencies, acc.URN, "acceptance before the Profile association")
			}
			assert.Empty(t, rec.ByType("aws:route53/zoneAssociation:ZoneAssociation"), "the Profile replaces per-zone associations")
			assert.Empty(t, rec.ByType("aws:route53/vpcAssociationAuthorization:VpcAssociationAuthorization"))
			assert.Len(t, rec.ByType("aws:route53/profilesAssociation:ProfilesAssociation"), 1, "a VPC has one Profile")
		})
	}
}

// Adding an account adds its principal association and acceptance and renames nothing.
func TestHubDnsProfileNamesAreStable(t *testing.T) {
	t.Parallel()
	one, err := runProfileAndSpoke(t, []string{dnsWorkloadA}, false, false)
	require.NoError(t, err)
	two, err := runProfileAndSpoke(t, []string{dnsWorkloadA, dnsWorkloadB}, false, false)
	require.NoError(t, err)
	urns := func(rec *recorder.Recording) []string {
		var out []string
		for _, r := range rec.Resources {
			out = append(out, r.URN)
		}
		return out
	}
	before, after := urns(one), urns(two)
	for _, u := range before {
		assert.Contains(t, after, u, "adding an account keeps %s", u)
	}
	var added []string
	for _, u := range after {
		if !slices.Contains(before, u) {
			added = append(added, u)
		}
	}
	assert.Len(t, added, 3, "the new account's provider, principal association and acceptance: %v", added)
	componenttest.FindOne(t, two, "aws:ram/resourceShareAccepter:ResourceShareAccepter", "dns-"+dnsWorkloadB+"-accept")
}

func TestHubDnsProfileArgsInvalid(t *testing.T) {
	t.Parallel()
	p := &aws.Provider{}
	acc := map[string]pulumi.ProviderResource{dnsWorkloadA: p}
	with := func(f func(a *HubDnsProfileArgs)) *HubDnsProfileArgs {
		a := dnsProfileArgs([]string{dnsWorkloadA}, false, acc)
		f(a)
		return a
	}
	for _, tc := range []struct {
		name, component string
		args            *HubDnsProfileArgs
		field           string
	}{
		{"nil", "dns", nil, "args"},
		{"name not a Profile name", "dns.profile", with(func(*HubDnsProfileArgs) {}), `name = "dns.profile"`},
		{"bad region", "dns", with(func(a *HubDnsProfileArgs) { a.Region = "virginia" }), `Region = "virginia"`},
		{"no zones", "dns", with(func(a *HubDnsProfileArgs) { a.ZoneIds = nil }), "ZoneIds is not set"},
		{"unknown zone key", "dns", with(func(a *HubDnsProfileArgs) {
			a.ZoneIds = map[string]pulumi.StringInput{"nope": pulumi.String("Z1")}
		}), `ZoneIds["nope"]`},
		{"unset zone id", "dns", with(func(a *HubDnsProfileArgs) {
			a.ZoneIds = map[string]pulumi.StringInput{"sts": pulumi.StringOutput{}}
		}), `ZoneIds["sts"]`},
		{"no account", "dns", with(func(a *HubDnsProfileArgs) { a.AccountIds = nil }), "AccountIds"},
		{"bad id", "dns", with(func(a *HubDnsProfileArgs) { a.AccountIds = []string{"2222"} }), `AccountIds[0] = "2222"`},
		{"duplicate", "dns", with(func(a *HubDnsProfileArgs) { a.AccountIds = []string{dnsWorkloadA, dnsWorkloadA} }), "AccountIds[1]"},
		{"no accepter outside an organization", "dns", with(func(a *HubDnsProfileArgs) { a.AccepterProviders = nil }),
			`AccepterProviders["222222222222"]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := ValidateHubDnsProfileArgs(tc.component, tc.args)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.field)
			rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
				_, err := NewHubDnsProfile(ctx, tc.component, tc.args)
				return err
			})
			componenttest.AssertRejected(t, rec, err, tc.field)
		})
	}
	assert.NoError(t, ValidateHubDnsProfileArgs("dns", dnsProfileArgs([]string{dnsWorkloadA}, false, acc)))
	assert.NoError(t, ValidateHubDnsProfileArgs("dns", dnsProfileArgs([]string{dnsWorkloadA, dnsWorkloadB}, true, nil)),
		"within the organization no accepter is needed")
}

func TestValidProfileName(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{"dns": true, "spoke-ml-dns-profile": true, "a_b c": true, "123": false,
		"a.b": false, "": false, string(make([]byte, 65)): false} {
		assert.Equal(t, want, ValidProfileName(s), "%q", s)
	}
}

// A spoke with DnsProfileId in its own account: one Profile association, on its provider, no
// per-zone associations; DnsProfileId must resolve, DnsProfileReady needs DnsProfileId.
func TestSpokeVpcDnsProfile(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		set  func(a *SpokeVpcArgs)
		want string // "" when valid
	}{
		{"profile", func(a *SpokeVpcArgs) { a.DnsProfileId = pulumi.String("rp-0123456789abcdef") }, ""},
		{"unset profile id", func(a *SpokeVpcArgs) { a.DnsProfileId = pulumi.StringOutput{} }, "DnsProfileId is not set"},
		{"ready without profile", func(a *SpokeVpcArgs) { a.DnsProfileReady = []pulumi.Resource{&aws.Provider{}} }, "DnsProfileReady"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := NetSpokeArgs(2)
			tc.set(args)
			if tc.want != "" {
				assert.ErrorContains(t, args.Validate("ml"), tc.want)
				rec, err := NetRunSpoke(t, args)
				componenttest.AssertRejected(t, rec, err, tc.want)
				return
			}
			require.NoError(t, args.Validate("ml"))
			rec, err := NetRunSpoke(t, args)
			require.NoError(t, err)
			assoc := componenttest.FindOne(t, rec, "aws:route53/profilesAssociation:ProfilesAssociation", "ml-dns-profile")
			assert.Equal(t, "rp-0123456789abcdef", componenttest.InputString(assoc, "profileId"))
			assert.Equal(t, "ml", componenttest.InputString(assoc, "tags.team"))
			assert.Empty(t, rec.ByType("aws:route53/zoneAssociation:ZoneAssociation"))
		})
	}
}
