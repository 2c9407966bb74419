package landingzone

import (
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
	//DELETE
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/config"
)

// buildProviders registers one explicit AWS provider per accounts entry with a roleArn,
// "aws-<region>-<account name>": it assumes the role, in the same Region, with the same default
// tags, and AllowedAccountIds pins it to the entry's id (a wrong role fails the preview instead of
// deploying into the wrong account). The deploying account keeps lz.Provider ("aws-<region>", the
// same URN as a single-account stack). lz.Providers maps config.Config.AccountKey values to them.
func (lz *LandingZone) buildProviders(ctx *pulumi.Context, defaultTags map[string]string) error {
	lz.Providers = map[string]*aws.Provider{"": lz.Provider}
	for _, a := range lz.Config.Accounts {
		if a.Deploying() {
			continue
		}
		p, err := aws.NewProvider(ctx, "aws-"+lz.Config.Region+"-"+a.Name, &aws.ProviderArgs{
			Region:            pulumi.String(lz.Config.Region),
			DefaultTags:       &aws.ProviderDefaultTagsArgs{Tags: pulumi.ToStringMap(defaultTags)},
			AssumeRole:        &aws.ProviderAssumeRoleArgs{RoleArn: pulumi.String(a.RoleArn), SessionName: pulumi.String(config.Project)},
			AllowedAccountIds: pulumi.ToStringArray([]string{a.ID}),
		}, lz.parentOpts()...)
		if err != nil {
			return err
		}
		lz.Providers[a.Name] = p
	}
	return nil
}

// opt is the provider option of an account key ("" the deploying account), under the parent
// component when the landing zone is built inside one (BuildIn).
func (lz *LandingZone) opt(account string) pulumi.ResourceOption {
	return pulumi.Composite(append(lz.parentOpts(), pulumi.Provider(lz.Providers[account]))...)
}

// parentOpts is the parent option of every top-level resource: none for the stack's program
// (Build: the resources stay at the stack's root, their URNs unchanged), the enclosing component
// for BuildIn (the vpconly:index:LandingZone component of the provider/ package).
func (lz *LandingZone) parentOpts() []pulumi.ResourceOption {
	if lz.parent == nil {
		return nil
	}
	return []pulumi.ResourceOption{pulumi.Parent(lz.parent)}
}

// hubOpt is the provider option of the hub's account: the hub, corporate access, the supply path
// and the runtime controls use it.
func (lz *LandingZone) hubOpt() pulumi.ResourceOption { return lz.opt(lz.Config.HubAccount()) }

// spokeOpt is the provider option of a spoke's account: the spoke, its job group, and the
// Studio security groups and domains in it use it.
func (lz *LandingZone) spokeOpt(spoke string) pulumi.ResourceOption {
	return lz.opt(lz.Config.SpokeAccount(spoke))
}

// accountID is the id of an account key: the entry's id, or the deploying account's caller
// identity for "".
func (lz *LandingZone) accountID(account string) pulumi.StringInput {
	if a, ok := lz.Config.AccountByName(account); ok && account != "" {
		return pulumi.String(a.ID)
	}
	return lz.Account
}

// admittedAccounts are the configured account ids the hub's endpoint policies admit besides the
// hub's own account (the deploying account only when it has an entry or is the hub's): nil for a stack without accounts (today's single-account policy), and
// ignored by the hub when organizationId is set (the organization is admitted instead).
func admittedAccounts(cfg *config.Config) pulumi.StringArrayInput {
	if len(cfg.Accounts) == 0 {
		return nil
	}
	var ids []string
	for _, a := range cfg.Accounts {
		ids = append(ids, a.ID)
	}
	return pulumi.ToStringArray(ids)
}

// buildHubShare shares the hub's Transit Gateway through AWS RAM with every workload account
// other than the hub's ("tgw-share", in the hub's account), when there is one. With RAM sharing
// with AWS Organizations on (hub.ramOrganizationSharing) the share stays inside the organization
// and has no invitation; otherwise each workload account accepts the invitation with its own
// provider.
func (lz *LandingZone) buildHubShare(ctx *pulumi.Context) error {
	cfg := lz.Config
	if !cfg.CrossAccount() || cfg.Peering() {
		return nil // peering spokes attach to nothing: each peering is requested and accepted instead
	}
	hub := cfg.HubAccount()
	ids, providers := lz.shareTargets()
	args := &network.HubShareArgs{
		TransitGatewayArn: pulumi.Sprintf("arn:%s:ec2:%s:%s:transit-gateway/%s", iampolicy.PartitionOf(cfg.Region), cfg.Region,
			lz.accountID(hub), lz.Hub.TransitGatewayId),
		AccountIds:         ids,
		WithinOrganization: cfg.RamWithinOrganization(),
		AccepterProviders:  providers,
		Principals:         cfg.Hub.SharePrincipals,
	}
	var err error
	lz.HubShare, err = network.NewHubShare(ctx, "tgw-share", args, lz.hubOpt())
	return err
}

// accountIDPlain is the configured id of an account key. A workload account other than the hub's
// is always a named entry: the deploying account is then the hub's or has a named entry.
func (lz *LandingZone) accountIDPlain(account string) string {
	if a, ok := lz.Config.AccountByName(account); ok {
		return a.ID
	}
	for _, a := range lz.Config.Accounts {
		if a.Deploying() {
			return a.ID
		}
	}
	return ""
}

// spokeCrossAccount sets the spoke's cross-account arguments when its account is not the hub's.
func (lz *LandingZone) spokeCrossAccount(spoke string, args *network.SpokeVpcArgs) {
	cfg := lz.Config
	acct := cfg.SpokeAccount(spoke)
	if acct == cfg.HubAccount() {
		return
	}
	args.HubProvider = lz.Providers[cfg.HubAccount()]
	// A peering names the hub's account as its peer owner: the configured id when there is one
	// (otherwise the spoke asks the hub provider's caller identity).
	args.Hub.Account = lz.accountIDPlain(cfg.HubAccount())
	if lz.HubShare != nil {
		args.HubShareReady = lz.HubShare.Ready[lz.accountIDPlain(acct)]
	}
	lz.spokeDnsProfile(acct, args)
}

// accountOutputs adds "accounts" when accounts are configured: by account key ("deploying" for
// the deploying account), the account's guardrails (deny guard policy ARNs and execution role),
// the spokes in it and, when it has domains, humanAccessPolicyArns: the policies its data
// scientists' role attaches (its human access policy, then its deny guard).
func (lz *LandingZone) accountOutputs(out pulumi.Map) {
	if len(lz.Config.Accounts) == 0 {
		return
	}
	m := pulumi.Map{}
	for _, key := range lz.Config.WorkloadAccounts() {
		g := lz.GuardrailsByAccount[key]
		var spokes []string
		for _, s := range lz.Config.Spokes {
			if lz.Config.AccountKey(s.Account) == key {
				spokes = append(spokes, s.Name)
			}
		}
		name := key
		if name == "" {
			name = "deploying"
		}
		acct := pulumi.Map{"accountId": lz.accountID(key), "denyGuardPolicyArns": g.DenyGuardPolicyArns,
			"executionRoleArn": g.ExecutionRoleArn, "spokes": pulumi.ToStringArray(slices.Clone(spokes))}
		if lz.Access != nil && lz.Access.HumanByAccount[key] != nil {
			// What that account's data scientists attach: its human policy, then its deny guard.
			acct["humanAccessPolicyArns"] = lz.Access.HumanByAccount[key].PolicyArns
		}
		m[name] = acct
	}
	if lz.HubShare != nil {
		m["transitGatewayShareArn"] = lz.HubShare.ResourceShareArn
	}
	if lz.DnsProfile != nil {
		m["dnsProfileId"] = lz.DnsProfile.ProfileId
		m["dnsProfileShareArn"] = lz.DnsProfile.ResourceShareArn
	}
	out["accounts"] = m
}

// scpTargets completes the SCP-creating (deploying account's) guardrails: the SCPs are attached
// to cfg.ScpTargets() (guards.scpTargetIds, else the workload accounts that host spokes), and,
// when spokes are in more than one account, their documents name the subnets and security
// groups of every workload account: one SCP set for the organization, created once with the
// deploying (management) account's provider, that denies no workload account its own Studio.
func (lz *LandingZone) scpTargets(args *security.GuardrailsArgs,
	lists func(string) (pulumi.StringArray, []pulumi.StringArrayOutput, int, []string)) {
	args.ScpTargetIds = lz.Config.ScpTargets()
	accts := lz.Config.WorkloadAccounts()
	if len(accts) < 2 {
		return // the guard's own lists are every spoke's
	}
	var sgIDs pulumi.StringArray
	var subnets []pulumi.StringArrayOutput
	count := 0
	for _, acct := range accts {
		sg, sn, n, _ := lists(acct)
		sgIDs = append(sgIDs, sg...)
		subnets = append(subnets, sn...)
		count += n
	}
	args.ScpSubnetIds, args.MaxScpSubnetIds = concat(subnets), count
	args.ScpSecurityGroupIds = sgIDs
}

// budgetTopicArn is the alert topic the network budget notifies too: the deploying account's
// dashboard topic, since the budget is always the deploying account's — the hub's dashboard when
// the hub is there, else the deploying account's own (it has one when a spoke is there). Each
// topic's key and topic policies admit AWS Budgets of the topic's own account only
// (aws:SourceAccount, runtime.AlertTopicPolicy), and a budget's requests carry its own account
// as aws:SourceAccount
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount),
// so a budget could not publish to a topic of another account. Without a dashboard in the
// deploying account the budget alerts by email only.
func (lz *LandingZone) budgetTopicArn() pulumi.StringInput {
	cfg := lz.Config
	if cfg.HubAccount() == "" {
		return lz.alertTopicArn()
	}
	if lz.Runtime == nil {
		return nil
	}
	if ar := lz.Runtime.Accounts[cfg.AccountLabel("")]; ar != nil && ar.Dashboard != nil {
		return ar.Dashboard.AlertTopicArn
	}
	return nil
}
