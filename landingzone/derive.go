package landingzone

import (
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/finops"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/runtime"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/studio"
	"github.com/vpconly/sagemaker-landing-zone/components/supply"
	"github.com/vpconly/sagemaker-landing-zone/config"
)

// The derivation from configuration to component arguments, written once. Build passes the
// outputs it wires between components; Validate passes placeholders for them (known only at
// deployment) and runs each component's own validator on the result, so a configuration that
// validates never fails inside a component, and a change here changes both.

// hubArgs are the EndpointHub's arguments; account is the hub account's id.
func hubArgs(cfg *config.Config, account pulumi.StringInput) *network.EndpointHubArgs {
	spokeCidrs := map[string]string{}
	for _, s := range cfg.Spokes {
		spokeCidrs[s.Name] = s.CIDR
	}
	return &network.EndpointHubArgs{
		Region:             cfg.Region,
		CidrBlock:          cfg.Hub.CIDR,
		AvailabilityZones:  cfg.HubAZs(),
		SubnetPrefixLength: cfg.Hub.SubnetPrefixLength,
		Endpoints:          cfg.Hub.Endpoints,
		SpokeCidrs:         spokeCidrs,
		// The hub's own account, as the hub provider's credentials would answer: not the
		// deploying account's, which may be an account outside the landing zone (a CI account
		// with no accounts entry) that the endpoint policies must not admit.
		AccountId:          account,
		OrganizationId:     cfg.OrganizationID,
		CorporateCidrs:     hubCorporateCidrs(cfg),
		CorporateEndpoints: hubCorporateEndpoints(cfg),
		AdmittedAccountIds: admittedAccounts(cfg),
		Connectivity:       cfg.Hub.Connectivity,
		PeeringQuota:       cfg.Hub.PeeringQuota,
		AmazonSideAsn:      cfg.Hub.AmazonSideAsn,
	}
}

// spokeArgs are a SpokeVpc's arguments before the cross-account wiring (spokeCrossAccount).
func spokeArgs(cfg *config.Config, s config.Spoke, hub network.HubRef) *network.SpokeVpcArgs {
	return &network.SpokeVpcArgs{
		Region:               cfg.Region,
		CidrBlock:            s.CIDR,
		AvailabilityZones:    cfg.SpokeAZs(s),
		SubnetPrefixLength:   s.SubnetPrefixLength,
		Hub:                  hub,
		S3BucketNames:        s.S3Buckets,
		FlowLogRetentionDays: s.FlowLogRetentionDays,
		OrganizationId:       cfg.OrganizationID,
		RetainFlowLogs:       cfg.Protect(),
		CorporateCidrs:       spokeCorporateCidrs(cfg, s.Name),
	}
}

// perUserGroups lists the users of d that get their own security group: all of them with
// per-user groups, none otherwise.
func perUserGroups(d config.Domain) []string {
	if !d.UsesPerUserSecurityGroups() {
		return nil
	}
	var users []string
	for _, u := range d.Users {
		users = append(users, u.Name)
	}
	return users
}

// studioGroupArgs are a domain's StudioSecurityGroups arguments; vpcID and prefixList are its
// spoke's.
func studioGroupArgs(cfg *config.Config, d config.Domain, hub network.HubRef, vpcID, prefixList pulumi.StringInput) *security.StudioSecurityGroupsArgs {
	return &security.StudioSecurityGroupsArgs{
		VpcId:           vpcID,
		Hub:             hub,
		S3PrefixListId:  prefixList,
		UserNames:       perUserGroups(d),
		OnPremisesCidrs: cfg.Corporate.OnPremisesCidrs(d.Spoke),
	}
}

// guardScope is what one workload account's Guardrails covers: its spokes' subnets (how many is
// known from config: the guard's layout is exact), its buckets (sorted, each once: a bucket may
// serve several spokes) and its users' own execution roles.
type guardScope struct {
	subnetCount int
	buckets     []string
	ownRoles    []string
}

func guardScopeOf(cfg *config.Config, acct string) guardScope {
	in := func(spoke string) bool { return cfg.SpokeAccount(spoke) == acct }
	var g guardScope
	for _, s := range cfg.Spokes {
		if in(s.Name) {
			g.subnetCount += len(cfg.SpokeAZs(s))
			g.buckets = append(g.buckets, s.S3Buckets...)
		}
	}
	g.buckets = slices.Compact(slices.Sorted(slices.Values(g.buckets)))
	for _, d := range cfg.Domains {
		for _, u := range d.Users {
			if u.OwnExecutionRole && in(d.Spoke) {
				g.ownRoles = append(g.ownRoles, userKey(d.Name, u.Name))
			}
		}
	}
	return g
}

// guardGroupCount is how many security groups an account's guard names: each of its domains'
// groups (and users' with per-user groups) and each of its spokes' job group.
func guardGroupCount(cfg *config.Config, acct string) int {
	n := 0
	for _, s := range cfg.Spokes {
		if cfg.SpokeAccount(s.Name) == acct {
			n++
		}
	}
	for _, d := range cfg.Domains {
		if cfg.SpokeAccount(d.Spoke) == acct {
			n += 1 + len(perUserGroups(d))
		}
	}
	return n
}

// guardrailsArgs are one workload account's Guardrails arguments, before the supply policy and
// the SCP wiring Build adds.
func guardrailsArgs(cfg *config.Config, acct string, hub network.HubRef, subnets pulumi.StringArrayInput, groups pulumi.StringArray) *security.GuardrailsArgs {
	scope := guardScopeOf(cfg, acct)
	return &security.GuardrailsArgs{
		Region:                     cfg.Region,
		SpokeSubnetIds:             subnets,
		MaxSubnetIds:               scope.subnetCount,
		SecurityGroupIds:           groups,
		Hub:                        hub,
		DataSensitivity:            cfg.Tags.DataSensitivity,
		DenyNotebookRootAccess:     cfg.Guards.DeniesNotebookRootAccess(),
		BucketNames:                scope.buckets,
		KmsKeyArns:                 cfg.Guards.KmsKeyArns,
		LogGroupArns:               cfg.Guards.LogGroupArns,
		EcrRepositoryArns:          cfg.Guards.EcrRepositoryArns,
		ExtraRoles:                 scope.ownRoles,
		CreateServiceControlPolicy: cfg.Guards.CreateServiceControlPolicy && acct == cfg.ScpGuardrailsAccount(),
		ScpExemptPrincipalArns:     cfg.Guards.ScpExemptPrincipalArns,
	}
}

// domainWiring is what a StudioDomain takes from other components: its spoke's VPC and subnets,
// its groups, its account's execution roles, the supply and the job group.
type domainWiring struct {
	VpcId, SecurityGroupId, ExecutionRoleArn, JobSecurityGroupId pulumi.StringInput
	SubnetIds                                                    pulumi.StringArrayInput
	// UserGroup and UserRole give a user's own group (with per-user groups) and own execution
	// role (with ownExecutionRole).
	UserGroup func(user string) pulumi.StringInput
	UserRole  func(user string) pulumi.StringInput
	Supply    *supply.StudioSupply
}

// domainArgs are a StudioDomain's arguments.
func domainArgs(cfg *config.Config, d config.Domain, w domainWiring) *studio.StudioDomainArgs {
	var users []studio.StudioUser
	for _, u := range d.Users {
		su := studio.StudioUser{Name: u.Name, Owner: u.Owner}
		if d.UsesPerUserSecurityGroups() {
			su.SecurityGroupId = w.UserGroup(u.Name)
		}
		if u.OwnExecutionRole {
			su.ExecutionRoleArn = w.UserRole(u.Name)
		}
		users = append(users, su)
	}
	return &studio.StudioDomainArgs{
		DomainName:          d.Name,
		VpcId:               w.VpcId,
		SubnetIds:           w.SubnetIds,
		SecurityGroupId:     w.SecurityGroupId,
		ExecutionRoleArn:    w.ExecutionRoleArn,
		AuthMode:            d.AuthMode,
		Users:               users,
		Protect:             cfg.Protect(),
		SharingS3OutputPath: d.SharingS3OutputPath,
		SharingKmsKeyArn:    d.SharingKmsKeyArn,
		Regulated:           cfg.Regulated(),
		Supply:              w.Supply,
		JobSecurityGroupId:  w.JobSecurityGroupId,
		// Default tags reach the domain, but SageMaker creates resources (apps, spaces, EFS)
		// that only tag propagation tags: give the domain the cost tags explicitly too.
		Tags: cfg.Tags.Map(),
	}
}

// budgetArgs are the NetworkBudget's arguments; nil without the budget section.
func budgetArgs(cfg *config.Config, topicArn pulumi.StringInput) *finops.NetworkBudgetArgs {
	b := cfg.Budget
	if b == nil {
		return nil
	}
	return &finops.NetworkBudgetArgs{
		MonthlyLimitUsd:   b.MonthlyLimitUsd,
		Emails:            b.Emails,
		ThresholdsPercent: b.ThresholdsPercent,
		CostCenter:        cfg.Tags.CostCenter,
		SnsTopicArn:       topicArn,
	}
}

// blockPublicAccessArgs are an account's BlockPublicAccess arguments; nil when the control is
// off. Exclusions name VPCs and subnets by id: they are the hub account's.
func blockPublicAccessArgs(cfg *config.Config, acct string) *runtime.BlockPublicAccessArgs {
	if !cfg.Runtime.BlockPublicAccessEnabled() {
		return nil
	}
	args := &runtime.BlockPublicAccessArgs{Protect: cfg.Protect()}
	if acct == cfg.HubAccount() {
		args.Exclusions = cfg.Runtime.ComponentExclusions()
	}
	return args
}

// dnsFirewallArgs are an account's DnsFirewall arguments on its VPCs (by component name); nil
// when the control is off.
func dnsFirewallArgs(cfg *config.Config, vpcs map[string]pulumi.StringInput, account pulumi.StringInput) *runtime.DnsFirewallArgs {
	if !cfg.Runtime.DnsFirewallEnabled() {
		return nil
	}
	return &runtime.DnsFirewallArgs{
		Region:                cfg.Region,
		Endpoints:             cfg.Hub.Endpoints,
		VpcIds:                vpcs,
		ExtraAllowedDomains:   dnsFirewallExtraDomains(cfg),
		QueryLogRetentionDays: cfg.Runtime.DnsFirewall.QueryLogRetentionDays,
		AccountId:             account,
		Protect:               cfg.Protect(),
	}
}

// detectiveArgs are an account's DetectiveControls arguments; nil when the Config rules are off.
func detectiveArgs(cfg *config.Config, account pulumi.StringInput) *runtime.DetectiveControlsArgs {
	if !cfg.Runtime.ConfigRulesEnabled() {
		return nil
	}
	return &runtime.DetectiveControlsArgs{
		RecorderExists: cfg.Runtime.RecorderExists(),
		RuleNamePrefix: cfg.ConfigRuleNamePrefix(),
		Region:         cfg.Region,
		AccountId:      account,
		Protect:        cfg.Protect(),
	}
}

// organizationGuardrailsArgs are the OrganizationGuardrails' arguments (one per landing zone).
func organizationGuardrailsArgs(cfg *config.Config) *runtime.OrganizationGuardrailsArgs {
	return &runtime.OrganizationGuardrailsArgs{
		// One exemption list for every SCP the landing zone renders (guards.scpExemptPrincipalArns).
		ExemptPrincipalArns: cfg.Guards.ScpExemptPrincipalArns,
		Create:              cfg.Runtime.OrganizationGuardrails.Create,
		TargetIds:           cfg.OrganizationGuardrailTargets(), // default with accounts: the workload accounts
		Protect:             cfg.Protect(),
	}
}

// accountVpcs are the VPCs of an account the DNS Firewall covers, by component name: the hub in
// the hub's account, then the account's spokes. vpcID gives a spoke's VPC id ("" the hub's).
func accountVpcs(cfg *config.Config, acct string, vpcID func(spoke string) pulumi.StringInput) map[string]pulumi.StringInput {
	vpcs := map[string]pulumi.StringInput{}
	if acct == cfg.HubAccount() {
		vpcs[config.HubName] = vpcID("")
	}
	for _, s := range cfg.Spokes {
		if cfg.SpokeAccount(s.Name) == acct {
			vpcs[config.SpokeComponentName(s.Name)] = vpcID(s.Name)
		}
	}
	return vpcs
}
