package network

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
)

// RegionPattern is what the components accept as an AWS Region name.
var RegionPattern = core.RegionRe.String()

// ValidRegion reports whether s matches RegionPattern.
func ValidRegion(s string) bool { return core.RegionRe.MatchString(s) }

// ValidAvailabilityZone reports whether az is an availability zone name of region: the region
// followed by one lowercase letter ("us-east-1a").
func ValidAvailabilityZone(region, az string) bool {
	return len(az) == len(region)+1 && strings.HasPrefix(az, region) && az[len(az)-1] >= 'a' && az[len(az)-1] <= 'z'
}

// OrganizationIDPattern is an AWS Organizations id (EndpointHubArgs.OrganizationId).
var OrganizationIDPattern = netOrgIDRe.String()

// SpokeNamePattern is the spoke-name rule of the landing zone: lowercase letters, digits and
// '-', starting with a letter and not ending with '-'. Such a name of at most 63 characters is
// also a valid EndpointHubArgs.SpokeCidrs key (SpokeCidrKeyPattern).
const SpokeNamePattern = `^[a-z]([a-z0-9-]*[a-z0-9])?$`

// SpokeCidrKeyPattern is what EndpointHubArgs.SpokeCidrs keys may be (they name child resources).
var SpokeCidrKeyPattern = netSpokeNameRe.String()

var spokeNameRe = regexp.MustCompile(SpokeNamePattern)

// ValidSpokeName reports whether s matches SpokeNamePattern and is at most max characters long.
func ValidSpokeName(s string, max int) bool {
	return len(s) <= max && len(s) <= 63 && spokeNameRe.MatchString(s)
}

// spokeFlowLogRoleSuffix is the SpokeVpc's flow-log role name after the component name.
const spokeFlowLogRoleSuffix = "-flow-logs-role"

// MaxSpokeVpcNameLength is the longest SpokeVpc component name: its flow-log role is auto-named
// "<name>-flow-logs-role-<7 random hex>", which must fit IAM's 64 characters.
const MaxSpokeVpcNameLength = arg.IAMRoleNameMaxLength - arg.PulumiAutoNameSuffixLength - len(spokeFlowLogRoleSuffix)

// BucketNamePattern is what the components accept as an S3 bucket name (with no "..").
var BucketNamePattern = iampolicy.BucketNamePattern

// ValidBucketName reports whether b is an S3 bucket name the components accept.
func ValidBucketName(b string) bool {
	return core.BucketNameRe.MatchString(b) && !strings.Contains(b, "..")
}

// SageMakerAPIEndpointKey is the endpoint catalog key of the SageMaker API endpoint, which
// Guardrails needs (GuardrailsArgs.Hub.EndpointIds[SageMakerAPIEndpointKey]).
const SageMakerAPIEndpointKey = "sagemaker.api"

// StudioEndpointKey is the endpoint catalog key of the Studio endpoint (aws.sagemaker.R.studio).
// The Studio app's HTTPS and WebSocket requests arrive through it and are authorized as
// CreatePresignedDomainUrl (iampolicy.ActionCreatePresignedDomainUrl), so wherever a policy
// admits that action through the API endpoint it admits it through this one too: Guardrails and
// HumanAccessPolicy need both (PresignedUrlEndpointKeys).
const StudioEndpointKey = "studio"

// PresignedUrlEndpointKeys are the hub endpoints the presigned-URL statements name: the
// SageMaker API endpoint (the CreatePresignedDomainUrl call) and the Studio endpoint (the app's
// requests). Guardrails and HumanAccessPolicy require the hub to have both.
func PresignedUrlEndpointKeys() []string { return []string{SageMakerAPIEndpointKey, StudioEndpointKey} }

// Validate checks args as NewEndpointHub does and returns every problem (*ArgError).
func (a *EndpointHubArgs) Validate(name string) error {
	_, err := planEndpointHub(name, a)
	return err
}

// Validate checks args as NewSpokeVpc does and returns every problem (*ArgError).
func (a *SpokeVpcArgs) Validate(name string) error {
	_, err := planSpokeVpc(name, a)
	return err
}

// KMS, log group and ECR ARN patterns the Guardrails and StudioDomain accept.
var (
	KmsKeyArnPattern        = iampolicy.KmsKeyArnPattern
	LogGroupArnPattern      = iampolicy.LogGroupArnPattern
	EcrRepositoryArnPattern = iampolicy.EcrRepositoryArnPattern
)

// How spokes reach the hub (EndpointHubArgs.Connectivity, HubRef.Connectivity).
const (
	// ConnectivityTransitGateway attaches every spoke to the hub's Transit Gateway (the default):
	// transitive, so a spoke can also reach the corporate network (SpokeVpcArgs.CorporateCidrs).
	ConnectivityTransitGateway = "transitGateway"
	// ConnectivityPeering peers every spoke with the hub VPC (one VPC peering connection each, no
	// hourly charge). A peering is not transitive ("VPC peering limitations", Amazon VPC Peering
	// guide, https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations):
	// spokes reach the hub's endpoints only, never each other or the corporate network through the
	// hub. The hub keeps a Transit Gateway only for the corporate network (CorporateCidrs).
	ConnectivityPeering = "peering"
)

// Connectivities are the allowed connectivity values; "" means DefaultConnectivity.
func Connectivities() []string { return slices.Clone(connectivities) }

var connectivities = []string{ConnectivityTransitGateway, ConnectivityPeering}

// DefaultConnectivity is the connectivity when none is given.
const DefaultConnectivity = ConnectivityTransitGateway

// DefaultPeeringQuota is how many spokes a peering hub holds unless told otherwise: the default
// quota of active VPC peering connections per VPC (quota L-7E9ECCDB), 50; MaxPeeringQuota is
// what that quota can be raised to, 125 ("Amazon Virtual Private Cloud endpoints and quotas",
// https://docs.aws.amazon.com/general/latest/gr/vpc-service.html). In the peering design the hub
// VPC holds one peering per spoke. Raise the quota in Service Quotas first, then pass
// EndpointHubArgs.PeeringQuota.
const (
	DefaultPeeringQuota = 50
	MaxPeeringQuota     = 125
)

// CheckConnectivity reports a connectivity value other than "" or one of Connectivities.
func CheckConnectivity(v string) error {
	if v == "" || v == ConnectivityTransitGateway || v == ConnectivityPeering {
		return nil
	}
	return fmt.Errorf("%q: want one of %s (default %s)", v, strings.Join(connectivities, ", "), DefaultConnectivity)
}

// CheckPeeringQuota reports a peering quota outside 0 (DefaultPeeringQuota) to MaxPeeringQuota;
// the error says what is allowed (callers name the field and echo the value).
func CheckPeeringQuota(quota int) error {
	if quota < 0 || quota > MaxPeeringQuota {
		return fmt.Errorf("0 (default %d) up to %d, the most the active VPC peering connections per VPC quota can be raised to",
			DefaultPeeringQuota, MaxPeeringQuota)
	}
	return nil
}

// CheckPeeredSpokes reports more spokes than a peering hub holds under quota (0: DefaultPeeringQuota);
// nil for any other connectivity. The error says what is allowed.
func CheckPeeredSpokes(connectivity string, quota, spokes int) error {
	if connectivity != ConnectivityPeering {
		return nil
	}
	if quota == 0 {
		quota = DefaultPeeringQuota
	}
	if spokes > quota {
		return fmt.Errorf("at most %d spokes with peering: the hub VPC holds one active peering connection per spoke "+
			"(quota %d; raise it in Service Quotas, up to %d, and set PeeringQuota, hub.peeringQuota) — or use %s", quota, quota, MaxPeeringQuota,
			ConnectivityTransitGateway)
	}
	return nil
}

// How the hub's private hosted zones reach spoke VPCs in other accounts than the hub's
// (SpokeVpcArgs.DnsProfileId, config key hub.zoneSharing). One source of truth for the allowed
// values and the default.
const (
	// ZoneSharingAuthorization: per spoke and zone, a route53.VpcAssociationAuthorization in the
	// hub's account, then a route53.ZoneAssociation in the spoke's ("Associating an Amazon VPC and
	// a private hosted zone that you created with different AWS accounts", Route 53 Developer
	// Guide). No hourly charge (cost.Prices citation "route53-pricing").
	ZoneSharingAuthorization = "authorization"
	// ZoneSharingProfile: one Route 53 Profile in the hub's account holding the zones, shared
	// through AWS RAM (HubDnsProfile), and one route53.ProfilesAssociation per spoke VPC. Billed
	// per account and hour (cost.Prices ProfileAccountHour).
	ZoneSharingProfile = "profile"
	// DefaultZoneSharing is the default: authorizations cost nothing, a Profile association
	// costs $0.75 an hour per workload account (docs/multi-account.md).
	DefaultZoneSharing = ZoneSharingAuthorization
)

// ZoneSharingModes are the allowed zone-sharing values, the default first.
func ZoneSharingModes() []string { return slices.Clone(zoneSharingModes) }

var zoneSharingModes = []string{ZoneSharingAuthorization, ZoneSharingProfile}

// ValidZoneSharing reports whether s is one of ZoneSharingModes.
func ValidZoneSharing(s string) bool { return slices.Contains(zoneSharingModes, s) }

// ProfileMaxVPCs is how many VPCs one Route 53 Profile can be associated with by default
// (AssociateProfile, Route 53 API Reference,
// https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53profiles_AssociateProfile.html:
// "A VPC can have only one Profile associated with it, but a Profile can be associated with 1000
// of VPCs (and you can request a higher quota)").
const ProfileMaxVPCs = 1000

// ValidOrganizationID reports whether s is an AWS Organizations id (o-[a-z0-9]{10,32}), as the
// components' OrganizationId arguments accept.
func ValidOrganizationID(s string) bool { return netOrgIDRe.MatchString(s) }
