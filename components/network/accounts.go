package network

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2transitgateway"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ram"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/route53"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
)

// HubShareType is the Pulumi type token of HubShare.
const HubShareType = "vpconly:network:HubShare"

// AccountIDPattern is an AWS account id: exactly 12 digits.
const AccountIDPattern = `^\d{12}$`

// RoleArnPattern is an IAM role ARN a deployment assumes in another account
// (arn:<partition>:iam::<12 digits>:role/<optional path/>name; IAM role names are 1-64 of
// [\w+=,.@-], "IAM identifiers" in the IAM User Guide).
const RoleArnPattern = `^arn:aws(-cn|-us-gov)?:iam::\d{12}:role/([\w+=,.@-]+/)*[\w+=,.@-]{1,64}$`

var roleArnRe = regexp.MustCompile(RoleArnPattern)

// SharePrincipalPattern is an AWS Organizations principal a RAM share may name instead of
// accounts: the organization (arn:aws:organizations::<management account>:organization/o-...) or
// an OU (arn:aws:organizations::<management account>:ou/o-.../ou-...) — "Sharing your AWS
// resources", AWS RAM User Guide: with sharing enabled for AWS Organizations, a share's principals
// may be the organization or OUs, and their accounts get the resource without an invitation.
const SharePrincipalPattern = `^arn:aws(-cn|-us-gov)?:organizations::\d{12}:(organization/(o-[a-z0-9]{10,32})|ou/(o-[a-z0-9]{10,32})/(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}))$`

var sharePrincipalRe = regexp.MustCompile(SharePrincipalPattern)

// SharePrincipalOrg is the organization id (o-...) a principal SharePrincipalPattern accepts
// belongs to, or "" when it is not such a principal.
func SharePrincipalOrg(arn string) string {
	m := sharePrincipalRe.FindStringSubmatch(arn)
	if m == nil {
		return ""
	}
	if m[3] != "" {
		return m[3]
	}
	return m[4]
}

// sharePrincipalKey is the stable name key of a share principal: its o-... or ou-... id.
func sharePrincipalKey(arn string) string {
	i := strings.LastIndex(arn, "/")
	return arn[i+1:]
}

// ValidAccountID reports whether s is a 12-digit AWS account id.
func ValidAccountID(s string) bool { return core.AccountIDRe.MatchString(s) }

// ValidRoleArn reports whether s is an IAM role ARN (RoleArnPattern).
func ValidRoleArn(s string) bool { return roleArnRe.MatchString(s) }

// RoleArnAccount is the account id inside a role ARN that ValidRoleArn accepts, or "".
func RoleArnAccount(s string) string {
	if !ValidRoleArn(s) {
		return ""
	}
	m := regexp.MustCompile(`:iam::(\d{12}):`).FindStringSubmatch(s)
	return m[1]
}

// HubShareArgs configure a HubShare.
type HubShareArgs struct {
	// TransitGatewayArn is the hub's Transit Gateway (arn:...:ec2:<region>:<account>:transit-gateway/tgw-...). Required.
	TransitGatewayArn pulumi.StringInput `pulumi:"transitGatewayArn,optional"`
	// AccountIds are the workload accounts the Transit Gateway is shared with, each 12 digits,
	// unique. Required, at least one.
	AccountIds []string `pulumi:"accountIds,optional"`
	// WithinOrganization shares only inside the AWS Organization (AllowExternalPrincipals false):
	// RAM sharing with AWS Organizations must be enabled, and the accounts get the share without
	// an invitation. Default false: the share admits external principals, so each account gets an
	// invitation that AccepterProviders accept.
	WithinOrganization bool `pulumi:"withinOrganization,optional"`
	// AccepterProviders are the providers of the workload accounts, by account id: without
	// WithinOrganization, each accepts the RAM invitation (ram.ResourceShareAccepter) in its
	// account. Required for every account id when WithinOrganization is false.
	AccepterProviders map[string]pulumi.ProviderResource
	// Principals, when set, are the organization or OU ARNs (SharePrincipalPattern) the share
	// names instead of AccountIds (which must still list the accounts whose spokes wait for the
	// share: Ready). Only with WithinOrganization. Default none: each account is a principal.
	Principals []string `pulumi:"principals,optional"`
	// Tags are merged into the share's tags. Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// HubShare shares the hub's Transit Gateway with workload accounts through AWS RAM, in the
// network account (the provider of the resource options): a resource share, its association with
// the Transit Gateway, one principal association per workload account and, outside an
// organization, the invitation's acceptance in each workload account. A spoke's attachment in a
// workload account must wait for Ready[account] ("Share your transit gateway", Amazon VPC
// Transit Gateways guide: the attachment can be created once the share is accepted).
type HubShare struct {
	pulumi.ResourceState

	ResourceShareArn pulumi.StringOutput `pulumi:"resourceShareArn"`
	// Ready are, by account id, the resources a spoke attachment in that account waits for: the
	// resource association, the account's principal association and (outside an organization)
	// its accepter.
	Ready map[string][]pulumi.Resource
}

// Validate checks the arguments of the HubShare name without registering anything: nil, or the
// joined *arg.Error values, each naming the field, the value and what is allowed. NewHubShare
// calls it first.
func (args *HubShareArgs) Validate(name string) error {
	p := core.NewProblems("HubShare", name)
	if args == nil {
		p.Missing("args", "a *HubShareArgs with TransitGatewayArn and AccountIds")
		return p.Err()
	}
	if core.UnsetInput(args.TransitGatewayArn) {
		p.Missing("TransitGatewayArn", "the hub's Transit Gateway ARN")
	}
	checkShareAccounts(p, args.AccountIds, args.WithinOrganization, args.AccepterProviders, args.Principals)
	return p.Err()
}

// CheckShareAccounts checks the workload accounts of a RAM share (HubShare, HubDnsProfile,
// access.ResolverRuleShare): at least one, each 12 digits and listed once, each with an accepter
// provider unless withinOrg; principals are organization or OU ARNs, only withinOrg. Fields are
// those of HubShareArgs ("AccountIds[i]", `AccepterProviders["<id>"]`, "Principals[i]"). It
// returns nil or the joined *arg.Error values, without a component (a component's Validate
// records them under its own name).
func CheckShareAccounts(ids []string, withinOrg bool, accepters map[string]pulumi.ProviderResource, principals []string) error {
	p := core.NewProblems("", "")
	checkShareAccounts(p, ids, withinOrg, accepters, principals)
	return p.Err()
}

func checkShareAccounts(p *core.Problems, ids []string, withinOrg bool, accepters map[string]pulumi.ProviderResource, principals []string) {
	seenP := map[string]bool{}
	for i, pr := range principals {
		field := fmt.Sprintf("Principals[%d]", i)
		switch {
		case SharePrincipalOrg(pr) == "":
			p.Bad(field, pr, "an organization or OU ARN matching "+SharePrincipalPattern)
		case seenP[pr]:
			p.Bad(field, pr, "a principal not listed before")
		case !withinOrg:
			p.Bad(field, pr, "Principals only with WithinOrganization: an organization or OU is a principal only when RAM sharing with AWS Organizations is on")
		}
		seenP[pr] = true
	}
	if len(ids) == 0 {
		p.Missing("AccountIds", "at least one 12-digit workload account id")
	}
	seen := map[string]bool{}
	for i, id := range ids {
		field := fmt.Sprintf("AccountIds[%d]", i)
		switch {
		case !ValidAccountID(id):
			p.Bad(field, id, "a 12-digit account id")
		case seen[id]:
			p.Bad(field, id, "an account id not listed before")
		case !withinOrg && len(principals) == 0 && accepters[id] == nil:
			p.Missing(fmt.Sprintf("AccepterProviders[%q]", id), "the provider of account "+id+" (it accepts the RAM invitation), or WithinOrganization")
		}
		seen[id] = true
	}
}

// NewHubShare validates args and registers the share. Children are named "<name>-share",
// "<name>-tgw", "<name>-<account id>" and "<name>-<account id>-accept": adding an account adds
// its pair and renames nothing.
func NewHubShare(ctx *pulumi.Context, name string, args *HubShareArgs, opts ...pulumi.ResourceOption) (*HubShare, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	c := &HubShare{Ready: map[string][]pulumi.Resource{}}
	if err := ctx.RegisterComponentResource(HubShareType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	shared, err := ShareWithAccounts(ctx, name, "-tgw", args.TransitGatewayArn, args.AccountIds, args.Principals,
		args.WithinOrganization, args.AccepterProviders, args.Tags, nil, parent)
	if err != nil {
		return nil, err
	}
	c.Ready = shared.Ready
	share := shared.Share
	c.ResourceShareArn = share.Arn
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"resourceShareArn": c.ResourceShareArn}); err != nil {
		return nil, err
	}
	return c, nil
}

// sharedWith is what shareWithAccounts made: the share and, by account id, what a consumer in
// that account waits for.
type sharedWith struct {
	Share *ram.ResourceShare
	Ready map[string][]pulumi.Resource
}

// shareWithAccounts shares one resource through AWS RAM with accountIds, in the provider of
// parent's component (the owner's account): "<name>-share" (the resource share, external
// principals allowed unless withinOrg), "<name><assocSuffix>" (the resource association),
// "<name>-<account id>" (one principal association each) and, outside an organization,
// "<name>-<account id>-accept" (the invitation's acceptance with accepters[id]). ready[id] are
// before plus the association, the account's principal association and its acceptance: what a
// consumer in that account waits for. With principals (organization or OU ARNs, within the
// organization only) those are associated instead, "<name>-<o-... or ou-... id>", and every
// account waits for all of them. HubShare and HubDnsProfile share this way.
func ShareWithAccounts(ctx *pulumi.Context, name, assocSuffix string, resourceArn pulumi.StringInput, accountIds, principals []string,
	withinOrg bool, accepters map[string]pulumi.ProviderResource, tags map[string]string, before []pulumi.Resource,
	parent pulumi.ResourceOption) (*sharedWith, error) {
	share, err := ram.NewResourceShare(ctx, name+"-share", &ram.ResourceShareArgs{
		Name:                    pulumi.String(name),
		AllowExternalPrincipals: pulumi.Bool(!withinOrg),
		Tags:                    core.NameTags(tags, name+"-share"),
	}, parent)
	if err != nil {
		return nil, err
	}
	assoc, err := ram.NewResourceAssociation(ctx, name+assocSuffix, &ram.ResourceAssociationArgs{
		ResourceArn:      resourceArn,
		ResourceShareArn: share.Arn,
	}, parent)
	if err != nil {
		return nil, err
	}
	out := &sharedWith{Share: share, Ready: map[string][]pulumi.Resource{}}
	if len(principals) > 0 {
		ready := append(append([]pulumi.Resource{}, before...), assoc)
		for _, pr := range principals {
			pa, err := ram.NewPrincipalAssociation(ctx, name+"-"+sharePrincipalKey(pr), &ram.PrincipalAssociationArgs{
				Principal:        pulumi.String(pr),
				ResourceShareArn: share.Arn,
			}, parent)
			if err != nil {
				return nil, err
			}
			ready = append(ready, pa)
		}
		for _, id := range accountIds {
			out.Ready[id] = ready
		}
		return out, nil
	}
	for _, id := range accountIds {
		pa, err := ram.NewPrincipalAssociation(ctx, name+"-"+id, &ram.PrincipalAssociationArgs{
			Principal:        pulumi.String(id),
			ResourceShareArn: share.Arn,
		}, parent)
		if err != nil {
			return nil, err
		}
		ready := append(append([]pulumi.Resource{}, before...), assoc, pa)
		if !withinOrg {
			// The invitation exists once the principal is associated: the accepter reads the
			// share's ARN from the association (a data dependency, no DependsOn needed).
			acc, err := ram.NewResourceShareAccepter(ctx, name+"-"+id+"-accept", &ram.ResourceShareAccepterArgs{
				ShareArn: pa.ResourceShareArn,
			}, parent, pulumi.Provider(accepters[id]))
			if err != nil {
				return nil, err
			}
			ready = append(ready, acc)
		}
		out.Ready[id] = ready
	}
	return out, nil
}

// attachAcrossAccounts attaches the spoke VPC to a Transit Gateway of another account: the
// attachment in the spoke's account (after HubShareReady: the share must have reached the account,
// there is no data dependency on it), accepted in the hub's account (the accepter reads the
// attachment's id: a data dependency), then associated with and propagated to the hub's route
// table on the accepter, in the hub's account. The default route table options are set on the
// accepter: the attachment's owner cannot set them on a shared Transit Gateway (provider docs of
// aws_ec2_transit_gateway_vpc_attachment: "cannot be configured ... with Resource Access Manager
// shared EC2 Transit Gateways"). It returns the attachment and the accepter (what routes wait for).
func (n *netVpc) attachAcrossAccounts(ctx *pulumi.Context, name string, args *SpokeVpcArgs,
	parent pulumi.ResourceOption) (*ec2transitgateway.VpcAttachment, pulumi.Resource, error) {
	opts := []pulumi.ResourceOption{parent}
	if len(args.HubShareReady) > 0 {
		opts = append(opts, pulumi.DependsOn(args.HubShareReady))
	}
	attach, err := ec2transitgateway.NewVpcAttachment(ctx, name+"-tgw-attachment", &ec2transitgateway.VpcAttachmentArgs{
		TransitGatewayId: args.Hub.TransitGatewayId,
		VpcId:            n.vpc.ID(),
		SubnetIds:        n.subnetIDs,
		DnsSupport:       pulumi.String("enable"),
		Tags:             core.NameTags(args.Tags, name+"-tgw-attachment"),
	}, opts...)
	if err != nil {
		return nil, nil, err
	}
	hub := pulumi.Provider(args.HubProvider)
	accepter, err := ec2transitgateway.NewVpcAttachmentAccepter(ctx, name+"-tgw-accepter", &ec2transitgateway.VpcAttachmentAccepterArgs{
		TransitGatewayAttachmentId:                 attach.ID(),
		TransitGatewayDefaultRouteTableAssociation: pulumi.Bool(false),
		TransitGatewayDefaultRouteTablePropagation: pulumi.Bool(false),
		Tags: core.NameTags(args.Tags, name+"-tgw-accepter"),
	}, parent, hub)
	if err != nil {
		return nil, nil, err
	}
	if _, err := ec2transitgateway.NewRouteTableAssociation(ctx, name+"-tgw-association", &ec2transitgateway.RouteTableAssociationArgs{
		TransitGatewayAttachmentId: accepter.TransitGatewayAttachmentId,
		TransitGatewayRouteTableId: args.Hub.TransitGatewayRouteTableId,
	}, parent, hub); err != nil {
		return nil, nil, err
	}
	if _, err := ec2transitgateway.NewRouteTablePropagation(ctx, name+"-tgw-propagation", &ec2transitgateway.RouteTablePropagationArgs{
		TransitGatewayAttachmentId: accepter.TransitGatewayAttachmentId,
		TransitGatewayRouteTableId: args.Hub.TransitGatewayRouteTableId,
	}, parent, hub); err != nil {
		return nil, nil, err
	}
	return attach, accepter, nil
}

// authorizeZone returns the zone id a spoke's ZoneAssociation uses. Across accounts it first
// authorizes the spoke VPC in the hub's account (route53.VpcAssociationAuthorization, "Associating
// an Amazon VPC and a private hosted zone that you created with different AWS accounts", Route 53
// Developer Guide) and returns the authorization's zone id, so that the association, in the
// spoke's account, depends on the authorization through its data. In one account it returns
// zoneID as is (no authorization, today's inputs).
func authorizeZone(ctx *pulumi.Context, name string, args *SpokeVpcArgs, zoneID pulumi.StringInput,
	vpcID pulumi.IDOutput, parent pulumi.ResourceOption) (pulumi.StringInput, error) {
	if args.HubProvider == nil {
		return zoneID, nil
	}
	auth, err := route53.NewVpcAssociationAuthorization(ctx, name, &route53.VpcAssociationAuthorizationArgs{
		ZoneId:    zoneID,
		VpcId:     vpcID,
		VpcRegion: pulumi.String(args.Region),
	}, parent, pulumi.Provider(args.HubProvider))
	if err != nil {
		return nil, err
	}
	return auth.ZoneId, nil
}

// AccountNamePattern is a configured account's name: the landing zone names that account's
// provider "aws-<region>-<name>" and its guardrails "guardrails-<name>", so it is short,
// lowercase and DNS-like.
const AccountNamePattern = `^[a-z][a-z0-9-]{0,15}$`

var accountNameRe = regexp.MustCompile(AccountNamePattern)

// ValidAccountName reports whether s matches AccountNamePattern.
func ValidAccountName(s string) bool { return accountNameRe.MatchString(s) }

// HubEndpointPolicyAccounts is the endpoint policy of a multi-account hub without an
// organization: any action by principals of exactly the given accounts (aws:PrincipalAccount
// with a list: StringEquals matches any of the values, "Condition operators", IAM User Guide).
// The ids are sorted and de-duplicated; each must be 12 digits.
func HubEndpointPolicyAccounts(accountIDs []string) (string, error) {
	ids := slices.Compact(slices.Sorted(slices.Values(accountIDs)))
	if len(ids) == 0 {
		return "", fmt.Errorf("HubEndpointPolicyAccounts: no account id; want at least one")
	}
	for _, id := range ids {
		if !ValidAccountID(id) {
			return "", fmt.Errorf("HubEndpointPolicyAccounts: account id %q; want 12 digits", id)
		}
	}
	return core.PolicyJSON(map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid":       "AllowPrincipalsOfAccounts",
			"Effect":    "Allow",
			"Principal": "*",
			"Action":    "*",
			"Resource":  "*",
			"Condition": map[string]any{"StringEquals": map[string]any{"aws:PrincipalAccount": ids}},
		}},
	}), nil
}

// hubAccountsPolicy renders HubEndpointPolicyAccounts for the hub's account and the admitted ones.
func hubAccountsPolicy(account pulumi.StringInput, admitted pulumi.StringArrayInput) pulumi.StringOutput {
	return pulumi.All(account, admitted).ApplyT(func(v []any) (string, error) {
		acct, ok := v[0].(string)
		more, ok2 := v[1].([]string)
		if !ok || !ok2 {
			return "", fmt.Errorf("EndpointHub: AccountId resolved to %T and AdmittedAccountIds to %T; want a string and a list of strings", v[0], v[1])
		}
		return HubEndpointPolicyAccounts(append([]string{acct}, more...))
	}).(pulumi.StringOutput)
}
