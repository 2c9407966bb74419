package network

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
)

// HubDnsProfileType is the Pulumi type token of HubDnsProfile.
const HubDnsProfileType = "vpconly:network:HubDnsProfile"

// ProfileNamePattern is what Route 53 Profiles accepts as the name of a Profile, a Profile
// association and a Profile resource association: letters, digits, '-', '_' and spaces, not only
// digits, at most 64 characters (AssociateProfile Name, Route 53 API Reference:
// ^(?!^[0-9]+$)([a-zA-Z0-9\-_' ']+)$, length 0-64). Go's regexp has no look-ahead: the "not only
// digits" part is validProfileName's second test.
const ProfileNamePattern = `^[a-zA-Z0-9_ -]{1,64}$`

var (
	profileNameRe   = regexp.MustCompile(ProfileNamePattern)
	profileDigitsRe = regexp.MustCompile(`^[0-9]+$`)
)

// validProfileName reports whether s is a Route 53 Profiles name (ProfileNamePattern, not only
// digits).
func validProfileName(s string) bool {
	return profileNameRe.MatchString(s) && !profileDigitsRe.MatchString(s)
}

// HubDnsProfileArgs configure a HubDnsProfile.
type HubDnsProfileArgs struct {
	// Region is the hub's AWS Region: it gives the partition of the zones' ARNs. Required.
	Region string `pulumi:"region,optional"`
	// ZoneIds are the hub's private hosted zones by endpoint catalog key
	// (EndpointHub.Ref().ZoneIds); each is added to the Profile. Required, at least one.
	ZoneIds map[string]pulumi.StringInput `pulumi:"zoneIds,optional"`
	// AccountIds are the workload accounts the Profile is shared with, each 12 digits, unique.
	// Required, at least one.
	AccountIds []string `pulumi:"accountIds,optional"`
	// WithinOrganization shares only inside the AWS Organization (AllowExternalPrincipals false),
	// without invitations; otherwise each account accepts an invitation with its
	// AccepterProviders entry. Same rules as HubShareArgs.WithinOrganization.
	WithinOrganization bool `pulumi:"withinOrganization,optional"`
	// AccepterProviders are the workload accounts' providers by account id; required for every
	// account id unless WithinOrganization.
	AccepterProviders map[string]pulumi.ProviderResource
	// Principals, when set, are organization or OU ARNs the share names instead of AccountIds.
	// Same rules as HubShareArgs.Principals.
	Principals []string `pulumi:"principals,optional"`
	// Tags are merged into the Profile's and the share's tags. Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// HubDnsProfile is a Route 53 Profile in the hub's account (the provider of the resource
// options) that holds the hub's private hosted zones, shared through AWS RAM with workload
// accounts: a spoke VPC of such an account gets every zone with one route53.ProfilesAssociation
// (SpokeVpcArgs.DnsProfileId) instead of one authorization and one association per zone
// ("Route 53 Profiles", Route 53 Developer Guide; Profiles are shared with RAM, "Unify DNS
// management using Amazon Route 53 Profiles with multiple VPCs and AWS accounts", AWS News Blog,
// 2024-04-22). A VPC can have only one Profile; a Profile up to ProfileMaxVPCs VPCs.
type HubDnsProfile struct {
	pulumi.ResourceState

	ProfileId  pulumi.StringOutput `pulumi:"profileId"`
	ProfileArn pulumi.StringOutput `pulumi:"profileArn"`
	// ResourceShareArn is the RAM share of the Profile.
	ResourceShareArn pulumi.StringOutput `pulumi:"resourceShareArn"`
	// Ready are, by account id, what a spoke's ProfilesAssociation in that account waits for
	// (SpokeVpcArgs.DnsProfileReady): the zones' resource associations (so the spoke resolves the
	// endpoint names once associated), the share's resource association, the account's principal
	// association and, outside an organization, its accepter.
	Ready map[string][]pulumi.Resource
}

// profileZoneName is the name of a zone's resource association: Profile names take no '.', so
// the catalog key's dots become '-'.
func profileZoneName(name, key string) string {
	return name + "-" + strings.ReplaceAll(key, ".", "-")
}

// Validate checks the arguments of the HubDnsProfile name without registering anything: nil, or
// the joined *arg.Error values, each naming the field, the value and what is allowed.
// NewHubDnsProfile calls it first.
func (args *HubDnsProfileArgs) Validate(name string) error {
	p := core.NewProblems("HubDnsProfile", name)
	if args == nil {
		p.Missing("args", "a *HubDnsProfileArgs with Region, ZoneIds and AccountIds")
		return p.Err()
	}
	if !validProfileName(name) {
		p.Bad("name", name, "a Route 53 Profile name: "+ProfileNamePattern+", not only digits")
	}
	if !ValidRegion(args.Region) {
		p.Bad("Region", args.Region, "an AWS Region such as us-east-1")
	}
	if len(args.ZoneIds) == 0 {
		p.Missing("ZoneIds", "at least one hub private hosted zone id by catalog key (EndpointHub.Ref().ZoneIds)")
	}
	checkHub(p, HubRef{ZoneIds: args.ZoneIds}, HubNeeds{zonesValid: true})
	seen := map[string]string{}
	for _, key := range core.SortedKeys(args.ZoneIds) {
		n := profileZoneName(name, key)
		field := fmt.Sprintf("ZoneIds[%q]", key)
		if other, dup := seen[n]; dup {
			p.Bad(field, key, fmt.Sprintf("a key whose resource association name %q differs from that of %q", n, other))
		} else if validProfileName(name) && !validProfileName(n) {
			p.Bad(field, key, fmt.Sprintf("a key that keeps the resource association name %q a Profile name (%s)", n, ProfileNamePattern))
		}
		seen[n] = key
	}
	checkShareAccounts(p, args.AccountIds, args.WithinOrganization, args.AccepterProviders, args.Principals)
	return p.Err()
}

// NewHubDnsProfile validates args and registers the Profile and its share. Children:
// "<name>-profile", "<name>-<zone key>" (one resource association per zone), "<name>-share",
// "<name>-profile-share", "<name>-<account id>" and "<name>-<account id>-accept": adding a zone
// or an account adds its children and renames nothing.
func NewHubDnsProfile(ctx *pulumi.Context, name string, args *HubDnsProfileArgs, opts ...pulumi.ResourceOption) (*HubDnsProfile, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	c := &HubDnsProfile{Ready: map[string][]pulumi.Resource{}}
	if err := ctx.RegisterComponentResource(HubDnsProfileType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	partition, _ := core.PartitionOf(args.Region)
	profile, err := route53.NewProfilesProfile(ctx, name+"-profile", &route53.ProfilesProfileArgs{
		Name: pulumi.String(name),
		Tags: core.NameTags(args.Tags, name+"-profile"),
	}, parent)
	if err != nil {
		return nil, err
	}
	var zones []pulumi.Resource
	for _, key := range core.SortedKeys(args.ZoneIds) {
		// A hosted zone's ARN has no Region or account: arn:<partition>:route53:::hostedzone/<id>
		// (Service Authorization Reference, Amazon Route 53, resource type "hostedzone").
		z, err := route53.NewProfilesResourceAssociation(ctx, name+"-"+key, &route53.ProfilesResourceAssociationArgs{
			Name:        pulumi.String(profileZoneName(name, key)),
			ProfileId:   profile.ID().ToStringOutput(),
			ResourceArn: pulumi.Sprintf("arn:%s:route53:::hostedzone/%s", partition, args.ZoneIds[key]),
		}, parent)
		if err != nil {
			return nil, err
		}
		zones = append(zones, z)
	}
	shared, err := ShareWithAccounts(ctx, name, "-profile-share", profile.Arn, args.AccountIds, args.Principals,
		args.WithinOrganization, args.AccepterProviders, args.Tags, zones, parent)
	if err != nil {
		return nil, err
	}
	c.Ready = shared.Ready
	share := shared.Share
	c.ProfileId = profile.ID().ToStringOutput()
	c.ProfileArn = profile.Arn
	c.ResourceShareArn = share.Arn
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"profileId": c.ProfileId, "profileArn": c.ProfileArn, "resourceShareArn": c.ResourceShareArn,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// profileAssociationSuffix is the spoke's Profile association name after the component name.
const profileAssociationSuffix = "-dns-profile"

// checkDnsProfile validates SpokeVpcArgs.DnsProfileId and DnsProfileReady.
func checkDnsProfile(p *core.Problems, name string, args *SpokeVpcArgs) {
	if args.DnsProfileId == nil {
		if len(args.DnsProfileReady) > 0 {
			p.Bad("DnsProfileReady", fmt.Sprintf("%d resources", len(args.DnsProfileReady)), "none unless DnsProfileId is set")
		}
		return
	}
	if core.UnsetInput(args.DnsProfileId) {
		p.Missing("DnsProfileId", "the Route 53 Profile id (HubDnsProfile.ProfileId), or nil for per-zone associations (a zero-value Output never resolves)")
	}
	if n := name + profileAssociationSuffix; !validProfileName(n) {
		p.Bad("name", name, fmt.Sprintf("a name that keeps the Profile association name %q a Route 53 Profiles name (%s)", n, ProfileNamePattern))
	}
}

// associateHubZones makes the spoke VPC resolve the hub's private hosted zones. With
// DnsProfileId: one route53.ProfilesAssociation ("<name>-dns-profile") in the spoke's account,
// after DnsProfileReady (the RAM share must have reached the account; there is no data
// dependency on it). Otherwise, per zone key, a route53.ZoneAssociation ("<name>-<key>-zone"),
// authorized first in the hub's account across accounts (authorizeZone).
func associateHubZones(ctx *pulumi.Context, name string, args *SpokeVpcArgs, vpcID pulumi.IDOutput,
	parent pulumi.ResourceOption) error {
	if args.DnsProfileId != nil {
		opts := []pulumi.ResourceOption{parent}
		if len(args.DnsProfileReady) > 0 {
			opts = append(opts, pulumi.DependsOn(args.DnsProfileReady))
		}
		_, err := route53.NewProfilesAssociation(ctx, name+profileAssociationSuffix, &route53.ProfilesAssociationArgs{
			Name:       pulumi.String(name + profileAssociationSuffix),
			ProfileId:  args.DnsProfileId,
			ResourceId: vpcID,
			Tags:       core.NameTags(args.Tags, name+profileAssociationSuffix),
		}, opts...)
		return err
	}
	for _, key := range core.SortedKeys(args.Hub.ZoneIds) {
		zoneID, err := authorizeZone(ctx, name+"-"+key+"-zone-auth", args, args.Hub.ZoneIds[key], vpcID, parent)
		if err != nil {
			return err
		}
		if _, err := route53.NewZoneAssociation(ctx, name+"-"+key+"-zone", &route53.ZoneAssociationArgs{
			ZoneId:    zoneID,
			VpcId:     vpcID,
			VpcRegion: pulumi.String(args.Region),
		}, parent); err != nil {
			return err
		}
	}
	return nil
}
