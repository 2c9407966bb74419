package landingzone

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
)

// DnsProfileName is the HubDnsProfile component of a stack with hub.zoneSharing: profile.
const DnsProfileName = "dns-profile"

// shareTargets are the workload accounts other than the hub's, as ids, and their providers by
// id: what the hub's RAM shares (Transit Gateway, Route 53 Profile) are shared with.
func (lz *LandingZone) shareTargets() ([]string, map[string]pulumi.ProviderResource) {
	hub := lz.Config.HubAccount()
	var ids []string
	providers := map[string]pulumi.ProviderResource{}
	for _, key := range lz.Config.WorkloadAccounts() {
		if key == hub {
			continue
		}
		id := lz.accountIDPlain(key)
		ids = append(ids, id)
		providers[id] = lz.Providers[key]
	}
	return ids, providers
}

// buildDnsProfile puts the hub's private hosted zones into a Route 53 Profile in the hub's
// account and shares it through AWS RAM with every workload account other than the hub's
// (DnsProfileName), when a spoke is in another account and hub.zoneSharing is "profile". As
// for the Transit Gateway share, hub.ramOrganizationSharing keeps the share inside the
// organization without invitations; otherwise each account accepts the invitation with its own
// provider. The hub VPC and the
// spokes in the hub's account keep their direct zone associations.
func (lz *LandingZone) buildDnsProfile(ctx *pulumi.Context) error {
	cfg := lz.Config
	if !cfg.ZoneProfiles() {
		return nil
	}
	ids, providers := lz.shareTargets()
	var err error
	lz.DnsProfile, err = network.NewHubDnsProfile(ctx, DnsProfileName, &network.HubDnsProfileArgs{
		Region:             cfg.Region,
		ZoneIds:            lz.Hub.Ref().ZoneIds,
		AccountIds:         ids,
		WithinOrganization: cfg.RamWithinOrganization(),
		AccepterProviders:  providers,
		Principals:         cfg.Hub.SharePrincipals,
	}, lz.hubOpt())
	return err
}

// spokeDnsProfile makes a spoke in another account than the hub take the hub's zones through
// the Profile (one association, after the share reached its account) when there is one.
func (lz *LandingZone) spokeDnsProfile(acct string, args *network.SpokeVpcArgs) {
	if lz.DnsProfile == nil {
		return
	}
	args.DnsProfileId = lz.DnsProfile.ProfileId
	args.DnsProfileReady = lz.DnsProfile.Ready[lz.accountIDPlain(acct)]
}
