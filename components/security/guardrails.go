package security

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/organizations"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
)

// GuardrailsType is the type token of the Guardrails component (public API).
const GuardrailsType = "vpconly:security:Guardrails"

// Capacity defaults of the deny guard's layout, used when the ID lists are wired from other
// resources and their length is therefore unknown while the program runs (see NewGuardrails).
const (
	DefaultMaxSubnetIds        = 48 // e.g. 16 spokes × 3 AZs
	DefaultMaxSecurityGroupIds = 64 // domains × (1 + users with their own group)
)

// guardrailsSensitivities are the data-sensitivity tag values (config.DataSensitivities).
var guardrailsSensitivities = dataSensitivities

// guardrailsRegulated is the data sensitivity that adds the NetworkIsolation and
// InterContainerTrafficEncryption statements.
const guardrailsRegulated = "regulated"

var (
	guardrailsRoleKeyRe = regexp.MustCompile(`^[a-zA-Z0-9+=,.@_-]+$`)
)

// GuardrailsArgs configure Guardrails.
type GuardrailsArgs struct {
	// Region is the landing zone's region; it sets the partition of the ARNs the execution roles
	// are granted. Required.
	Region string `pulumi:"region,optional"`
	// SpokeSubnetIds are every spoke subnet: the only subnets the deny guard lets SageMaker
	// resources use. Required (at least one).
	SpokeSubnetIds pulumi.StringArrayInput `pulumi:"spokeSubnetIds,optional"`
	// SecurityGroupIds are every Studio security group of the landing zone: the only groups the
	// deny guard lets SageMaker resources use. Required (at least one).
	SecurityGroupIds pulumi.StringArrayInput `pulumi:"securityGroupIds,optional"`
	// Hub is the endpoint hub (EndpointHub.Ref(), HubRefFromStack). Its
	// com.amazonaws.<region>.sagemaker.api interface endpoint, Hub.EndpointIds["sagemaker.api"]
	// (the API call), and its aws.sagemaker.<region>.studio endpoint, Hub.EndpointIds["studio"]
	// (the Studio app's HTTPS and WebSocket requests, authorized as the same action:
	// iampolicy.ActionCreatePresignedDomainUrl), are the only ways CreatePresignedDomainUrl may
	// arrive. The SCP documents deny it from anywhere else; the execution roles' managed guard
	// does not name it (execution roles never call it: the human access policy carries that
	// statement). Required: the hub must have both endpoints; Hub.Region, when set, must equal
	// Region.
	Hub network.HubRef `pulumi:"hub"`
	// DataSensitivity is the stack's data-sensitivity tag value: public, internal, confidential or
	// regulated. "regulated" adds the NetworkIsolation and InterContainerTrafficEncryption
	// statements. Required.
	DataSensitivity string `pulumi:"dataSensitivity,optional"`
	// DenyNotebookRootAccess adds the notebook RootAccess statement. Default false (the landing
	// zone's configuration defaults it to true).
	DenyNotebookRootAccess bool `pulumi:"denyNotebookRootAccess,optional"`
	// BucketNames are the S3 buckets the execution roles may read and write. Default none.
	BucketNames []string `pulumi:"bucketNames,optional"`
	// KmsKeyArns are the KMS keys the execution roles may use. Default none.
	KmsKeyArns []string `pulumi:"kmsKeyArns,optional"`
	// LogGroupArns are the log groups the execution roles may write to. Default none.
	LogGroupArns []string `pulumi:"logGroupArns,optional"`
	// EcrRepositoryArns are the ECR repositories the execution roles may pull from. Default none.
	EcrRepositoryArns []string `pulumi:"ecrRepositoryArns,optional"`
	// ExtraRoles are keys (user names) that each get an execution role of their own, with the
	// same permissions and guard as the shared role. Default none.
	ExtraRoles []string `pulumi:"extraRoles,optional"`
	// CreateServiceControlPolicy also creates the guard as AWS Organizations service control
	// policies (the provider must then be the organization's management account or a delegated
	// administrator for Organizations policies), attached to ScpTargetIds. Default false: the SCP
	// documents are still computed and output.
	CreateServiceControlPolicy bool `pulumi:"createServiceControlPolicy,optional"`
	// ScpTargetIds are the organization roots (r-...), OUs (ou-...-...) or 12-digit account ids
	// every created SCP is attached to (CheckScpTargetIds, the rule OrganizationGuardrails
	// uses), each once; only with CreateServiceControlPolicy. Default none: created, not attached.
	ScpTargetIds []string `pulumi:"scpTargetIds,optional"`
	// ScpProvider, when set, creates the SCPs and their attachments (the Organizations
	// resources) in the account it is pinned to: the organization's management account or the
	// delegated administrator for policy management, which may differ from the workload account
	// this component's IAM resources belong to ("Delegated administrator for AWS Organizations",
	// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies.html).
	// Default nil: the component's own provider.
	ScpProvider pulumi.ProviderResource
	// ScpSubnetIds and ScpSecurityGroupIds are the subnets and groups the SCP form admits instead
	// of SpokeSubnetIds and SecurityGroupIds: an SCP attached to several accounts (an OU, or
	// every workload account) must name the subnets and groups of all of them, or it denies
	// Studio in the others. Default nil: the guard's own lists (one account).
	ScpSubnetIds        pulumi.StringArrayInput `pulumi:"scpSubnetIds,optional"`
	ScpSecurityGroupIds pulumi.StringArrayInput `pulumi:"scpSecurityGroupIds,optional"`
	// MaxScpSubnetIds and MaxScpSecurityGroupIds are their capacities, as MaxSubnetIds and
	// MaxSecurityGroupIds are for the guard's own lists. Default: the length when plain, else the
	// guard's own capacity when the list is nil, else DefaultMaxSubnetIds/DefaultMaxSecurityGroupIds.
	MaxScpSubnetIds        int `pulumi:"maxScpSubnetIds,optional"`
	MaxScpSecurityGroupIds int `pulumi:"maxScpSecurityGroupIds,optional"`
	// MaxSubnetIds is the most spoke subnets the deny guard must hold; it fixes how many policy
	// documents the guard is split into. Default: the length of SpokeSubnetIds when it is a plain
	// pulumi.StringArray, else DefaultMaxSubnetIds.
	MaxSubnetIds int `pulumi:"maxSubnetIds,optional"`
	// MaxSecurityGroupIds is the same for SecurityGroupIds. Default: its length when plain, else
	// DefaultMaxSecurityGroupIds.
	MaxSecurityGroupIds int `pulumi:"maxSecurityGroupIds,optional"`
	// ScpExemptPrincipalArns are aws:PrincipalArn patterns (IAM role ARNs, wildcards allowed:
	// iampolicy.ValidatePrincipalArnPatterns) that the service control policies exempt, with
	// ArnNotLike aws:PrincipalArn on every Deny statement (iampolicy.ServiceControlGuard): the
	// role that runs `pulumi up` must be one, or an SCP attached above its account denies the
	// UpdateDomain the provider sends without subnets. The managed policies exempt no one.
	// Default none.
	ScpExemptPrincipalArns []string `pulumi:"scpExemptPrincipalArns,optional"`
	// Tags are merged into the tags of every role and policy. Default none.
	Tags map[string]string `pulumi:"tags,optional"`
	// SupplyPolicy is the package and image supply path's permissions document
	// (SupplyAccessPolicy), created as the managed policy "<name>-access-supply" and attached to
	// every execution role. Default nil: none.
	SupplyPolicy pulumi.StringInput `pulumi:"supplyPolicy,optional"`
}

// Guardrails are the SageMaker execution roles and the deny guard that keeps SageMaker inside
// the landing zone's network.
type Guardrails struct {
	pulumi.ResourceState

	// DenyGuardPolicyArns are the deny-guard managed policies: attach all of them to any role that
	// may use SageMaker.
	DenyGuardPolicyArns pulumi.StringArrayOutput `pulumi:"denyGuardPolicyArns"`
	// DenyGuardPolicyDocuments are their JSON documents, in the same order.
	DenyGuardPolicyDocuments pulumi.StringArrayOutput `pulumi:"denyGuardPolicyDocuments"`
	// AccessPolicyArns are the execution roles' permission policies.
	AccessPolicyArns pulumi.StringArrayOutput `pulumi:"accessPolicyArns"`
	// ExecutionRoleArn is the shared SageMaker execution role.
	ExecutionRoleArn pulumi.StringOutput `pulumi:"executionRoleArn"`
	// UserExecutionRoleArns are the roles of ExtraRoles, by key.
	UserExecutionRoleArns pulumi.StringMapOutput `pulumi:"userExecutionRoleArns"`
	// ServiceControlPolicyDocuments are the guard as SCP documents (always computed).
	ServiceControlPolicyDocuments pulumi.StringArrayOutput `pulumi:"serviceControlPolicyDocuments"`
	// ServiceControlPolicyIds are the created SCPs; empty unless CreateServiceControlPolicy.
	ServiceControlPolicyIds pulumi.StringArrayOutput `pulumi:"serviceControlPolicyIds"`

	// UserRoles are the ExtraRoles role ARNs by key, as a plain map for wiring (not an output of
	// the component).
	UserRoles map[string]pulumi.StringOutput
	// ManagedLayout and ServiceControlLayout are the statement IDs of each deny-guard document
	// (plain values, fixed at construction).
	ManagedLayout, ServiceControlLayout iampolicy.Layout
	// ManagedKeys and ServiceControlKeys are the stable keys of those documents, in the same
	// order: the group keys of iampolicy.GuardGroups ("subnets", "security-groups", "settings",
	// and "<group>-2"... should a group outgrow one document).
	ManagedKeys, ServiceControlKeys []string
	// DenyGuardPolicies are the deny-guard managed policies by their stable key ("deny-subnets",
	// ...): what a HumanAccessPolicy attaches to the data scientists' permission set, by name.
	DenyGuardPolicies map[string]DenyGuardPolicy
}

// DenyGuardPolicy is one deny-guard managed policy: its name (what an IAM Identity Center
// permission set references) and ARN (what a role attaches).
type DenyGuardPolicy struct {
	Name, Arn pulumi.StringOutput
}

// NewGuardrails creates the SageMaker execution roles and the deny guard.
//
// Children (names derive from name and a stable key):
//   - aws:iam/policy:Policy "<name>-deny-<group>": the deny guard (iampolicy.DenyGuard), one
//     managed policy (of at most iampolicy.ManagedPolicyLimit characters) per group of
//     iampolicy.GuardGroups: "subnets", "security-groups", "settings"; a group that outgrows one
//     document continues in "<group>-2", ... The key of a document never depends on how many IDs
//     the guard holds, so one more user, spoke or security group updates a policy in place.
//   - aws:iam/policy:Policy "<name>-access-<group>": the execution roles' permissions
//     (iampolicy.StudioAccessPolicy), one policy per group of iampolicy.AccessGroups
//     ("sagemaker", "s3", "kms", "logs", "ecr", each only when it has statements), never
//     AmazonSageMakerFullAccess.
//   - aws:iam/role:Role "<name>-execution" and "<name>-user-<key>" per ExtraRoles key: trusted
//     by sagemaker.amazonaws.com only (iampolicy.ExecutionRoleTrustPolicy), each with an inline
//     aws:iam/rolePolicy:RolePolicy "<role>-pass-self" that lets it pass only itself to SageMaker,
//     and aws:iam/rolePolicyAttachment:RolePolicyAttachment "<role>-<policy key>" for every
//     deny-guard and access policy.
//   - aws:organizations/policy:Policy "<name>-scp-<group>" (SERVICE_CONTROL_POLICY), only with
//     CreateServiceControlPolicy: the same guard, grouped the same way under iampolicy.SCPLimit,
//     every statement exempting ScpExemptPrincipalArns (iampolicy.ServiceControlGuard), naming
//     ScpSubnetIds/ScpSecurityGroupIds when set (else the guard's own lists).
//   - aws:organizations/policyAttachment:PolicyAttachment "<name>-scp-<group>-<target>" per
//     ScpTargetIds entry and SCP document.
//
// How many documents. Resources cannot be created inside ApplyT, yet the guard's size depends on
// IDs that resolve only later. So the layout (which statements go in which document) is computed
// at construction from plain values: the guard rendered with MaxSubnetIds/MaxSecurityGroupIds
// placeholder IDs of the longest length AWS issues (iampolicy.WorstCaseSpec, GuardLayout). When the
// IDs resolve, the real guard is placed into that layout (iampolicy.GuardDocuments); real IDs are
// never longer than the placeholders, so every document stays under its limit. More IDs than the
// capacity fails the update with an error that names the Max field to raise.
//
// The SCP governs every principal of the accounts it is attached to, the deploying role
// included. The deny guard denies updates that do not restate the network settings (see
// iampolicy.DenyGuard), and the AWS provider sends UpdateDomain without subnets; so list the
// deploying role in ScpExemptPrincipalArns. The managed policy is attached only to the roles
// created here (and to whatever consumers attach it to) and exempts no one.
//
// All arguments are validated before the first resource is registered.
func NewGuardrails(ctx *pulumi.Context, name string, args *GuardrailsArgs, opts ...pulumi.ResourceOption) (*Guardrails, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	regulated := args.DataSensitivity == guardrailsRegulated
	maxSubnets := guardrailsCapacity(args.MaxSubnetIds, args.SpokeSubnetIds, DefaultMaxSubnetIds)
	maxSGs := guardrailsCapacity(args.MaxSecurityGroupIds, args.SecurityGroupIds, DefaultMaxSecurityGroupIds)
	capacity := iampolicy.WorstCaseSpec(maxSubnets, maxSGs, 1, regulated, args.DenyNotebookRootAccess)
	// The managed guard (execution roles) leaves out the presigned-URL statement; the SCP, which
	// binds humans too, keeps it (iampolicy.GuardSpec.DenyPresignedUrlOutsideApi).
	scpSubnets, scpSGs := args.SpokeSubnetIds, args.SecurityGroupIds
	maxScpSubnets, maxScpSGs := maxSubnets, maxSGs
	if args.ScpSubnetIds != nil {
		scpSubnets = args.ScpSubnetIds
		maxScpSubnets = guardrailsCapacity(args.MaxScpSubnetIds, args.ScpSubnetIds, DefaultMaxSubnetIds)
	}
	if args.ScpSecurityGroupIds != nil {
		scpSGs = args.ScpSecurityGroupIds
		maxScpSGs = guardrailsCapacity(args.MaxScpSecurityGroupIds, args.ScpSecurityGroupIds, DefaultMaxSecurityGroupIds)
	}
	scpCapacity := iampolicy.WorstCaseSpec(maxScpSubnets, maxScpSGs, 1, regulated, args.DenyNotebookRootAccess)
	scpCapacity.DenyPresignedUrlOutsideApi = true
	managedLayout, managedKeys, err := iampolicy.GuardLayout(capacity, iampolicy.ManagedPolicyLimit)
	if err != nil {
		return nil, fmt.Errorf("Guardrails %q: MaxSubnetIds = %d, MaxSecurityGroupIds = %d: %w: want capacities whose ID lists fit one policy statement",
			name, maxSubnets, maxSGs, err)
	}
	scpLayout, scpKeys, err := iampolicy.ServiceControlLayout(scpCapacity, args.ScpExemptPrincipalArns, iampolicy.SCPLimit)
	if err != nil {
		return nil, fmt.Errorf("Guardrails %q: MaxSubnetIds = %d, MaxSecurityGroupIds = %d, %d ScpExemptPrincipalArns: %w: want capacities and exemptions whose lists fit one SCP statement",
			name, maxScpSubnets, maxScpSGs, len(args.ScpExemptPrincipalArns), err)
	}
	accessStmts, err := iampolicy.StudioAccessPolicy(iampolicy.AccessSpec{
		Partition:         iampolicy.PartitionOf(args.Region),
		BucketNames:       args.BucketNames,
		KmsKeyArns:        args.KmsKeyArns,
		LogGroupArns:      args.LogGroupArns,
		EcrRepositoryArns: args.EcrRepositoryArns,
	})
	if err != nil {
		return nil, fmt.Errorf("Guardrails %q: %w", name, err)
	}
	accessDocs, accessKeys, err := iampolicy.SplitGroups(accessStmts, iampolicy.AccessGroups(), iampolicy.ManagedPolicyLimit)
	if err != nil {
		return nil, fmt.Errorf("Guardrails %q: execution role permissions: %w", name, err)
	}

	c := &Guardrails{UserRoles: map[string]pulumi.StringOutput{}, ManagedLayout: managedLayout, ServiceControlLayout: scpLayout,
		ManagedKeys: managedKeys, ServiceControlKeys: scpKeys, DenyGuardPolicies: map[string]DenyGuardPolicy{}}
	if err := ctx.RegisterComponentResource(GuardrailsType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)
	tags := core.MergeTags(args.Tags)

	// The guard's documents, rendered once the IDs resolve (JSON only: no resource in ApplyT).
	// exempt is nil for the managed policy and non-nil for the SCP form, which alone keeps the
	// presigned-URL statement.
	render := func(layout iampolicy.Layout, limit int, kind string, exempt []string,
		subnets, sgs pulumi.StringArrayInput, maxSubnets, maxSGs int, fields guardrailsFields) pulumi.StringArrayOutput {
		return pulumi.All(subnets, sgs, args.Hub.EndpointId(network.SageMakerAPIEndpointKey), args.Hub.EndpointId(network.StudioEndpointKey)).ApplyT(
			func(v []interface{}) ([]string, error) {
				api, err := network.HubEndpointID(v[2], network.SageMakerAPIEndpointKey)
				if err != nil {
					return nil, err
				}
				studio, err := network.HubEndpointID(v[3], network.StudioEndpointKey)
				if err != nil {
					return nil, err
				}
				spec := iampolicy.GuardSpec{
					SubnetIds:         v[0].([]string),
					SecurityGroupIds:  v[1].([]string),
					ApiEndpointIds:    []string{api},
					StudioEndpointIds: []string{studio},
					Regulated:         regulated,
					DenyRootAccess:    args.DenyNotebookRootAccess,

					DenyPresignedUrlOutsideApi: exempt != nil,
				}
				if err := guardrailsCheckResolved(name, spec, maxSubnets, maxSGs, fields); err != nil {
					return nil, err
				}
				var docs []iampolicy.Document
				if exempt == nil {
					docs, err = iampolicy.GuardDocuments(spec, layout, limit)
				} else {
					docs, err = iampolicy.ServiceControlDocuments(spec, exempt, layout, limit)
				}
				if err != nil {
					return nil, fmt.Errorf("Guardrails %q: %s deny guard: %w", name, kind, err)
				}
				out := make([]string, len(docs))
				for i, d := range docs {
					if out[i], err = d.JSON(); err != nil {
						return nil, err
					}
				}
				return out, nil
			}).(pulumi.StringArrayOutput)
	}
	managedDocs := render(managedLayout, iampolicy.ManagedPolicyLimit, "managed policy", nil,
		args.SpokeSubnetIds, args.SecurityGroupIds, maxSubnets, maxSGs, guardrailsOwnFields)
	scpFields := guardrailsOwnFields
	if args.ScpSubnetIds != nil {
		scpFields.subnets, scpFields.maxSubnets = guardrailsScpFields.subnets, guardrailsScpFields.maxSubnets
	}
	if args.ScpSecurityGroupIds != nil {
		scpFields.sgs, scpFields.maxSGs = guardrailsScpFields.sgs, guardrailsScpFields.maxSGs
	}
	scpDocs := render(scpLayout, iampolicy.SCPLimit, "service control policy",
		append([]string{}, args.ScpExemptPrincipalArns...), // non-nil: the SCP form
		scpSubnets, scpSGs, maxScpSubnets, maxScpSGs, scpFields)

	var policyArns []pulumi.StringOutput // deny guard, then access: attached to every role
	var attachKeys []string
	denyArns := pulumi.StringArray{}
	// Descriptions name only the stable key: a policy's description cannot be updated in place.
	for i := range managedLayout {
		key := "deny-" + managedKeys[i]
		p, err := iam.NewPolicy(ctx, name+"-"+key, &iam.PolicyArgs{
			Description: pulumi.String(fmt.Sprintf("SageMaker deny guard of landing zone %s (%s)", name, key)),
			Policy:      managedDocs.Index(pulumi.Int(i)),
			Tags:        tags,
		}, parent)
		if err != nil {
			return nil, err
		}
		denyArns = append(denyArns, p.Arn)
		c.DenyGuardPolicies[key] = DenyGuardPolicy{Name: p.Name, Arn: p.Arn}
		policyArns = append(policyArns, p.Arn)
		attachKeys = append(attachKeys, key)
	}
	accessArns := pulumi.StringArray{}
	for i, d := range accessDocs {
		key := "access-" + accessKeys[i]
		p, err := iam.NewPolicy(ctx, name+"-"+key, &iam.PolicyArgs{
			Description: pulumi.String(fmt.Sprintf("SageMaker execution role permissions of landing zone %s", name)),
			Policy:      pulumi.String(d.MustJSON()),
			Tags:        tags,
		}, parent)
		if err != nil {
			return nil, err
		}
		accessArns = append(accessArns, p.Arn)
		policyArns = append(policyArns, p.Arn)
		attachKeys = append(attachKeys, key)
	}

	if args.SupplyPolicy != nil {
		p, err := iam.NewPolicy(ctx, name+"-access-supply", &iam.PolicyArgs{
			Description: pulumi.String(fmt.Sprintf("Package and image supply path permissions of landing zone %s", name)),
			Policy:      args.SupplyPolicy,
			Tags:        tags,
		}, parent)
		if err != nil {
			return nil, err
		}
		accessArns = append(accessArns, p.Arn)
		policyArns = append(policyArns, p.Arn)
		attachKeys = append(attachKeys, "access-supply")
	}

	trust := iampolicy.ExecutionRoleTrustPolicy().MustJSON()
	role := func(roleName, description string) (pulumi.StringOutput, error) {
		r, err := iam.NewRole(ctx, roleName, &iam.RoleArgs{
			Description:      pulumi.String(description),
			AssumeRolePolicy: pulumi.String(trust),
			Tags:             tags,
		}, parent)
		if err != nil {
			return pulumi.StringOutput{}, err
		}
		if _, err := iam.NewRolePolicy(ctx, roleName+"-pass-self", &iam.RolePolicyArgs{
			Role: r.ID(),
			Policy: r.Arn.ApplyT(func(arn string) string {
				return iampolicy.PassRoleSelfPolicy(arn).MustJSON()
			}).(pulumi.StringOutput),
		}, parent); err != nil {
			return pulumi.StringOutput{}, err
		}
		for i, arn := range policyArns {
			if _, err := iam.NewRolePolicyAttachment(ctx, roleName+"-"+attachKeys[i], &iam.RolePolicyAttachmentArgs{
				Role:      r.ID(),
				PolicyArn: arn,
			}, parent); err != nil {
				return pulumi.StringOutput{}, err
			}
		}
		return r.Arn, nil
	}
	c.ExecutionRoleArn, err = role(name+"-execution", fmt.Sprintf("SageMaker execution role of landing zone %s", name))
	if err != nil {
		return nil, err
	}
	users := pulumi.StringMap{}
	for _, key := range args.ExtraRoles {
		arn, err := role(name+"-user-"+key, fmt.Sprintf("SageMaker execution role of %s in landing zone %s", key, name))
		if err != nil {
			return nil, err
		}
		users[key] = arn
		c.UserRoles[key] = arn
	}

	scpIDs := pulumi.StringArray{}
	if args.CreateServiceControlPolicy {
		scpOpts := []pulumi.ResourceOption{parent}
		if args.ScpProvider != nil {
			scpOpts = append(scpOpts, pulumi.Provider(args.ScpProvider))
		}
		for i := range scpLayout {
			key := "scp-" + scpKeys[i]
			p, err := organizations.NewPolicy(ctx, name+"-"+key, &organizations.PolicyArgs{
				Type:    pulumi.String("SERVICE_CONTROL_POLICY"),
				Content: scpDocs.Index(pulumi.Int(i)),
				Description: pulumi.String(fmt.Sprintf("SageMaker deny guard of landing zone %s (%s)",
					name, key)),
				Tags: tags,
			}, scpOpts...)
			if err != nil {
				return nil, err
			}
			scpIDs = append(scpIDs, p.ID().ToStringOutput())
			// One attachment per target, named by the policy's key and the target id: adding a
			// target or a document never renames an existing attachment.
			for _, target := range args.ScpTargetIds {
				if _, err := organizations.NewPolicyAttachment(ctx, name+"-"+key+"-"+target, &organizations.PolicyAttachmentArgs{
					PolicyId: p.ID(),
					TargetId: pulumi.String(target),
				}, scpOpts...); err != nil {
					return nil, err
				}
			}
		}
	}

	c.DenyGuardPolicyArns = denyArns.ToStringArrayOutput()
	c.DenyGuardPolicyDocuments = managedDocs
	c.AccessPolicyArns = accessArns.ToStringArrayOutput()
	c.UserExecutionRoleArns = users.ToStringMapOutput()
	c.ServiceControlPolicyDocuments = scpDocs
	c.ServiceControlPolicyIds = scpIDs.ToStringArrayOutput()
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"denyGuardPolicyArns":           c.DenyGuardPolicyArns,
		"denyGuardPolicyDocuments":      c.DenyGuardPolicyDocuments,
		"accessPolicyArns":              c.AccessPolicyArns,
		"executionRoleArn":              c.ExecutionRoleArn,
		"userExecutionRoleArns":         c.UserExecutionRoleArns,
		"serviceControlPolicyDocuments": c.ServiceControlPolicyDocuments,
		"serviceControlPolicyIds":       c.ServiceControlPolicyIds,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

// guardrailsCapacity resolves a Max*Ids default.
func guardrailsCapacity(set int, in pulumi.StringArrayInput, def int) int {
	if set > 0 {
		return set
	}
	if plain, ok := in.(pulumi.StringArray); ok && len(plain) > 0 {
		return len(plain)
	}
	return def
}

// guardrailsFields name the arguments a rendered guard's lists and capacities came from.
type guardrailsFields struct{ subnets, maxSubnets, sgs, maxSGs string }

var (
	guardrailsOwnFields = guardrailsFields{"SpokeSubnetIds", "MaxSubnetIds", "SecurityGroupIds", "MaxSecurityGroupIds"}
	guardrailsScpFields = guardrailsFields{"ScpSubnetIds", "MaxScpSubnetIds", "ScpSecurityGroupIds", "MaxScpSecurityGroupIds"}
)

// guardrailsCheckResolved checks the resolved IDs against the capacity and their formats, naming
// the argument each came from.
func guardrailsCheckResolved(name string, spec iampolicy.GuardSpec, maxSubnets, maxSGs int, f guardrailsFields) error {
	var errs []error
	if n := len(core.Dedupe(spec.SubnetIds)); n > maxSubnets {
		errs = append(errs, fmt.Errorf("Guardrails %q: %s resolved to %d subnets: want at most %s (%d); raise %s",
			name, f.subnets, n, f.maxSubnets, maxSubnets, f.maxSubnets))
	}
	if n := len(core.Dedupe(spec.SecurityGroupIds)); n > maxSGs {
		errs = append(errs, fmt.Errorf("Guardrails %q: %s resolved to %d groups: want at most %s (%d); raise %s",
			name, f.sgs, n, f.maxSGs, maxSGs, f.maxSGs))
	}
	check := func(field string, ids []string, re *regexp.Regexp, want string) {
		if len(ids) == 0 {
			errs = append(errs, fmt.Errorf("Guardrails %q: %s resolved to no IDs: want at least one %s", name, field, want))
		}
		for i, id := range ids {
			if !re.MatchString(id) {
				errs = append(errs, fmt.Errorf("Guardrails %q: %s[%d] resolved to %q: want %s", name, field, i, id, want))
			}
		}
	}
	check(f.subnets, spec.SubnetIds, core.SubnetIDRe, "subnet id (subnet-...)")
	check(f.sgs, spec.SecurityGroupIds, core.SgIDRe, "security group id (sg-...)")
	check(`Hub.EndpointIds["sagemaker.api"]`, spec.ApiEndpointIds, core.VpceIDRe, "VPC endpoint id (vpce-...) of the hub's sagemaker.api endpoint")
	check(`Hub.EndpointIds["studio"]`, spec.StudioEndpointIds, core.VpceIDRe, "VPC endpoint id (vpce-...) of the hub's studio endpoint")
	return errors.Join(errs...)
}

// Validate checks the arguments of the Guardrails name without registering anything — fields,
// and whether the deny guard for the capacities and the execution roles' permissions fit IAM's
// and Organizations' document limits: nil, or the joined *arg.Error values, each naming the
// field, the value and what is allowed. NewGuardrails calls it first.
func (a *GuardrailsArgs) Validate(name string) error {
	if err := validateGuardrails(name, a); err != nil {
		return err
	}
	p := core.NewProblems("Guardrails", name)
	regulated := a.DataSensitivity == guardrailsRegulated
	maxSubnets := guardrailsCapacity(a.MaxSubnetIds, a.SpokeSubnetIds, DefaultMaxSubnetIds)
	maxSGs := guardrailsCapacity(a.MaxSecurityGroupIds, a.SecurityGroupIds, DefaultMaxSecurityGroupIds)
	capacity := iampolicy.WorstCaseSpec(maxSubnets, maxSGs, 1, regulated, a.DenyNotebookRootAccess)
	// The same layouts NewGuardrails computes: the managed guard, and the SCP form (which keeps the
	// presigned-URL statement and carries the exemptions).
	if _, _, err := iampolicy.GuardLayout(capacity, iampolicy.ManagedPolicyLimit); err != nil {
		p.Bad("MaxSubnetIds", maxSubnets, fmt.Sprintf("capacities (with MaxSecurityGroupIds = %d) whose ID lists fit one managed policy statement: %v",
			maxSGs, err))
	}
	scpCapacity := capacity
	scpCapacity.DenyPresignedUrlOutsideApi = true
	if _, _, err := iampolicy.ServiceControlLayout(scpCapacity, a.ScpExemptPrincipalArns, iampolicy.SCPLimit); err != nil {
		p.Bad("MaxSubnetIds", maxSubnets, fmt.Sprintf("capacities (with MaxSecurityGroupIds = %d and %d ScpExemptPrincipalArns) whose lists fit one service control policy statement: %v",
			maxSGs, len(a.ScpExemptPrincipalArns), err))
	}
	stmts, err := iampolicy.StudioAccessPolicy(iampolicy.AccessSpec{Partition: iampolicy.PartitionOf(a.Region),
		BucketNames: a.BucketNames, KmsKeyArns: a.KmsKeyArns, LogGroupArns: a.LogGroupArns, EcrRepositoryArns: a.EcrRepositoryArns})
	if err == nil {
		_, _, err = iampolicy.SplitGroups(stmts, iampolicy.AccessGroups(), iampolicy.ManagedPolicyLimit)
	}
	if err != nil {
		p.Bad("BucketNames", fmt.Sprintf("%d buckets", len(a.BucketNames)),
			fmt.Sprintf("fewer buckets and ARNs, so that each permission statement fits a managed policy: %v", err))
	}
	return p.Err()
}

// validateGuardrails checks the fields of args one by one (GuardrailsArgs.Validate).
func validateGuardrails(name string, args *GuardrailsArgs) error {
	p := core.NewProblems("Guardrails", name)
	bad, missing := p.Bad, p.Missing
	if args == nil {
		missing("args", "a *GuardrailsArgs")
		return p.Err()
	}
	if name == "" {
		missing("name", "a non-empty component name")
	}
	p.CheckRoleName(name, guardrailsRoleSuffix)
	if args.Region == "" {
		missing("Region", "an AWS region name, e.g. us-east-1")
	} else if !core.RegionRe.MatchString(args.Region) {
		bad("Region", args.Region, "an AWS region name, e.g. us-east-1")
	}
	ids := func(field string, in pulumi.StringArrayInput, re *regexp.Regexp, want string) {
		switch v := in.(type) {
		case nil:
			missing(field, want)
		case pulumi.StringArray:
			if len(v) == 0 {
				bad(field, "[]", want)
			}
			for i, e := range v {
				if s, ok := e.(pulumi.String); ok && !re.MatchString(string(s)) {
					bad(fmt.Sprintf("%s[%d]", field, i), s, want)
				}
			}
		}
	}
	ids("SpokeSubnetIds", args.SpokeSubnetIds, core.SubnetIDRe, "at least one spoke subnet id (subnet-...)")
	ids("SecurityGroupIds", args.SecurityGroupIds, core.SgIDRe, "at least one Studio security group id (sg-...)")
	p.Add("", args.Hub.Check(network.HubNeeds{Region: args.Region, Endpoints: network.PresignedUrlEndpointKeys()}))
	okSensitivity := false
	for _, s := range guardrailsSensitivities {
		okSensitivity = okSensitivity || args.DataSensitivity == s
	}
	if !okSensitivity {
		bad("DataSensitivity", args.DataSensitivity, "one of "+strings.Join(guardrailsSensitivities, ", "))
	}
	for _, f := range []struct {
		field string
		v     int
	}{{"MaxSubnetIds", args.MaxSubnetIds}, {"MaxSecurityGroupIds", args.MaxSecurityGroupIds}} {
		if f.v < 0 {
			bad(f.field, f.v, "0 (the default) or a positive count")
		}
	}
	if plain, ok := args.SpokeSubnetIds.(pulumi.StringArray); ok && args.MaxSubnetIds > 0 && len(plain) > args.MaxSubnetIds {
		bad("MaxSubnetIds", args.MaxSubnetIds, fmt.Sprintf("at least len(SpokeSubnetIds) = %d", len(plain)))
	}
	if plain, ok := args.SecurityGroupIds.(pulumi.StringArray); ok && args.MaxSecurityGroupIds > 0 && len(plain) > args.MaxSecurityGroupIds {
		bad("MaxSecurityGroupIds", args.MaxSecurityGroupIds, fmt.Sprintf("at least len(SecurityGroupIds) = %d", len(plain)))
	}
	p.Add("", iampolicy.ValidatePrincipalArnPatterns("ScpExemptPrincipalArns", args.ScpExemptPrincipalArns))
	p.CheckOrganizationTargets("ScpTargetIds", args.ScpTargetIds, "CreateServiceControlPolicy", args.CreateServiceControlPolicy)
	if args.ScpSubnetIds != nil {
		ids("ScpSubnetIds", args.ScpSubnetIds, core.SubnetIDRe, "at least one spoke subnet id (subnet-...), or nil for SpokeSubnetIds")
	}
	if args.ScpSecurityGroupIds != nil {
		ids("ScpSecurityGroupIds", args.ScpSecurityGroupIds, core.SgIDRe, "at least one security group id (sg-...), or nil for SecurityGroupIds")
	}
	for _, f := range []struct {
		field string
		v     int
	}{{"MaxScpSubnetIds", args.MaxScpSubnetIds}, {"MaxScpSecurityGroupIds", args.MaxScpSecurityGroupIds}} {
		if f.v < 0 {
			bad(f.field, f.v, "0 (the default) or a positive count")
		}
	}
	if args.SupplyPolicy != nil && core.UnsetInput(args.SupplyPolicy) {
		bad("SupplyPolicy", "zero-value Output", "the supply path's policy document (SupplyAccessPolicy), or nil")
	}
	checkAccessLists(p, args)
	seen := map[string]int{}
	maxKey := arg.IAMRoleNameMaxLength - arg.PulumiAutoNameSuffixLength - len(name+"-user-")
	for i, key := range args.ExtraRoles {
		field := fmt.Sprintf("ExtraRoles[%d]", i)
		switch {
		case !guardrailsRoleKeyRe.MatchString(key):
			bad(field, key, "a key of IAM role name characters (letters, digits, +=,.@_-)")
		case len(key) > maxKey:
			bad(field, key, fmt.Sprintf("at most %d characters, so that the role name %q-user-<key>-<suffix> fits IAM's %d", maxKey, name, arg.IAMRoleNameMaxLength))
		default:
			if j, dup := seen[strings.ToLower(key)]; dup {
				bad(field, key, fmt.Sprintf("a key not already listed (ExtraRoles[%d] has it; IAM role names compare case-insensitively)", j))
			}
			seen[strings.ToLower(key)] = i
		}
	}
	return p.Err()
}

// CheckScpTargetIds checks GuardrailsArgs.ScpTargetIds on their own, with the rule
// OrganizationGuardrails' TargetIds use (a root, OU or account id, each once: core.OrgTargetIDRe) and refusing
// targets without create (CreateServiceControlPolicy: nothing is created to attach). It returns
// nil or the joined *arg.Error values ("ScpTargetIds[i]", "ScpTargetIds"), without a component;
// GuardrailsArgs.Validate applies the same rule. Config calls it for guards.scpTargetIds.
func CheckScpTargetIds(ids []string, create bool) error {
	p := core.NewProblems("", "")
	p.CheckOrganizationTargets("ScpTargetIds", ids, "CreateServiceControlPolicy", create)
	return p.Err()
}
