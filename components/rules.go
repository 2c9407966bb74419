package components

// The rules the components enforce — patterns, limits, defaults and the validators themselves —
// exported so that a program's configuration layer (this repository's package config) checks
// the very same rules instead of keeping copies that drift. The constructors run the same
// validators (Validate methods below) before they register anything.

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
)

// ArgError is one invalid argument of a component: which component, which field (as the
// component names it: "CidrBlock", "AvailabilityZones[1]", `SpokeCidrs["ml"]`,
// "Users[alice].Owner"), the bad value and what is allowed. Every validation problem a
// constructor or a Validate method reports is an *ArgError (use ArgErrors to list them), so a
// caller can map fields back to its own configuration keys.
type ArgError struct {
	Component string // "SpokeVpc"
	Name      string // the component's resource name
	Field     string
	Value     any  // the bad value; nil when Missing
	Missing   bool // the field is required and not set
	Allowed   string
}

func (e *ArgError) Error() string {
	if e.Missing {
		return fmt.Sprintf("%s %q: %s is not set: want %s", e.Component, e.Name, e.Field, e.Allowed)
	}
	return fmt.Sprintf("%s %q: %s = %#v: want %s", e.Component, e.Name, e.Field, e.Value, e.Allowed)
}

// ArgErrors returns the *ArgError values inside err (an errors.Join tree, possibly wrapped), in
// order, and the other errors it holds.
func ArgErrors(err error) (args []*ArgError, other []error) {
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if ae, ok := err.(*ArgError); ok {
			args = append(args, ae)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		if inner := errors.Unwrap(err); inner != nil {
			walk(inner)
			return
		}
		other = append(other, err)
	}
	walk(err)
	return args, other
}

// RegionPattern is what the components accept as an AWS Region name.
var RegionPattern = regionRe.String()

// ValidRegion reports whether s matches RegionPattern.
func ValidRegion(s string) bool { return regionRe.MatchString(s) }

// ValidAvailabilityZone reports whether az is an availability zone name of region: the region
// followed by one lowercase letter ("us-east-1a").
func ValidAvailabilityZone(region, az string) bool {
	return len(az) == len(region)+1 && strings.HasPrefix(az, region) && az[len(az)-1] >= 'a' && az[len(az)-1] <= 'z'
}

// DataSensitivities are the data-sensitivity tag values GuardrailsArgs.DataSensitivity accepts;
// DataSensitivityRegulated adds the isolation and encryption guards.
func DataSensitivities() []string { return slices.Clone(dataSensitivities) }

var dataSensitivities = []string{"public", "internal", "confidential", "regulated"}

// DataSensitivityRegulated is the data sensitivity that turns the regulated guards on.
const DataSensitivityRegulated = "regulated"

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

// IAM and Pulumi naming limits. IAM role names are at most 64 characters ("IAM and AWS STS
// quotas": "Role name: 64 characters"); Pulumi auto-names a role "<logical name>-<7 random hex>",
// so its logical name must leave room for those 8 characters.
const (
	IAMRoleNameMaxLength       = iamRoleNameMax
	PulumiAutoNameSuffixLength = pulumiAutoNameTail
)

// spokeFlowLogRoleSuffix is the SpokeVpc's flow-log role name after the component name.
const spokeFlowLogRoleSuffix = "-flow-logs-role"

// MaxSpokeVpcNameLength is the longest SpokeVpc component name: its flow-log role is auto-named
// "<name>-flow-logs-role-<7 random hex>", which must fit IAM's 64 characters.
const MaxSpokeVpcNameLength = IAMRoleNameMaxLength - PulumiAutoNameSuffixLength - len(spokeFlowLogRoleSuffix)

// guardrailsRoleSuffix is the shared execution role's name after the component name.
const guardrailsRoleSuffix = "-execution"

// MaxGuardrailsNameLength is the longest Guardrails component name: the shared role is
// auto-named "<name>-execution-<7 random hex>".
const MaxGuardrailsNameLength = IAMRoleNameMaxLength - PulumiAutoNameSuffixLength - len(guardrailsRoleSuffix)

// MaxExtraRoleKeyLength is the longest GuardrailsArgs.ExtraRoles key for a Guardrails named
// name: the role is auto-named "<name>-user-<key>-<7 random hex>".
func MaxExtraRoleKeyLength(name string) int {
	return IAMRoleNameMaxLength - PulumiAutoNameSuffixLength - len(name+"-user-")
}

// checkRoleName records a component name too long for the role auto-named "<name><suffix>-<random>".
func (p *problems) checkRoleName(name, suffix string) {
	if max := IAMRoleNameMaxLength - PulumiAutoNameSuffixLength - len(suffix); len(name) > max {
		p.bad("name", name, fmt.Sprintf("at most %d characters, so that the IAM role %q fits IAM's %d with Pulumi's %d-character suffix",
			max, name+suffix+"-xxxxxxx", IAMRoleNameMaxLength, PulumiAutoNameSuffixLength))
	}
}

// BucketNamePattern is what the components accept as an S3 bucket name (with no "..").
var BucketNamePattern = iampolicy.BucketNamePattern

// ValidBucketName reports whether b is an S3 bucket name the components accept.
func ValidBucketName(b string) bool {
	return bucketNameRe.MatchString(b) && !strings.Contains(b, "..")
}

// StudioS3PathPattern is what StudioDomainArgs.SharingS3OutputPath accepts.
var StudioS3PathPattern = studioS3PathRe.String()

// TagValuePattern is an AWS tag value (Tag.Value: ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$, at most 256
// characters), non-empty.
var TagValuePattern = budgetTagValueRe.String()

// ValidTagValue reports whether s is a non-empty AWS tag value (TagValuePattern).
func ValidTagValue(s string) bool { return budgetTagValueRe.MatchString(s) }


// Budget limits (NetworkBudgetArgs).
const (
	BudgetMaxEmails     = budgetMaxEmails
	BudgetMaxThresholds = budgetMaxNotifications - 1 // one notification is the 100% forecast
	BudgetMaxPercent    = budgetMaxThreshold
	BudgetNameMaxLength = budgetNameMaxLength
)

// DefaultBudgetName is NetworkBudgetArgs.BudgetName's default: "<project>-<stack>-<name>".
func DefaultBudgetName(project, stack, name string) string {
	return project + "-" + stack + "-" + name
}

// StudioIPsPerUser is how many addresses SageMaker Studio needs per user in a domain's subnets
// (SageMaker developer guide, "Connect Studio in a VPC to external resources": "2-4 IPs per
// user"); plan subnets for the upper bound.
const StudioIPsPerUser = 4

// StudioMaxSubnets is the most subnets a StudioDomain takes (terraform-provider-aws
// aws_sagemaker_domain subnet_ids MaxItems 16).
const StudioMaxSubnets = studioMaxSubnets

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

// Validate checks args as NewStudioSecurityGroups does and returns every problem (*ArgError).
func (a *StudioSecurityGroupsArgs) Validate(name string) error {
	return validateStudioSecurityGroups(name, a)
}

// Validate checks args (and opts) as NewStudioDomain does and returns every problem (*ArgError).
func (a *StudioDomainArgs) Validate(name string, opts ...pulumi.ResourceOption) error {
	return validateStudioDomain(name, a, opts)
}

// Validate checks args as NewNetworkBudget does, budgetName standing for the BudgetName default
// (DefaultBudgetName) when args.BudgetName is empty, and returns every problem (*ArgError).
func (a *NetworkBudgetArgs) Validate(name, budgetName string) error {
	if a == nil {
		p := newProblems("NetworkBudget", name)
		p.missing("args", "a *NetworkBudgetArgs with MonthlyLimitUsd and Emails set")
		return p.err()
	}
	if a.BudgetName != "" {
		budgetName = a.BudgetName
	}
	thresholds := a.ThresholdsPercent
	if len(thresholds) == 0 {
		thresholds = defaultBudgetThresholdsPercent
	}
	return validateNetworkBudget(name, a, budgetName, thresholds)
}

// Validate checks args as NewGuardrails does — fields, and whether the deny guard for the
// capacities and the execution roles' permissions fit IAM's and Organizations' document limits —
// and returns every problem (*ArgError).
func (a *GuardrailsArgs) Validate(name string) error {
	if err := validateGuardrails(name, a); err != nil {
		return err
	}
	p := newProblems("Guardrails", name)
	regulated := a.DataSensitivity == guardrailsRegulated
	maxSubnets := guardrailsCapacity(a.MaxSubnetIds, a.SpokeSubnetIds, DefaultMaxSubnetIds)
	maxSGs := guardrailsCapacity(a.MaxSecurityGroupIds, a.SecurityGroupIds, DefaultMaxSecurityGroupIds)
	capacity := iampolicy.WorstCaseSpec(maxSubnets, maxSGs, 1, regulated, a.DenyNotebookRootAccess)
	// The same layouts NewGuardrails computes: the managed guard, and the SCP form (which keeps the
	// presigned-URL statement and carries the exemptions).
	if _, _, err := iampolicy.GuardLayout(capacity, iampolicy.ManagedPolicyLimit); err != nil {
		p.bad("MaxSubnetIds", maxSubnets, fmt.Sprintf("capacities (with MaxSecurityGroupIds = %d) whose ID lists fit one managed policy statement: %v",
			maxSGs, err))
	}
	scpCapacity := capacity
	scpCapacity.DenyPresignedUrlOutsideApi = true
	if _, _, err := iampolicy.ServiceControlLayout(scpCapacity, a.ScpExemptPrincipalArns, iampolicy.SCPLimit); err != nil {
		p.bad("MaxSubnetIds", maxSubnets, fmt.Sprintf("capacities (with MaxSecurityGroupIds = %d and %d ScpExemptPrincipalArns) whose lists fit one service control policy statement: %v",
			maxSGs, len(a.ScpExemptPrincipalArns), err))
	}
	stmts, err := iampolicy.StudioAccessPolicy(iampolicy.AccessSpec{Partition: iampolicy.PartitionOf(a.Region),
		BucketNames: a.BucketNames, KmsKeyArns: a.KmsKeyArns, LogGroupArns: a.LogGroupArns, EcrRepositoryArns: a.EcrRepositoryArns})
	if err == nil {
		_, _, err = iampolicy.SplitGroups(stmts, iampolicy.AccessGroups(), iampolicy.ManagedPolicyLimit)
	}
	if err != nil {
		p.bad("BucketNames", fmt.Sprintf("%d buckets", len(a.BucketNames)),
			fmt.Sprintf("fewer buckets and ARNs, so that each permission statement fits a managed policy: %v", err))
	}
	return p.err()
}

// checkAccessLists checks the resource lists of the execution roles' permissions with the
// patterns iampolicy.AccessSpec.Validate applies, naming each bad element.
func checkAccessLists(p *problems, a *GuardrailsArgs) {
	for _, l := range []struct {
		field string
		vals  []string
		re    *regexp.Regexp
		want  string
	}{
		{"BucketNames", a.BucketNames, bucketNameRe, "an S3 bucket name (3-63 characters: a-z, 0-9, '.', '-')"},
		{"KmsKeyArns", a.KmsKeyArns, kmsKeyArnRe, "a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/...)"},
		{"LogGroupArns", a.LogGroupArns, logGroupArnRe, "a log group ARN without a trailing :* (arn:aws:logs:<region>:<account>:log-group:<name>)"},
		{"EcrRepositoryArns", a.EcrRepositoryArns, ecrRepositoryArnRe, "an ECR repository ARN (arn:aws:ecr:<region>:<account>:repository/<name>)"},
	} {
		seen := map[string]bool{}
		for i, v := range l.vals {
			field := fmt.Sprintf("%s[%d]", l.field, i)
			if !l.re.MatchString(v) {
				p.bad(field, v, l.want)
			} else if seen[v] {
				p.bad(field, v, "each value once (it is listed twice)")
			}
			seen[v] = true
		}
	}
}

var (
	logGroupArnRe      = regexp.MustCompile(iampolicy.LogGroupArnPattern)
	ecrRepositoryArnRe = regexp.MustCompile(iampolicy.EcrRepositoryArnPattern)
)

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
