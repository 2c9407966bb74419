package access

import (
	"fmt"
	"regexp"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ssoadmin"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
)

// HumanAccessPolicyType is the type token of the HumanAccessPolicy component (public API).
const HumanAccessPolicyType = "vpconly:access:HumanAccessPolicy"

// Patterns of the IAM Identity Center ARNs a permission-set inline policy needs.
var (
	SsoInstanceArnPattern      = `^arn:aws[a-z-]*:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}$`
	SsoPermissionSetArnPattern = `^arn:aws[a-z-]*:sso:::permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16}$`

	ssoInstanceArnRe      = regexp.MustCompile(SsoInstanceArnPattern)
	ssoPermissionSetArnRe = regexp.MustCompile(SsoPermissionSetArnPattern)
)

// CheckSsoInstanceArn and CheckSsoPermissionSetArn report a malformed ARN, or nil.
func CheckSsoInstanceArn(arn string) error {
	if !ssoInstanceArnRe.MatchString(arn) {
		return fmt.Errorf("%q: want an IAM Identity Center instance ARN (arn:aws:sso:::instance/ssoins-...)", arn)
	}
	return nil
}

// CheckSsoPermissionSetArn reports a malformed permission set ARN, or nil.
func CheckSsoPermissionSetArn(arn string) error {
	if !ssoPermissionSetArnRe.MatchString(arn) {
		return fmt.Errorf("%q: want a permission set ARN (arn:aws:sso:::permissionSet/ssoins-.../ps-...)", arn)
	}
	return nil
}

// CheckProfileTagKey reports a malformed principal tag key, or nil.
func CheckProfileTagKey(key string) error {
	if !regexp.MustCompile(iampolicy.ProfileTagKeyPattern).MatchString(key) {
		return fmt.Errorf("%q: want an IAM tag key (1-128 letters, digits, spaces or _.:/=+-@)", key)
	}
	return nil
}

// HumanAccessPolicyArgs configure HumanAccessPolicy.
type HumanAccessPolicyArgs struct {
	// Region is the domains' region. Required.
	Region string `pulumi:"region,optional"`
	// DomainIds are the landing zone's Studio domains. Required, at least one.
	DomainIds pulumi.StringArrayInput `pulumi:"domainIds,optional"`
	// Hub is the endpoint hub (EndpointHub.Ref(), HubRefFromStack); the policy names its
	// sagemaker.api and studio interface endpoints, Hub.EndpointIds["sagemaker.api"] (the
	// CreatePresignedDomainUrl call) and Hub.EndpointIds["studio"] (the Studio app's HTTPS and
	// WebSocket requests, which AWS authorizes as the same action: see
	// iampolicy.ActionCreatePresignedDomainUrl). Required: the hub must have both endpoints;
	// Hub.Region, when set, must equal Region.
	Hub network.HubRef `pulumi:"hub"`
	// ProfileTagKey is the principal tag holding the caller's user profile name. Default "":
	// iampolicy.DefaultStudioProfileTagKey.
	ProfileTagKey string `pulumi:"profileTagKey,optional"`
	// AccountId is the domains' account. Default nil: the provider's caller identity.
	AccountId pulumi.StringInput `pulumi:"accountId,optional"`
	// SsoInstanceArn and PermissionSetArn, when both set, also put the document on that IAM
	// Identity Center permission set as its inline policy. Default "" (the document is still
	// output for the permission sets an administrator manages elsewhere).
	SsoInstanceArn   string `pulumi:"ssoInstanceArn,optional"`
	PermissionSetArn string `pulumi:"permissionSetArn,optional"`
	// IdentityCenterProvider, when set, creates the permission set's inline policy and policy
	// attachments in the account it is pinned to: permission sets are administered from the
	// management account or IAM Identity Center's delegated administrator, not from the account
	// the permission set is provisioned to ("Delegated administration", IAM Identity Center User
	// Guide, https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html).
	// Default nil: the component's own provider (a single-account stack).
	IdentityCenterProvider pulumi.ProviderResource
	// DenyGuard are the landing zone's deny-guard managed policies by stable key
	// (Guardrails.DenyGuardPolicies). They belong on the people too: a data scientist who may
	// create a job must not create it outside the landing zone's subnets and groups. They are
	// listed in PolicyArns and, with a permission set, attached to it by name
	// (aws:ssoadmin/customerManagedPolicyAttachment "<name>-permission-set-<key>"), which needs
	// the policies to exist under the same name in every account the permission set is
	// provisioned to. Default none.
	DenyGuard map[string]security.DenyGuardPolicy
	// Tags are merged into the managed policy's tags. Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// HumanAccessPolicy is the policy of the data scientists' roles and permission sets
// (iampolicy.HumanAccessPolicy): list and describe what the Studio landing page needs, a presigned
// Studio URL for their own user profile only (principal tag ProfileTagKey) and only through the
// hub's SageMaker API endpoint, the Studio app's own requests (authorized as the same action) for
// that profile only through the hub's Studio endpoint, and denies that hold whatever else the
// role is granted.
//
// Children: aws:iam/policy:Policy "<name>" (attach it to the data scientists' roles), and with
// SsoInstanceArn and PermissionSetArn aws:ssoadmin/permissionSetInlinePolicy:
// PermissionSetInlinePolicy "<name>-permission-set" holding the same document.
type HumanAccessPolicy struct {
	pulumi.ResourceState

	// PolicyArn is the human access IAM policy (attach it to the data scientists' roles).
	PolicyArn pulumi.StringOutput `pulumi:"policyArn"`
	// PolicyDocument is the human access policy's JSON document.
	PolicyDocument pulumi.StringOutput `pulumi:"policyDocument"`
	// PolicyArns are every managed policy a data scientist's role needs: PolicyArn, then the deny
	// guard's in key order.
	PolicyArns pulumi.StringArrayOutput `pulumi:"policyArns"`
	// PermissionSetInlinePolicy is the same document, to paste into an IAM Identity Center
	// permission set (the profile tag then comes from the attributes for access control).
	PermissionSetInlinePolicy pulumi.StringOutput `pulumi:"permissionSetInlinePolicy"`
}

// Validate checks the arguments of the HumanAccessPolicy name without registering anything: nil, or
// the joined *arg.Error values, each naming the field, the value and what is allowed. NewHumanAccessPolicy
// calls it first.
func (args *HumanAccessPolicyArgs) Validate(name string) error {
	p := core.NewProblems("HumanAccessPolicy", name)
	if args == nil {
		p.Missing("args", "a *HumanAccessPolicyArgs")
		return p.Err()
	}
	if !core.RegionRe.MatchString(args.Region) {
		p.Bad("Region", args.Region, "an AWS Region name such as us-east-1")
	}
	if args.DomainIds == nil {
		p.Missing("DomainIds", "the landing zone's Studio domain ids")
	}
	p.Add("", args.Hub.Check(network.HubNeeds{Region: args.Region, Endpoints: network.PresignedUrlEndpointKeys()}))
	if args.ProfileTagKey != "" {
		if err := CheckProfileTagKey(args.ProfileTagKey); err != nil {
			p.Bad("ProfileTagKey", args.ProfileTagKey, err.Error())
		}
	}
	if (args.SsoInstanceArn == "") != (args.PermissionSetArn == "") {
		p.Bad("PermissionSetArn", args.PermissionSetArn, "set together with SsoInstanceArn, or both empty")
	}
	if args.SsoInstanceArn != "" {
		if err := CheckSsoInstanceArn(args.SsoInstanceArn); err != nil {
			p.Bad("SsoInstanceArn", args.SsoInstanceArn, err.Error())
		}
	}
	if args.PermissionSetArn != "" {
		if err := CheckSsoPermissionSetArn(args.PermissionSetArn); err != nil {
			p.Bad("PermissionSetArn", args.PermissionSetArn, err.Error())
		}
	}
	for _, key := range core.SortedKeys(args.DenyGuard) {
		if g := args.DenyGuard[key]; core.UnsetInput(g.Name) || core.UnsetInput(g.Arn) {
			p.Missing(fmt.Sprintf("DenyGuard[%s]", key), "the policy's Name and Arn (Guardrails.DenyGuardPolicies)")
		}
	}
	return p.Err()
}

// NewHumanAccessPolicy validates args and registers the policy.
func NewHumanAccessPolicy(ctx *pulumi.Context, name string, args *HumanAccessPolicyArgs, opts ...pulumi.ResourceOption) (*HumanAccessPolicy, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	c := &HumanAccessPolicy{}
	if err := ctx.RegisterComponentResource(HumanAccessPolicyType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	account := args.AccountId
	if account == nil {
		account = aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent).AccountId()
	}
	partition := iampolicy.PartitionOf(args.Region)
	doc := pulumi.All(account, args.DomainIds, args.Hub.EndpointId(network.SageMakerAPIEndpointKey),
		args.Hub.EndpointId(network.StudioEndpointKey)).ApplyT(func(v []any) (string, error) {
		api, err := network.HubEndpointID(v[2], network.SageMakerAPIEndpointKey)
		if err != nil {
			return "", err
		}
		studio, err := network.HubEndpointID(v[3], network.StudioEndpointKey)
		if err != nil {
			return "", err
		}
		d, err := iampolicy.HumanAccessPolicy(iampolicy.HumanSpec{
			Partition:         partition,
			Region:            args.Region,
			AccountId:         v[0].(string),
			DomainIds:         v[1].([]string),
			ApiEndpointIds:    []string{api},
			StudioEndpointIds: []string{studio},
			ProfileTagKey:     args.ProfileTagKey,
		})
		if err != nil {
			return "", fmt.Errorf("HumanAccessPolicy %q: %w", name, err)
		}
		return d.JSON()
	}).(pulumi.StringOutput)
	policy, err := iam.NewPolicy(ctx, name, &iam.PolicyArgs{
		Description: pulumi.String("Data scientists of the landing zone: open Studio for their own user profile through the hub's SageMaker API endpoint only"),
		Policy:      doc,
		Tags:        core.MergeTags(args.Tags),
	}, parent)
	if err != nil {
		return nil, err
	}
	ssoOpts := []pulumi.ResourceOption{parent}
	if args.IdentityCenterProvider != nil {
		ssoOpts = append(ssoOpts, pulumi.Provider(args.IdentityCenterProvider))
	}
	if args.PermissionSetArn != "" {
		if _, err := ssoadmin.NewPermissionSetInlinePolicy(ctx, name+"-permission-set", &ssoadmin.PermissionSetInlinePolicyArgs{
			InstanceArn:      pulumi.String(args.SsoInstanceArn),
			PermissionSetArn: pulumi.String(args.PermissionSetArn),
			InlinePolicy:     doc,
		}, ssoOpts...); err != nil {
			return nil, err
		}
	}
	arns := pulumi.StringArray{policy.Arn}
	for _, key := range core.SortedKeys(args.DenyGuard) {
		g := args.DenyGuard[key]
		arns = append(arns, g.Arn)
		if args.PermissionSetArn == "" {
			continue
		}
		if _, err := ssoadmin.NewCustomerManagedPolicyAttachment(ctx, name+"-permission-set-"+key, &ssoadmin.CustomerManagedPolicyAttachmentArgs{
			InstanceArn:      pulumi.String(args.SsoInstanceArn),
			PermissionSetArn: pulumi.String(args.PermissionSetArn),
			CustomerManagedPolicyReference: ssoadmin.CustomerManagedPolicyAttachmentCustomerManagedPolicyReferenceArgs{
				Name: g.Name,
				Path: pulumi.String("/"),
			},
		}, ssoOpts...); err != nil {
			return nil, err
		}
	}
	c.PolicyArns = arns.ToStringArrayOutput()
	c.PolicyArn = policy.Arn
	c.PolicyDocument = doc
	c.PermissionSetInlinePolicy = doc
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"policyArn":                 c.PolicyArn,
		"policyDocument":            c.PolicyDocument,
		"policyArns":                c.PolicyArns,
		"permissionSetInlinePolicy": c.PermissionSetInlinePolicy,
	}); err != nil {
		return nil, err
	}
	return c, nil
}
