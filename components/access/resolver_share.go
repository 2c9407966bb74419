package access

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
)

// ResolverRuleShareType is the type token of the ResolverRuleShare component (public API).
const ResolverRuleShareType = "vpconly:access:ResolverRuleShare"

// ResolverRuleAccount is one workload account that uses the shared forwarding rules: its VPCs
// are associated with every rule by the account itself.
type ResolverRuleAccount struct {
	// Provider is the account's provider: the associations are created with it. Required.
	Provider pulumi.ProviderResource
	// VpcIds are the account's VPCs by a stable key (the spoke name). Required, at least one.
	VpcIds map[string]pulumi.StringInput
}

// ResolverRuleShareArgs configure a ResolverRuleShare.
type ResolverRuleShareArgs struct {
	// Rules are the hub account's forwarding rules by forwarded domain (CheckForwardDomain):
	// each rule's ARN (ResourceArn) and id (RuleId). Required, at least one.
	Rules map[string]SharedResolverRule `pulumi:"rules,optional"`
	// Accounts are the workload accounts the rules are shared with, by 12-digit account id.
	// Required, at least one.
	Accounts map[string]ResolverRuleAccount `pulumi:"accounts,optional"`
	// WithinOrganization, Principals: as HubShareArgs (RAM sharing with AWS Organizations on: no
	// invitation, organization or OU principals allowed; off: each account accepts an invitation
	// with its Provider).
	WithinOrganization bool     `pulumi:"withinOrganization,optional"`
	Principals         []string `pulumi:"principals,optional"`
	// Tags are merged into the shares' tags. Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// SharedResolverRule is one forwarding rule of the hub's account.
type SharedResolverRule struct {
	Arn    pulumi.StringInput
	RuleId pulumi.StringInput
}

// ResolverRuleShare shares the hub account's Resolver forwarding rules through AWS RAM with the
// workload accounts and associates each rule with each of their VPCs in the VPC's own account.
// "To use a rule that another account shared with you, you associate it with one or more of your
// VPCs" — a rule's owner cannot associate it with a VPC of another account (Route 53 Developer
// Guide, "Sharing Resolver rules with other AWS accounts and using shared rules",
// https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-rules-managing.html#resolver-rules-managing-sharing).
//
// Children, per domain (key: the domain with '.' as '-'): the RAM share "<name>-<key>-share",
// its resource association "<name>-<key>-rule", a principal association "<name>-<key>-<account
// id>" per account (or per organization/OU principal) and, without WithinOrganization, the
// invitation's acceptance "<name>-<key>-<account id>-accept" in that account; then, in each
// account, aws:route53/resolverRuleAssociation:ResolverRuleAssociation "<name>-<key>-<vpc key>"
// (after the share reached the account: there is no data dependency on it).
type ResolverRuleShare struct {
	pulumi.ResourceState

	// ResourceShareArns are the RAM shares by domain.
	ResourceShareArns pulumi.StringMapOutput `pulumi:"resourceShareArns"`
}

// domainKey is the stable name key of a forwarded domain.
func domainKey(d string) string { return strings.ReplaceAll(d, ".", "-") }

// Validate checks the arguments of the ResolverRuleShare name without registering anything: nil, or
// the joined *arg.Error values, each naming the field, the value and what is allowed. NewResolverRuleShare
// calls it first.
func (args *ResolverRuleShareArgs) Validate(name string) error {
	p := core.NewProblems("ResolverRuleShare", name)
	if args == nil {
		p.Missing("args", "a *ResolverRuleShareArgs with Rules and Accounts")
		return p.Err()
	}
	if len(args.Rules) == 0 {
		p.Missing("Rules", "at least one forwarding rule, by domain")
	}
	for _, d := range core.SortedKeys(args.Rules) {
		r := args.Rules[d]
		if err := CheckForwardDomain(d); err != nil {
			p.Bad(fmt.Sprintf("Rules[%q]", d), d, err.Error())
		}
		if core.UnsetInput(r.Arn) || core.UnsetInput(r.RuleId) {
			p.Missing(fmt.Sprintf("Rules[%q]", d), "the rule's Arn and RuleId")
		}
	}
	ids := core.SortedKeys(args.Accounts)
	accepters := map[string]pulumi.ProviderResource{}
	for _, id := range ids {
		a := args.Accounts[id]
		if a.Provider == nil {
			p.Missing(fmt.Sprintf("Accounts[%q].Provider", id), "the provider of account "+id+": it associates the rules with its own VPCs")
		}
		accepters[id] = a.Provider
		if len(a.VpcIds) == 0 {
			p.Missing(fmt.Sprintf("Accounts[%q].VpcIds", id), "at least one VPC of the account")
		}
		for _, k := range core.SortedKeys(a.VpcIds) {
			if core.UnsetInput(a.VpcIds[k]) {
				p.Missing(fmt.Sprintf("Accounts[%q].VpcIds[%q]", id, k), "a VPC id")
			}
		}
	}
	p.Add("", network.CheckShareAccounts(ids, args.WithinOrganization, accepters, args.Principals))
	return p.Err()
}

// NewResolverRuleShare validates args and registers the shares and the associations.
func NewResolverRuleShare(ctx *pulumi.Context, name string, args *ResolverRuleShareArgs, opts ...pulumi.ResourceOption) (*ResolverRuleShare, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	c := &ResolverRuleShare{}
	if err := ctx.RegisterComponentResource(ResolverRuleShareType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	ids := core.SortedKeys(args.Accounts)
	accepters := map[string]pulumi.ProviderResource{}
	for _, id := range ids {
		accepters[id] = args.Accounts[id].Provider
	}
	shares := pulumi.StringMap{}
	for _, d := range core.SortedKeys(args.Rules) {
		r := args.Rules[d]
		key := name + "-" + domainKey(d)
		shared, err := network.ShareWithAccounts(ctx, key, "-rule", r.Arn, ids, args.Principals, args.WithinOrganization,
			accepters, args.Tags, nil, parent)
		if err != nil {
			return nil, err
		}
		shares[d] = shared.Share.Arn
		for _, id := range ids {
			a := args.Accounts[id]
			for _, vk := range core.SortedKeys(a.VpcIds) {
				if _, err := route53.NewResolverRuleAssociation(ctx, key+"-"+vk, &route53.ResolverRuleAssociationArgs{
					ResolverRuleId: r.RuleId,
					VpcId:          a.VpcIds[vk],
				}, parent, pulumi.Provider(a.Provider), pulumi.DependsOn(shared.Ready[id])); err != nil {
					return nil, err
				}
			}
		}
	}
	c.ResourceShareArns = shares.ToStringMapOutput()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"resourceShareArns": c.ResourceShareArns}); err != nil {
		return nil, err
	}
	return c, nil
}
