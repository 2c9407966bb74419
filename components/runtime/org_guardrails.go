package runtime

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
)

// OrganizationGuardrailsType is the type token of the OrganizationGuardrails component.
const OrganizationGuardrailsType = "vpconly:runtime:OrganizationGuardrails"

// MaxScpsPerTarget is the most service control policies attached to one root, OU or account
// ("Maximum number of policies attached to a root, OU, or account: SCP: 5"), FullAWSAccess
// included: AWS Organizations User Guide, Quotas and service limits,
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
const MaxScpsPerTarget = 5

// LandingZoneScps is how many SCPs one target has when both the deny guard's (guardDocs
// documents) and the organization guardrails' (orgDocs) are attached to it, with the
// FullAWSAccess policy AWS attaches by default (assumption: not replaced by an allow list).
func LandingZoneScps(guardDocs, orgDocs int) int { return guardDocs + orgDocs + 1 }

// OrganizationGuardrailsArgs configure OrganizationGuardrails.
type OrganizationGuardrailsArgs struct {
	// ExemptPrincipalArns are the principals the guardrails do not bind (the role that deploys
	// the landing zone): iampolicy.OrgGuardSpec. Default none.
	ExemptPrincipalArns []string `pulumi:"exemptPrincipalArns,optional"`
	// Create creates the documents as aws:organizations/policy SERVICE_CONTROL_POLICY resources
	// (the provider must be the organization's management account or a delegated
	// administrator). Default false: the documents are only rendered and output.
	Create bool `pulumi:"create,optional"`
	// TargetIds are the roots, OUs or accounts the created policies are attached to (only with
	// Create). Default none: created, not attached.
	TargetIds []string `pulumi:"targetIds,optional"`
	// Protect protects the created policies and attachments (deleting them lifts the guardrails).
	Protect bool `pulumi:"protect,optional"`
	// Tags are merged into the policies' tags.
	Tags map[string]string `pulumi:"tags,optional"`
}

// OrganizationGuardrails renders the organization guardrails (iampolicy.OrgGuardStatements) as
// SCP documents and, when asked, creates and attaches them.
type OrganizationGuardrails struct {
	pulumi.ResourceState

	// PolicyDocuments are the SCP documents (always rendered).
	PolicyDocuments pulumi.StringArrayOutput `pulumi:"policyDocuments"`
	// PolicyIds are the created policies; empty unless Create.
	PolicyIds pulumi.StringArrayOutput `pulumi:"policyIds"`

	// Documents are the rendered documents as plain values.
	Documents []iampolicy.Document
}

// Validate checks the arguments of the OrganizationGuardrails name without registering
// anything: nil, or the joined *arg.Error values, each naming the field, the value and what is
// allowed. Nil args are valid (rendered, not created). NewOrganizationGuardrails calls it first.
func (args *OrganizationGuardrailsArgs) Validate(name string) error {
	p := core.NewProblems("OrganizationGuardrails", name)
	if args == nil {
		return nil
	}
	p.Add("", iampolicy.OrgGuardSpec{ExemptPrincipalArns: args.ExemptPrincipalArns}.Validate())
	p.CheckOrganizationTargets("TargetIds", args.TargetIds, "Create", args.Create)
	return p.Err()
}

// NewOrganizationGuardrails validates args and registers, only with Create,
// aws:organizations/policy "<name>-<document key>" per document (iampolicy.SCPLimit each) and
// aws:organizations/policyAttachment "<name>-<document key>-<target>" per target.
//
// The guardrails bind every principal of the accounts they are attached to except
// ExemptPrincipalArns; without an exemption, attach them only where no deployment runs.
func NewOrganizationGuardrails(ctx *pulumi.Context, name string, args *OrganizationGuardrailsArgs, opts ...pulumi.ResourceOption) (*OrganizationGuardrails, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	if args == nil {
		args = &OrganizationGuardrailsArgs{}
	}
	docs, keys, err := iampolicy.OrgGuardDocuments(iampolicy.OrgGuardSpec{ExemptPrincipalArns: args.ExemptPrincipalArns})
	if err != nil {
		return nil, fmt.Errorf("OrganizationGuardrails %q: %w", name, err)
	}

	c := &OrganizationGuardrails{Documents: docs}
	if err := ctx.RegisterComponentResource(OrganizationGuardrailsType, name, c, opts...); err != nil {
		return nil, err
	}
	childOpts := []pulumi.ResourceOption{pulumi.Parent(c)}
	if args.Protect {
		childOpts = append(childOpts, pulumi.Protect(true))
	}
	rendered := pulumi.StringArray{}
	ids := pulumi.StringArray{}
	for i, d := range docs {
		js := d.MustJSON()
		rendered = append(rendered, pulumi.String(js))
		if !args.Create {
			continue
		}
		key := name + "-" + keys[i]
		pol, err := organizations.NewPolicy(ctx, key, &organizations.PolicyArgs{
			Type:        pulumi.String("SERVICE_CONTROL_POLICY"),
			Content:     pulumi.String(js),
			Description: pulumi.String("Landing zone guardrails: no internet gateways, NAT, Elastic IPs, Block Public Access changes or non-VpcOnly SageMaker domains"),
			Tags:        core.MergeTags(args.Tags),
		}, childOpts...)
		if err != nil {
			return nil, err
		}
		ids = append(ids, pol.ID().ToStringOutput())
		for _, target := range args.TargetIds {
			if _, err := organizations.NewPolicyAttachment(ctx, key+"-"+target, &organizations.PolicyAttachmentArgs{
				PolicyId: pol.ID(),
				TargetId: pulumi.String(target),
			}, childOpts...); err != nil {
				return nil, err
			}
		}
	}
	c.PolicyDocuments = rendered.ToStringArrayOutput()
	c.PolicyIds = ids.ToStringArrayOutput()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"policyDocuments": c.PolicyDocuments, "policyIds": c.PolicyIds}); err != nil {
		return nil, err
	}
	return c, nil
}
