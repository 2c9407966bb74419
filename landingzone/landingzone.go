// Package landingzone wires the components into the landing zone a stack's configuration
// describes. main.go is `pulumi.Run(landingzone.Run)`; the offline plan and the whole-program
// tests call the same Run under mocks, so all three take one code path.
package landingzone

import (
	"fmt"
	"sort"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/finops"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/studio"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/cost"
)

// Run loads and validates the stack's configuration, builds the landing zone and exports its
// outputs. Invalid configuration fails before any resource is registered.
func Run(ctx *pulumi.Context) error {
	cfg, err := LoadConfig(ctx.Stack(), ctx.GetConfig)
	if err != nil {
		return err
	}
	lz, err := Build(ctx, cfg)
	if err != nil {
		return err
	}
	lz.Export(ctx)
	return nil
}

// LandingZone holds the components one stack builds, by stable key.
type LandingZone struct {
	Config     *config.Config
	Provider   *aws.Provider
	Hub        *network.EndpointHub
	Spokes     map[string]*network.SpokeVpc              // by spoke name
	Groups     map[string]*security.StudioSecurityGroups // by domain name
	JobGroups  map[string]*security.JobSecurityGroup     // by spoke name (jobs.go)
	Guardrails *security.Guardrails                      // the deploying account's (else the first workload account's)
	// GuardrailsByAccount, Providers (by config.Config.AccountKey) and HubShare: accounts.go.
	GuardrailsByAccount map[string]*security.Guardrails
	Providers           map[string]*aws.Provider
	HubShare            *network.HubShare               // nil unless a spoke is in another account than the hub
	DnsProfile          *network.HubDnsProfile          // nil unless hub.zoneSharing is profile (dnsprofile.go)
	Domains             map[string]*studio.StudioDomain // by domain name
	Budget              *finops.NetworkBudget           // nil without budget config
	Supply              *SupplyPath                     // nil without supply config (supply.go)
	Cost                cost.Estimate
	Access              *Access  // access.go
	Runtime             *Runtime // runtime controls (runtime.go)
	// Account is the deploying account (the provider's caller identity): the hub's account in
	// the network.HubOutput output (hub.go).
	Account pulumi.StringOutput

	parent pulumi.Resource // BuildIn's parent; nil for Build
}

// Build registers the landing zone for a validated configuration. Every resource uses one
// explicit AWS provider whose default tags carry the mandatory FinOps tags, so no taggable
// resource is left without owner, cost-center and data-sensitivity.
func Build(ctx *pulumi.Context, cfg *config.Config) (*LandingZone, error) {
	return BuildIn(ctx, cfg, nil)
}

// BuildIn is Build with every top-level resource (the AWS providers and the components) a child
// of parent, the vpconly:index:LandingZone component of the provider/ package. A nil parent is
// Build: the stack's program keeps its URNs.
func BuildIn(ctx *pulumi.Context, cfg *config.Config, parent pulumi.Resource) (*LandingZone, error) {
	estimate, err := cost.Compute(CostInputs(cfg))
	if err != nil {
		return nil, fmt.Errorf("cost estimate: %w", err)
	}
	lz := &LandingZone{Config: cfg, Spokes: map[string]*network.SpokeVpc{},
		Groups: map[string]*security.StudioSecurityGroups{}, Domains: map[string]*studio.StudioDomain{},
		Cost: estimate, parent: parent}

	defaultTags := cfg.Tags.Map()
	defaultTags["managed-by"] = "pulumi"
	defaultTags["landing-zone"] = config.Project + "/" + cfg.Stack
	lz.Provider, err = aws.NewProvider(ctx, "aws-"+cfg.Region, &aws.ProviderArgs{
		Region:      pulumi.String(cfg.Region),
		DefaultTags: &aws.ProviderDefaultTagsArgs{Tags: pulumi.ToStringMap(defaultTags)},
	}, lz.parentOpts()...)
	if err != nil {
		return nil, err
	}
	prov := pulumi.Composite(append(lz.parentOpts(), pulumi.Provider(lz.Provider))...)
	account := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, pulumi.Provider(lz.Provider)).AccountId()
	lz.Account = account
	if err := lz.buildProviders(ctx, defaultTags); err != nil {
		return nil, err
	}
	hubAccount := lz.accountID(cfg.HubAccount()) // == account without accounts config

	lz.Hub, err = network.NewEndpointHub(ctx, config.HubName, hubArgs(cfg, hubAccount), lz.hubOpt())
	if err != nil {
		return nil, err
	}

	if lz.Supply, err = lz.buildSupply(ctx, hubAccount); err != nil {
		return nil, err
	}
	if err := lz.buildHubShare(ctx); err != nil {
		return nil, err
	}
	if err := lz.buildDnsProfile(ctx); err != nil {
		return nil, err
	}

	for _, s := range cfg.Spokes {
		spokeArgs := spokeArgs(cfg, s, lz.Hub.Ref())
		lz.spokeCrossAccount(s.Name, spokeArgs)
		spoke, err := network.NewSpokeVpc(ctx, config.SpokeComponentName(s.Name), spokeArgs, lz.spokeOpt(s.Name))
		if err != nil {
			return nil, err
		}
		lz.Spokes[s.Name] = spoke
	}

	// Studio security groups, one set per domain (and per user when configured), in the
	// domain's spoke's account.
	for _, d := range cfg.Domains {
		spoke := lz.Spokes[d.Spoke]
		sg, err := security.NewStudioSecurityGroups(ctx, config.StudioGroupsName(d.Name),
			studioGroupArgs(cfg, d, lz.Hub.Ref(), spoke.VpcId, spoke.S3PrefixListId), lz.spokeOpt(d.Spoke))
		if err != nil {
			return nil, err
		}
		lz.Groups[d.Name] = sg
	}

	if _, err := buildJobGroups(ctx, lz); err != nil {
		return nil, err
	}

	// One set of guardrails per workload account (one for a single-account landing zone): its
	// deny guard names every spoke subnet and every Studio and job security group of the account.
	lz.GuardrailsByAccount = map[string]*security.Guardrails{}
	guardLists := func(acct string) (pulumi.StringArray, []pulumi.StringArrayOutput, int, []string) {
		in := func(spoke string) bool { return cfg.SpokeAccount(spoke) == acct }
		var sgIDs pulumi.StringArray
		for _, d := range cfg.Domains {
			if !in(d.Spoke) {
				continue
			}
			sg := lz.Groups[d.Name]
			sgIDs = append(sgIDs, sg.DomainSecurityGroupId)
			if d.UsesPerUserSecurityGroups() {
				for _, u := range d.Users {
					sgIDs = append(sgIDs, sg.UserGroups[u.Name])
				}
			}
		}
		var subnetIDs []pulumi.StringArrayOutput
		var buckets []string
		subnetCount := 0
		for _, s := range cfg.Spokes {
			if !in(s.Name) {
				continue
			}
			sgIDs = append(sgIDs, lz.JobGroups[s.Name].SecurityGroupId)
			subnetIDs = append(subnetIDs, lz.Spokes[s.Name].SubnetIds)
			subnetCount += len(cfg.SpokeAZs(s))
			buckets = append(buckets, s.S3Buckets...)
		}
		return sgIDs, subnetIDs, subnetCount, buckets
	}
	for _, acct := range cfg.WorkloadAccounts() {
		sgIDs, subnetIDs, _, _ := guardLists(acct)
		args := guardrailsArgs(cfg, acct, lz.Hub.Ref(), concat(subnetIDs), sgIDs)
		args.SupplyPolicy = lz.Supply.policy()
		if args.CreateServiceControlPolicy {
			lz.scpTargets(args, guardLists) // accounts.go
			// Organizations resources: the management account's or the delegated administrator's.
			args.ScpProvider = lz.Providers[cfg.PolicyAccount()]
		}
		g, err := security.NewGuardrails(ctx, config.GuardrailsName(acct), args, lz.opt(acct))
		if err != nil {
			return nil, err
		}
		lz.GuardrailsByAccount[acct] = g
		if lz.Guardrails == nil || acct == "" {
			lz.Guardrails = g
		}
	}

	for _, d := range cfg.Domains {
		spoke, sg := lz.Spokes[d.Spoke], lz.Groups[d.Name]
		guard := lz.GuardrailsByAccount[cfg.SpokeAccount(d.Spoke)]
		args := domainArgs(cfg, d, domainWiring{
			VpcId: spoke.VpcId, SubnetIds: spoke.SubnetIds, SecurityGroupId: sg.DomainSecurityGroupId,
			ExecutionRoleArn: guard.ExecutionRoleArn, JobSecurityGroupId: lz.JobGroups[d.Spoke].SecurityGroupId,
			UserGroup: func(u string) pulumi.StringInput { return sg.UserGroups[u] },
			UserRole:  func(u string) pulumi.StringInput { return guard.UserRoles[userKey(d.Name, u)] },
			Supply:    lz.Supply.studio(cfg.SpokeAccount(d.Spoke)),
		})
		dom, err := studio.NewStudioDomain(ctx, config.DomainComponentName(d.Name), args, lz.spokeOpt(d.Spoke))
		if err != nil {
			return nil, err
		}
		lz.Domains[d.Name] = dom
	}

	if lz.Access, err = buildAccess(ctx, cfg, lz); err != nil {
		return nil, err
	}

	if err := lz.buildRuntime(ctx); err != nil {
		return nil, err
	}
	if cfg.Budget != nil {
		lz.Budget, err = finops.NewNetworkBudget(ctx, config.BudgetName, budgetArgs(cfg, lz.budgetTopicArn()), prov)
		if err != nil {
			return nil, err
		}
	}
	return lz, nil
}

// userKey names a user across domains (user names are unique only within a domain).
func userKey(domain, user string) string { return domain + "-" + user }

// concat flattens several string-array outputs into one, in order.
func concat(parts []pulumi.StringArrayOutput) pulumi.StringArrayOutput {
	ins := make([]any, len(parts))
	for i, p := range parts {
		ins[i] = p
	}
	return pulumi.All(ins...).ApplyT(func(vs []any) []string {
		var out []string
		for _, v := range vs {
			out = append(out, v.([]string)...)
		}
		return out
	}).(pulumi.StringArrayOutput)
}

// Export publishes Outputs as the stack's outputs.
func (lz *LandingZone) Export(ctx *pulumi.Context) {
	for k, v := range lz.Outputs() {
		ctx.Export(k, v)
	}
}

// Outputs are the stack outputs: what consumers and data scientists need, and the network cost
// estimate so that a preview shows it.
func (lz *LandingZone) Outputs() pulumi.Map {
	out := pulumi.Map{
		"region":                        pulumi.String(lz.Config.Region),
		"hubVpcId":                      lz.Hub.VpcId,
		OutputHubCidr:                   lz.Hub.CidrBlock,
		"transitGatewayId":              lz.Hub.TransitGatewayId,
		OutputEndpointIds:               lz.Hub.EndpointIds,
		"privateHostedZoneIds":          lz.Hub.ZoneIds,
		"denyGuardPolicyArns":           lz.Guardrails.DenyGuardPolicyArns,
		"executionRoleArn":              lz.Guardrails.ExecutionRoleArn,
		"serviceControlPolicyDocuments": lz.Guardrails.ServiceControlPolicyDocuments,
		"networkCostEstimate":           costOutput(lz.Cost),
	}
	spokes := pulumi.Map{}
	for _, name := range sortedKeys(lz.Spokes) {
		s := lz.Spokes[name]
		spokes[name] = pulumi.Map{SpokeOutputVpcId: s.VpcId, SpokeOutputSubnetIds: s.SubnetIds, "routeTableIds": s.RouteTableIds,
			"s3EndpointId": s.S3EndpointId, SpokeOutputS3PrefixListId: s.S3PrefixListId,
			"transitGatewayAttachmentId": s.TransitGatewayAttachmentId, "flowLogGroupName": s.FlowLogGroupName,
			"jobSecurityGroupId": lz.JobGroups[name].SecurityGroupId}
	}
	out[OutputSpokes] = spokes
	domains := pulumi.Map{}
	for _, name := range sortedKeys(lz.Domains) {
		d := lz.Domains[name]
		domains[name] = pulumi.Map{"domainId": d.DomainId, "url": d.Url, "homeEfsFileSystemId": d.HomeEfsFileSystemId,
			"domainArn": d.DomainArn, "kmsKeyArn": d.KmsKeyArn, "securityGroupIds": d.SecurityGroupIds,
			"userProfileArns": d.UserProfileArns, "jobNetworkConfig": d.JobNetworkConfig}
	}
	out["domains"] = domains
	if lz.Budget != nil {
		out["networkBudgetName"] = lz.Budget.BudgetName
	}
	lz.Supply.addOutputs(out)
	lz.accessOutputs(out)
	lz.runtimeOutputs(out)
	lz.hubOutputs(out)
	lz.accountOutputs(out)
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
