// Package config is the typed model of a landing-zone stack's configuration: what the stack YAML
// (Pulumi.<stack>.yaml) may hold, the defaults that fill what it leaves out, and the validation
// that runs before the first resource is registered.
//
// Every key lives in the project namespace ("sagemaker-landing-zone:<key>") except the region,
// which is the AWS provider's own "aws:region". Structured keys (hub, spokes, domains, ...) are
// objects in the YAML; the Pulumi engine hands them to the program as JSON, and Load decodes them
// strictly: an unknown field is an error that names it.
//
// Defaults are resolved up front by Resolve and are documented on each field; Pulumi.yaml declares
// the same defaults, and a test keeps the two in step.
package config

import (
	"slices"

	//DELETE
	"github.com/vpconly/sagemaker-landing-zone/components/finops"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/studio"
)

// Project is the Pulumi project name and the config namespace of every key but aws:region.
const Project = "sagemaker-landing-zone"

// Environments a stack may declare. "prod" protects what holds data (domains, their KMS keys).
func Environments() []string { return slices.Clone(environments) }

var environments = []string{"dev", "test", "staging", "prod"}

// DataSensitivities are the allowed values of the data-sensitivity tag: the values the
// Guardrails component accepts (security.DataSensitivities). "regulated" turns on the
// network-isolation and inter-container-encryption guards and isolation in job network configs.
func DataSensitivities() []string { return slices.Clone(dataSensitivities) }

var dataSensitivities = security.DataSensitivities()

// Tag keys the landing zone stamps on every taggable resource (through the AWS provider's default
// tags) and that the policy pack requires.
const (
	TagOwner           = "owner"
	TagCostCenter      = "cost-center"
	TagDataSensitivity = "data-sensitivity"
)

// Config is one stack's whole configuration, after defaults.
type Config struct {
	// Stack is the Pulumi stack name (from the engine, not from config).
	Stack string `json:"-"`
	// Region is "aws:region": the AWS Region of every resource. Required; the LandingZone
	// component of provider/ takes it from its region input, else from the consumer stack's
	// aws:region.
	Region string `json:"-" pulumi:"region,optional"`
	// Environment is "sagemaker-landing-zone:environment": one of Environments. Default "dev".
	// In "prod" the Studio domains and their KMS keys are protected.
	Environment string `json:"environment" pulumi:"environment,optional"`
	// Tags is "sagemaker-landing-zone:tags". Required.
	Tags Tags `json:"tags" pulumi:"tags"`
	// AvailabilityZones is "sagemaker-landing-zone:availabilityZones": the AZ names the hub and
	// spokes draw from, in order. Required, at least 2, each "<region><letter>".
	AvailabilityZones []string `json:"availabilityZones" pulumi:"availabilityZones,optional"`
	// OrganizationID is "sagemaker-landing-zone:organizationId": when set, endpoint policies admit
	// principals of this AWS Organization (aws:PrincipalOrgID) instead of only this account.
	// Default "" (account only). Pattern o-[a-z0-9]{10,32}.
	OrganizationID string `json:"organizationId" pulumi:"organizationId,optional"`
	// Hub is "sagemaker-landing-zone:hub". Required.
	Hub Hub `json:"hub" pulumi:"hub"`
	// Spokes is "sagemaker-landing-zone:spokes". Required, at least one.
	Spokes []Spoke `json:"spokes" pulumi:"spokes,optional"`
	// Domains is "sagemaker-landing-zone:domains": the SageMaker Studio domains, each in a spoke.
	// Required, at least one (the deny guard admits only the landing zone's Studio security groups).
	Domains []Domain `json:"domains" pulumi:"domains,optional"`
	// Guards is "sagemaker-landing-zone:guards". Default: all fields at their defaults.
	Guards Guards `json:"guards" pulumi:"guards"`
	// Budget is "sagemaker-landing-zone:budget": an AWS Budgets alert on network spend.
	// Default nil (no budget).
	Budget *Budget `json:"budget" pulumi:"budget,optional"`
	// Supply is "sagemaker-landing-zone:supply" (supply.go). Default nil (no supply path).
	Supply *Supply `json:"supply" pulumi:"supply,optional"`
	// Corporate is "sagemaker-landing-zone:corporate" (access.go). Default nil: no corporate path.
	Corporate *Corporate `json:"corporate" pulumi:"corporate,optional"`
	// HumanAccess is "sagemaker-landing-zone:humanAccess" (access.go). Default: all fields unset.
	HumanAccess HumanAccess `json:"humanAccess" pulumi:"humanAccess"`
	// Runtime is "sagemaker-landing-zone:runtime" (runtime.go). Default: all fields at their defaults.
	Runtime Runtime `json:"runtime" pulumi:"runtime"`
	// Accounts is "sagemaker-landing-zone:accounts" (accounts.go). Default none: one account.
	Accounts []Account `json:"accounts" pulumi:"accounts,optional"`
	// Organization is "sagemaker-landing-zone:organization" (organization.go): which accounts
	// entries administer AWS Organizations policies and IAM Identity Center. Default: unset (the
	// deploying account, in a stack without accounts).
	Organization Organization `json:"organization" pulumi:"organization"`
}

// Tags are the mandatory FinOps tags.
type Tags struct {
	// Owner is tags.owner: who answers for the resources (an email or team). Required; an AWS
	// tag value (arg.TagValuePattern).
	Owner string `json:"owner" pulumi:"owner,optional"`
	// CostCenter is tags.costCenter. Required; an AWS tag value (arg.TagValuePattern).
	CostCenter string `json:"costCenter" pulumi:"costCenter,optional"`
	// DataSensitivity is tags.dataSensitivity: one of DataSensitivities. Required.
	DataSensitivity string `json:"dataSensitivity" pulumi:"dataSensitivity,optional"`
}

// Map returns the tags under their AWS tag keys.
func (t Tags) Map() map[string]string {
	return map[string]string{TagOwner: t.Owner, TagCostCenter: t.CostCenter, TagDataSensitivity: t.DataSensitivity}
}

// Hub is the endpoint hub VPC.
type Hub struct {
	// CIDR is hub.cidr: the hub VPC's IPv4 CIDR, /16 to /28. Required.
	CIDR string `json:"cidr" pulumi:"cidr,optional"`
	// AZCount is hub.azCount: how many of availabilityZones the hub spans. Default: all of them.
	AZCount int `json:"azCount" pulumi:"azCount,optional"`
	// SubnetPrefixLength is hub.subnetPrefixLength: the prefix of each hub subnet.
	// Default: the smallest split of the VPC CIDR that fits azCount subnets.
	SubnetPrefixLength int `json:"subnetPrefixLength" pulumi:"subnetPrefixLength,optional"`
	// Endpoints is hub.endpoints: endpoint catalog keys. Default: DefaultEndpoints.
	Endpoints []string `json:"endpoints" pulumi:"endpoints,optional"`
	// Account is hub.account: the name of an accounts entry. Default "": the deploying account.
	Account string `json:"account" pulumi:"account,optional"`
	// Connectivity is hub.connectivity: how the spokes reach the hub, one of
	// network.Connectivities. "transitGateway" attaches every spoke to the hub's Transit
	// Gateway; "peering" peers every spoke with the hub VPC (no hourly charge; not transitive, so
	// no spoke may reach the corporate network, corporate.onPremisesSpokes). Default
	// network.DefaultConnectivity ("transitGateway").
	Connectivity string `json:"connectivity" pulumi:"connectivity,optional"`
	// PeeringQuota is hub.peeringQuota: with peering, the hub VPC's quota of active peering
	// connections, which bounds the spokes. Default 0: network.DefaultPeeringQuota (50); at
	// most network.MaxPeeringQuota (125), after raising the quota in Service Quotas.
	PeeringQuota int `json:"peeringQuota" pulumi:"peeringQuota,optional"`
	// ZoneSharing is hub.zoneSharing: how spokes in another account than the hub's get the hub's
	// private hosted zones, one of network.ZoneSharingModes: "authorization" (per zone, an
	// authorization in the hub's account and an association in the spoke's) or "profile" (one
	// Route 53 Profile shared through AWS RAM, one Profile association per spoke). Default
	// network.DefaultZoneSharing; "profile" only while a spoke is in another account than the
	// hub. docs/multi-account.md.
	ZoneSharing string `json:"zoneSharing" pulumi:"zoneSharing,optional"`
	// SharePrincipals is hub.sharePrincipals: organization or OU ARNs
	// (network.SharePrincipalPattern) the hub's AWS RAM shares (the Transit Gateway, the Route
	// 53 Profile) name instead of each workload account, so that accounts added to the OU later get
	// them without a change here. Needs organizationId, and each ARN of that organization (RAM
	// sharing with AWS Organizations on). Default none: each workload account is a principal.
	SharePrincipals []string `json:"sharePrincipals" pulumi:"sharePrincipals,optional"`
	// RamOrganizationSharing is hub.ramOrganizationSharing: whether AWS RAM sharing with AWS
	// Organizations is enabled in the organization (organizationId) the accounts belong to.
	// With it on, the hub's shares stay inside the organization and reach its accounts without an
	// invitation (no ResourceShareAccepter: there is nothing to accept), and sharePrincipals may
	// name the organization or OUs. With it off, organization and OU principals are refused and
	// every account principal gets an invitation that its own provider accepts ("Sharing your AWS
	// resources", AWS RAM User Guide,
	// https://docs.aws.amazon.com/ram/latest/userguide/getting-started-sharing.html#getting-started-sharing-orgs;
	// EnableSharingWithAwsOrganization, AWS RAM API Reference). Default false; true needs
	// organizationId.
	RamOrganizationSharing bool `json:"ramOrganizationSharing" pulumi:"ramOrganizationSharing,optional"`
	// AmazonSideAsn is hub.amazonSideAsn: the hub Transit Gateway's Amazon-side BGP ASN, a
	// private ASN (network.CheckAmazonSideAsn), different from corporate.vpn.bgpAsn and
	// corporate.directConnectGatewayAsn. Default 0: network.DefaultTransitGatewayAsn (64513,
	// not AWS's default 64512, which a Direct Connect gateway created without an ASN has too).
	AmazonSideAsn int64 `json:"amazonSideAsn" pulumi:"amazonSideAsn,optional"`
}

// TransitGatewayAsn resolves hub.amazonSideAsn's default.
func (c *Config) TransitGatewayAsn() int64 { return network.TransitGatewayAsn(c.Hub.AmazonSideAsn) }

// ZoneProfiles reports whether the spokes in other accounts than the hub's get the hub's zones
// through a Route 53 Profile (hub.zoneSharing: profile).
func (c *Config) ZoneProfiles() bool {
	return c.Hub.ZoneSharing == network.ZoneSharingProfile && c.CrossAccount()
}

// Peering reports whether the spokes peer with the hub (hub.connectivity "peering").
func (c *Config) Peering() bool { return c.Hub.Connectivity == network.ConnectivityPeering }

// DefaultEndpoints is the interface endpoint set a hub gets when hub.endpoints is not set: the
// EndpointHub's own default, the catalog's required endpoints (network.RequiredEndpointKeys:
// what Studio in VpcOnly mode needs plus logs and STS for SageMaker SDK jobs), sorted.
func DefaultEndpoints() []string { return slices.Clone(defaultEndpoints) }

var defaultEndpoints = network.RequiredEndpointKeys()

// Spoke is one workload VPC.
type Spoke struct {
	// Name is spokes[].name: unique; network.SpokeNamePattern, at most MaxSpokeNameLength
	// characters. Required.
	Name string `json:"name" pulumi:"name,optional"`
	// CIDR is spokes[].cidr: must not overlap the hub or another spoke. Required.
	CIDR string `json:"cidr" pulumi:"cidr,optional"`
	// AZCount is spokes[].azCount. Default: all availabilityZones.
	AZCount int `json:"azCount" pulumi:"azCount,optional"`
	// SubnetPrefixLength is spokes[].subnetPrefixLength. Default: as for the hub.
	SubnetPrefixLength int `json:"subnetPrefixLength" pulumi:"subnetPrefixLength,optional"`
	// S3Buckets is spokes[].s3Buckets: bucket names the S3 gateway endpoint policy and the
	// execution role allow. Default none.
	S3Buckets []string `json:"s3Buckets" pulumi:"s3Buckets,optional"`
	// FlowLogRetentionDays is spokes[].flowLogRetentionDays. Default 365.
	FlowLogRetentionDays int `json:"flowLogRetentionDays" pulumi:"flowLogRetentionDays,optional"`
	// Account is spokes[].account: the name of an accounts entry. Default "": the deploying account.
	Account string `json:"account" pulumi:"account,optional"`
}

// DefaultFlowLogRetentionDays is the flow-log retention when a spoke does not set one: the
// SpokeVpc component's default.
const DefaultFlowLogRetentionDays = network.DefaultFlowLogRetentionDays

// Domain is one SageMaker Studio domain, always VpcOnly.
type Domain struct {
	// Name is domains[].name: the SageMaker domain name. Required, unique;
	// arg.ValidSageMakerName (the pattern and at most 63 characters).
	Name string `json:"name" pulumi:"name,optional"`
	// Spoke is domains[].spoke: the name of the spoke whose subnets it uses. Required.
	Spoke string `json:"spoke" pulumi:"spoke,optional"`
	// AuthMode is domains[].authMode: "IAM" or "SSO". Default "IAM".
	AuthMode string `json:"authMode" pulumi:"authMode,optional"`
	// PerUserSecurityGroups is domains[].perUserSecurityGroups: give every user a security
	// group of their own (AWS's advice, so users cannot reach each other's apps). Default true.
	PerUserSecurityGroups *bool `json:"perUserSecurityGroups" pulumi:"perUserSecurityGroups,optional"`
	// SharingS3OutputPath is domains[].sharingS3OutputPath: where notebook sharing writes; with
	// SharingKmsKeyArn it turns sharing on. Default "" (sharing disabled).
	SharingS3OutputPath string `json:"sharingS3OutputPath" pulumi:"sharingS3OutputPath,optional"`
	// SharingKmsKeyArn is domains[].sharingKmsKeyArn. Required with SharingS3OutputPath.
	SharingKmsKeyArn string `json:"sharingKmsKeyArn" pulumi:"sharingKmsKeyArn,optional"`
	// Users is domains[].users: the Studio user profiles. Default none.
	Users []User `json:"users" pulumi:"users,optional"`
}

// UsesPerUserSecurityGroups resolves PerUserSecurityGroups' default.
func (d Domain) UsesPerUserSecurityGroups() bool {
	return d.PerUserSecurityGroups == nil || *d.PerUserSecurityGroups
}

// User is one Studio user profile.
type User struct {
	// Name is users[].name: arg.ValidSageMakerName, unique in the domain; "<domain>-<name>"
	// is unique in the landing zone and, with OwnExecutionRole, fits the role name limit. Required.
	Name string `json:"name" pulumi:"name,optional"`
	// Owner is users[].owner: the user's owner tag (an email). Required; an AWS tag value.
	Owner string `json:"owner" pulumi:"owner,optional"`
	// OwnExecutionRole is users[].ownExecutionRole: give the user an execution role of their
	// own instead of the domain's. Default false.
	OwnExecutionRole bool `json:"ownExecutionRole" pulumi:"ownExecutionRole,optional"`
}

// Guards tune the IAM deny guards.
type Guards struct {
	// DenyNotebookRootAccess is guards.denyNotebookRootAccess. Default true.
	DenyNotebookRootAccess *bool `json:"denyNotebookRootAccess" pulumi:"denyNotebookRootAccess,optional"`
	// CreateServiceControlPolicy is guards.createServiceControlPolicy: also create the guard as
	// an AWS Organizations SCP (needs the management account). Default false.
	CreateServiceControlPolicy bool `json:"createServiceControlPolicy" pulumi:"createServiceControlPolicy,optional"`
	// KmsKeyArns, LogGroupArns and EcrRepositoryArns are what the execution roles may use beyond
	// the landing zone's own. Default none.
	KmsKeyArns        []string `json:"kmsKeyArns" pulumi:"kmsKeyArns,optional"`
	LogGroupArns      []string `json:"logGroupArns" pulumi:"logGroupArns,optional"`
	EcrRepositoryArns []string `json:"ecrRepositoryArns" pulumi:"ecrRepositoryArns,optional"`
	// ScpExemptPrincipalArns is guards.scpExemptPrincipalArns: aws:PrincipalArn patterns (IAM
	// role ARNs, wildcards where IAM allows them) that the service control policies exempt,
	// the role that runs `pulumi up` first of all. Default none. See config/guards.go.
	ScpExemptPrincipalArns []string `json:"scpExemptPrincipalArns" pulumi:"scpExemptPrincipalArns,optional"`
	// ScpTargetIds is guards.scpTargetIds: the roots, OUs or accounts the created SCPs are
	// attached to; only with CreateServiceControlPolicy. Default: see Config.ScpTargets.
	ScpTargetIds []string `json:"scpTargetIds" pulumi:"scpTargetIds,optional"`
}

// DeniesNotebookRootAccess resolves DenyNotebookRootAccess' default.
func (g Guards) DeniesNotebookRootAccess() bool {
	return g.DenyNotebookRootAccess == nil || *g.DenyNotebookRootAccess
}

// Budget is the network budget alert.
type Budget struct {
	// MonthlyLimitUsd is budget.monthlyLimitUsd. Required, > 0.
	MonthlyLimitUsd float64 `json:"monthlyLimitUsd" pulumi:"monthlyLimitUsd,optional"`
	// Emails is budget.emails: who is alerted. Required, 1 to finops.BudgetMaxEmails.
	Emails []string `json:"emails" pulumi:"emails,optional"`
	// ThresholdsPercent is budget.thresholdsPercent. Default [80, 100].
	ThresholdsPercent []float64 `json:"thresholdsPercent" pulumi:"thresholdsPercent,optional"`
}

// Protect reports whether stateful resources are protected (prod).
func (c *Config) Protect() bool { return c.Environment == "prod" }

// Regulated reports whether the stack handles regulated data.
func (c *Config) Regulated() bool { return c.Tags.DataSensitivity == "regulated" }

// HubAZs returns the AZs the hub spans.
func (c *Config) HubAZs() []string { return firstN(c.AvailabilityZones, c.Hub.AZCount) }

// SpokeAZs returns the AZs a spoke spans.
func (c *Config) SpokeAZs(s Spoke) []string { return firstN(c.AvailabilityZones, s.AZCount) }

// Spoke returns the spoke with the given name.
func (c *Config) Spoke(name string) (Spoke, bool) {
	for _, s := range c.Spokes {
		if s.Name == name {
			return s, true
		}
	}
	return Spoke{}, false
}

// DomainsIn returns the domains placed in a spoke.
func (c *Config) DomainsIn(spoke string) []Domain {
	var out []Domain
	for _, d := range c.Domains {
		if d.Spoke == spoke {
			out = append(out, d)
		}
	}
	return out
}

func firstN(s []string, n int) []string {
	if n <= 0 || n > len(s) {
		return append([]string(nil), s...)
	}
	return append([]string(nil), s[:n]...)
}

// Resolve fills in defaults. It is idempotent and runs after decoding, before validation.
func (c *Config) Resolve() {
	if c.Environment == "" {
		c.Environment = "dev"
	}
	if c.Hub.AZCount == 0 {
		c.Hub.AZCount = len(c.AvailabilityZones)
	}
	if len(c.Hub.Endpoints) == 0 {
		c.Hub.Endpoints = append([]string(nil), defaultEndpoints...)
	}
	if c.Hub.Connectivity == "" {
		c.Hub.Connectivity = network.DefaultConnectivity
	}
	if c.Hub.ZoneSharing == "" {
		c.Hub.ZoneSharing = network.DefaultZoneSharing
	}
	for i := range c.Spokes {
		s := &c.Spokes[i]
		if s.AZCount == 0 {
			s.AZCount = len(c.AvailabilityZones)
		}
		if s.FlowLogRetentionDays == 0 {
			s.FlowLogRetentionDays = DefaultFlowLogRetentionDays
		}
	}
	if len(c.Domains) == 0 {
		c.Domains = nil // [] and an absent key mean the same (and are refused)
	}
	for i := range c.Domains {
		if c.Domains[i].AuthMode == "" {
			c.Domains[i].AuthMode = studio.StudioAuthModeIAM
		}
	}
	if c.Budget != nil && len(c.Budget.ThresholdsPercent) == 0 {
		c.Budget.ThresholdsPercent = append([]float64(nil), finops.DefaultBudgetThresholdsPercent()...)
	}
	c.resolveSupply()
	c.resolveRuntime()
}
