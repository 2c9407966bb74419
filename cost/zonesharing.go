package cost

// How spokes in other accounts than the hub's get the hub's private hosted zones
// (hub.zoneSharing): per-zone association authorizations, or one Route 53 Profile shared through
// AWS RAM. The estimate prices the chosen way and shows the other as an alternative, whenever a
// spoke is in another account than the hub (Inputs.CrossAccountVPCs).

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Alternative keys of the zone-sharing choice: the one not chosen is shown.
const (
	// AltRoute53Profiles is the hub's zones through a Route 53 Profile, when the stack uses
	// authorizations.
	AltRoute53Profiles = "route53Profiles"
	// AltZoneAuthorizations is per-zone association authorizations, when the stack uses a Profile.
	AltZoneAuthorizations = "zoneAuthorizations"
)

// Route 53 Profiles prices (USD), from the Route 53 pricing page (ZoneSharingSources): each AWS
// account pays ProfileAccountHour per hour for up to ProfileAssociationsIncluded Profile-VPC
// associations in a Region, and ProfileAssociationHour per hour for each association beyond.
// Assumption: the stored transcription gives one price and no regional table, so it is taken
// for every priced region (Route 53's hosted zone price is global too); and the account that is
// billed is the one whose VPCs are associated (the workload account), not the Profile's owner
// (the page says "per AWS account", not which). Check the AWS page before relying on it.
const (
	ProfileAccountHour          = 0.75
	ProfileAssociationHour      = 0.0014
	ProfileAssociationsIncluded = 100
)

// ZoneSharingSources are the pages the zone-sharing figures come from.
var zoneSharingSources = []Source{
	{Key: "route53-pricing", URL: "https://aws.amazon.com/route53/pricing/",
		Notes: "Route 53 Profiles: $0.75 per hour per AWS account for up to 100 Profile-VPC associations, $0.0014 per " +
			"Profile-VPC association per hour beyond, per Region. The page lists no charge for associating a VPC with a " +
			"private hosted zone or for a VPC association authorization: the zone's monthly price is the whole cost (an " +
			"inference from what the page lists, not a statement of AWS)"},
	{Key: "route53-pricing-transcript", URL: "https://raw.githubusercontent.com/api-evangelist/amazon-route53-resolver/refs/heads/main/plans/amazon-route53-resolver-plans-pricing.yml",
		Notes: "verbatim transcription of https://aws.amazon.com/route53/pricing/ read 2026-09-20 (the AWS page renders " +
			"client-side): \"Route 53 Profiles: $0.75 per AWS account for up to 100 Profile-VPC associations\", " +
			"unit \"hour per account\", overage \"$0.0014 per Profile-VPC association per hour per AWS Region\""},
}

// validateZoneSharing checks CrossAccountVPCs and ZoneProfiles.
func (in Inputs) validateZoneSharing() []error {
	var errs []error
	for i, n := range in.CrossAccountVPCs {
		if n < 1 {
			errs = append(errs, fmt.Errorf("cost: CrossAccountVPCs[%d] is %d; each workload account listed has at least 1 spoke VPC", i, n))
		}
	}
	if in.ZoneProfiles && len(in.CrossAccountVPCs) == 0 {
		errs = append(errs, errors.New("cost: ZoneProfiles is set without CrossAccountVPCs; a Route 53 Profile is priced only for spokes in other accounts than the hub"))
	}
	return errs
}

// zoneSharingItems are the lines of the cross-account zone sharing: with profiles, the hourly
// charge of each workload account (and associations beyond the included ones); without, one
// free authorization per spoke VPC and hub zone. None in one account.
func zoneSharingItems(in Inputs, profiles bool) []Item {
	if len(in.CrossAccountVPCs) == 0 {
		return nil
	}
	vpcs, extra := 0, 0
	for _, n := range in.CrossAccountVPCs {
		vpcs += n
		extra += max(0, n-ProfileAssociationsIncluded)
	}
	if !profiles {
		return []Item{item(ServiceRoute53, "Route 53 zone association authorizations (spokes in other accounts; no charge)",
			"authorization", float64(vpcs*in.HostedZones), 0)}
	}
	return []Item{
		item(ServiceRoute53, fmt.Sprintf("Route 53 Profiles (each workload account, up to %d VPC associations)", ProfileAssociationsIncluded),
			"account-hour", float64(len(in.CrossAccountVPCs))*HoursPerMonth, ProfileAccountHour),
		item(ServiceRoute53, fmt.Sprintf("Route 53 Profile associations beyond %d per account", ProfileAssociationsIncluded),
			"association-hour", float64(extra)*HoursPerMonth, ProfileAssociationHour),
	}
}

// zoneSharingAlternative is the hub design with the other zone sharing: hub are the hub
// design's items, built with the chosen sharing.
func zoneSharingAlternative(est Estimate, hub []Item, in Inputs) (string, Alternative) {
	chosen := zoneSharingItems(in, in.ZoneProfiles)
	other := zoneSharingItems(in, !in.ZoneProfiles)
	var items []Item
	for _, it := range hub {
		if !containsItem(chosen, it) {
			items = append(items, it)
		}
	}
	items = join(items, other)
	key := AltRoute53Profiles
	if in.ZoneProfiles {
		key = AltZoneAuthorizations
	}
	vpcs := 0
	for _, n := range in.CrossAccountVPCs {
		vpcs += n
	}
	profileMonthly := total(join(zoneSharingItems(in, true)))
	desc := fmt.Sprintf("the hub's %d private hosted zones reach the %d spoke VPCs in %d other accounts than the hub's "+
		"through %s. Authorizations (hub.zoneSharing: authorization, the default): per spoke and zone one authorization in "+
		"the hub's account and one association in the spoke's (%d pairs here), no charge. Route 53 Profile (hub.zoneSharing: profile): one Profile holding the zones, shared through AWS RAM, one "+
		"association per spoke VPC (a VPC takes only one Profile, a Profile up to 1000 VPCs), $%.2f an hour per workload "+
		"account ($%.2f/month here); it wins on operations with many VPCs or when resolver rules and DNS Firewall rule "+
		"groups are shared the same way, not on cost.",
		in.HostedZones, vpcs, len(in.CrossAccountVPCs), map[bool]string{true: "per-zone authorizations instead of the stack's Route 53 Profile",
			false: "a Route 53 Profile instead of the stack's per-zone authorizations"}[in.ZoneProfiles],
		vpcs*in.HostedZones, ProfileAccountHour, profileMonthly)
	return key, alternative(est, fixed(hub), items, est.PerGBUSD, desc)
}

func containsItem(items []Item, it Item) bool {
	for _, x := range items {
		if x == it {
			return true
		}
	}
	return false
}

// zoneSharingSourceURLs are the zone-sharing sources for PriceSource, when a spoke is in another
// account than the hub.
func zoneSharingSourceURLs(in Inputs) string {
	if len(in.CrossAccountVPCs) == 0 {
		return ""
	}
	var urls []string
	for _, src := range zoneSharingSources {
		urls = append(urls, src.URL)
	}
	sort.Strings(urls)
	return "; zone sharing: " + strings.Join(urls, " ")
}

// zoneSharingAssumptions are the assumptions behind the Profile price, when it is priced.
func zoneSharingAssumptions(in Inputs) []string {
	if len(in.CrossAccountVPCs) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("Route 53 Profiles: $%g per hour per workload account (up to %d VPC associations) in every region, "+
		"billed to the account whose VPCs are associated", ProfileAccountHour, ProfileAssociationsIncluded)}
}
