package studio

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sagemaker"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/supply"
)

// StudioDomainType is the type token of the StudioDomain component (public API).
const StudioDomainType = "vpconly:sagemaker:StudioDomain"

// studioAppNetworkAccessType is the only network mode a StudioDomain ever has. It is a constant,
// not an argument: no field of StudioDomainArgs or StudioUser reaches DomainArgs.AppNetworkAccessType
// (a test reflects over both structs), and transformations passed to the component, the other
// way a caller could rewrite a child's inputs, are refused by NewStudioDomain.
const studioAppNetworkAccessType = "VpcOnly"

const (
	StudioAuthModeIAM = "IAM"

	StudioAuthModeSSO = "SSO"

	studioRetain = "Retain"

	studioDelete = "Delete"

	studioSharingDisabled = "Disabled"

	studioSharingAllowed = "Allowed"

	studioTagPropagationOn = "ENABLED"

	studioIdentityByProfile = "USER_PROFILE_NAME"

	studioIdentityDisabled = "DISABLED"

	// studioMaxSubnets is the domain's subnet limit (terraform-provider-aws aws_sagemaker_domain
	// subnet_ids MaxItems 16).
	studioMaxSubnets = 16
)

// StudioUser is one SageMaker Studio user profile.
type StudioUser struct {
	// Name is the SageMaker user profile name. Required; it must match SageMakerNamePattern, be at
	// most 63 characters and be unique in the domain (compared case-insensitively).
	Name string `pulumi:"name,optional"`
	// Owner is the user's owner tag (an email or team). Required.
	Owner string `pulumi:"owner,optional"`
	// SecurityGroupId is the user's own security group (from StudioSecurityGroups, so that users
	// cannot reach each other's apps). Default nil: the domain's SecurityGroupId.
	SecurityGroupId pulumi.StringInput `pulumi:"securityGroupId,optional"`
	// ExecutionRoleArn is the user's own execution role. Default nil: the domain's ExecutionRoleArn.
	ExecutionRoleArn pulumi.StringInput `pulumi:"executionRoleArn,optional"`
	// SsoUserName is the IAM Identity Center user name of the profile, used only when the domain's
	// AuthMode is "SSO" (CreateUserProfile.SingleSignOnUserValue). Default "": Owner.
	SsoUserName string `pulumi:"ssoUserName,optional"`
	// Tags are merged into the profile's tags after the domain's Tags; the owner tag is always
	// Owner (a different "owner" value here is an error). Default none.
	Tags map[string]string `pulumi:"tags,optional"`
}

// StudioDomainArgs configure a StudioDomain. The domain is always VpcOnly: there is no argument to
// change that.
type StudioDomainArgs struct {
	// DomainName is the SageMaker domain name. Required; SageMakerNamePattern, at most 63 characters.
	DomainName string `pulumi:"domainName,optional"`
	// VpcId is the spoke VPC. Required.
	VpcId pulumi.StringInput `pulumi:"vpcId,optional"`
	// SubnetIds are the spoke's isolated subnets, 1 to 16. Required. Changing them REPLACES the
	// domain (the provider marks subnet_ids ForceNew): see NewStudioDomain.
	SubnetIds pulumi.StringArrayInput `pulumi:"subnetIds,optional"`
	// SecurityGroupId is the domain's Studio security group, set in DefaultUserSettings,
	// DefaultSpaceSettings and DomainSettings (VpcOnly requires security groups on every user
	// setting) and, without JobSecurityGroupId, in JobNetworkConfig. Required. Changing it
	// replaces the domain (DomainSettings security_group_ids is ForceNew).
	SecurityGroupId pulumi.StringInput `pulumi:"securityGroupId,optional"`
	// ExecutionRoleArn is the default execution role of users and shared spaces. Required.
	ExecutionRoleArn pulumi.StringInput `pulumi:"executionRoleArn,optional"`
	// AuthMode is "IAM" or "SSO". Default "IAM". Changing it replaces the domain.
	AuthMode string `pulumi:"authMode,optional"`
	// Users are the Studio user profiles. Default none.
	Users []StudioUser `pulumi:"users,optional"`
	// Protect protects the domain, its KMS key and its user profiles (pulumi.Protect), and keeps
	// the KMS key in AWS if it ever leaves the stack (pulumi.RetainOnDelete). Set it in prod.
	// Default false.
	Protect bool `pulumi:"protect,optional"`
	// RetainHomeEfs keeps the home EFS when the domain is deleted (RetentionPolicy
	// HomeEfsFileSystem "Retain"). Default nil: true. false ("Delete") is refused when Protect is set.
	RetainHomeEfs *bool `pulumi:"retainHomeEfs,optional"`
	// SharingS3OutputPath turns notebook sharing with cell output on: an s3://bucket[/prefix]
	// path. Requires SharingKmsKeyArn. Default "": NotebookOutputOption "Disabled".
	SharingS3OutputPath string `pulumi:"sharingS3OutputPath,optional"`
	// SharingKmsKeyArn is the KMS key (key or alias ARN) that encrypts shared notebook output.
	// Required with SharingS3OutputPath, refused without it. Default "".
	SharingKmsKeyArn string `pulumi:"sharingKmsKeyArn,optional"`
	// Regulated turns network isolation and inter-container traffic encryption on in
	// JobNetworkConfig. Default false.
	Regulated bool `pulumi:"regulated,optional"`
	// JobSecurityGroupId is the spoke's job security group (JobSecurityGroup): the group
	// JobNetworkConfig hands to jobs. It is an output only, never an input of the domain, so
	// setting or changing it never updates the domain. Default nil: SecurityGroupId (whose
	// Studio rules do not let a job's instances talk to each other: distributed training needs
	// the job group).
	JobSecurityGroupId pulumi.StringInput `pulumi:"jobSecurityGroupId,optional"`
	// SourceIdentity sets DomainSettings.ExecutionRoleIdentityConfig to USER_PROFILE_NAME, so that
	// CloudTrail names the user profile behind every call made with a shared execution role. The
	// execution roles' trust policies must then allow sts:SetSourceIdentity. Default nil: true.
	SourceIdentity *bool `pulumi:"sourceIdentity,optional"`
	// Tags are merged into the tags of the KMS key, the domain and every user profile (the stack's
	// cost tags come from the provider's defaultTags). Default none.
	Tags map[string]string `pulumi:"tags,optional"`
	// Supply attaches the package and image supply path (lifecycle configurations, custom
	// images) to the default user and space settings. Default nil: none.
	Supply *supply.StudioSupply `pulumi:"supply,optional"`
}

// JobNetworkConfig is what a team passes to the SageMaker Python SDK's NetworkConfig (subnets,
// security_group_ids, enable_network_isolation, encrypt_inter_container_traffic) or to the
// CreateTrainingJob / CreateProcessingJob API (VpcConfig.Subnets, VpcConfig.SecurityGroupIds,
// EnableNetworkIsolation, EnableInterContainerTrafficEncryption), so that the deny guards allow
// its jobs and pipelines.
type JobNetworkConfig struct {
	// Subnets are the job's VPC subnets (the spoke's).
	Subnets []string `pulumi:"subnets"`
	// SecurityGroupIds are the job's security groups (the spoke's job security group).
	SecurityGroupIds []string `pulumi:"securityGroupIds"`
	// EnableNetworkIsolation is the job's network isolation: true for regulated data.
	EnableNetworkIsolation bool `pulumi:"enableNetworkIsolation"`
	// EnableInterContainerTrafficEncryption encrypts traffic between the job's containers: true
	// for regulated data.
	EnableInterContainerTrafficEncryption bool `pulumi:"enableInterContainerTrafficEncryption"`
}

// JobNetworkConfigOutput is an Output of a JobNetworkConfig.
type JobNetworkConfigOutput struct{ *pulumi.OutputState }

// ElementType implements pulumi.Output.
func (JobNetworkConfigOutput) ElementType() reflect.Type {
	return reflect.TypeOf((*JobNetworkConfig)(nil)).Elem()
}

// Subnets is the job's VPC subnets.
func (o JobNetworkConfigOutput) Subnets() pulumi.StringArrayOutput {
	return o.ApplyT(func(j JobNetworkConfig) []string { return j.Subnets }).(pulumi.StringArrayOutput)
}

// SecurityGroupIds is the job's VPC security groups.
func (o JobNetworkConfigOutput) SecurityGroupIds() pulumi.StringArrayOutput {
	return o.ApplyT(func(j JobNetworkConfig) []string { return j.SecurityGroupIds }).(pulumi.StringArrayOutput)
}

// EnableNetworkIsolation is whether the job runs without network access from its containers.
func (o JobNetworkConfigOutput) EnableNetworkIsolation() pulumi.BoolOutput {
	return o.ApplyT(func(j JobNetworkConfig) bool { return j.EnableNetworkIsolation }).(pulumi.BoolOutput)
}

// EnableInterContainerTrafficEncryption is whether traffic between a job's containers is encrypted.
func (o JobNetworkConfigOutput) EnableInterContainerTrafficEncryption() pulumi.BoolOutput {
	return o.ApplyT(func(j JobNetworkConfig) bool { return j.EnableInterContainerTrafficEncryption }).(pulumi.BoolOutput)
}

func init() {
	pulumi.RegisterOutputType(JobNetworkConfigOutput{})
}

// StudioDomain is a VpcOnly SageMaker Studio domain with its home-EFS KMS key and user profiles.
type StudioDomain struct {
	pulumi.ResourceState

	// DomainId is the SageMaker domain id (d-...).
	DomainId pulumi.StringOutput `pulumi:"domainId"`
	// DomainArn is the SageMaker domain ARN.
	DomainArn pulumi.StringOutput `pulumi:"domainArn"`
	// Url is the domain's Studio URL.
	Url pulumi.StringOutput `pulumi:"url"`
	// HomeEfsFileSystemId is the EFS file system SageMaker made for the users' home directories.
	HomeEfsFileSystemId pulumi.StringOutput `pulumi:"homeEfsFileSystemId"`
	// KmsKeyArn is the KMS key encrypting the domain's storage.
	KmsKeyArn pulumi.StringOutput `pulumi:"kmsKeyArn"`
	// SecurityGroupIds are the domain's security groups.
	SecurityGroupIds pulumi.StringArrayOutput `pulumi:"securityGroupIds"`
	// UserProfileArns are the user profiles' ARNs by user name.
	UserProfileArns pulumi.StringMapOutput `pulumi:"userProfileArns"`
	// JobNetworkConfig is the network configuration SageMaker jobs in this domain's spoke must use
	// (the SageMaker Python SDK's NetworkConfig).
	JobNetworkConfig JobNetworkConfigOutput `pulumi:"jobNetworkConfig"`
}

// NewStudioDomain creates a VpcOnly SageMaker Studio domain, a customer-managed KMS key for its
// home EFS, and its user profiles.
//
// Children (names derive from name and a stable key):
//   - aws:kms/key:Key "<name>-home-efs": rotation on, 30-day deletion window, key policy that lets
//     the account administer the key and use it only through SageMaker, EFS and EC2 (EBS).
//   - aws:sagemaker/domain:Domain "<name>": AppNetworkAccessType VpcOnly, the given subnets and
//     security group, RetentionPolicy.HomeEfsFileSystem Retain (default), tag propagation on.
//   - aws:sagemaker/userProfile:UserProfile "<name>-<user>": one per user; it depends on the
//     domain through DomainId, so a destroy deletes profiles before the domain.
//
// Home directories. Deleting a domain with Retain keeps its home EFS (and the SageMaker-made NFS
// security groups). Deleting a user profile loses the user's access to their EFS directory
// (DeleteUserProfile API reference). So with Protect (prod):
//   - the domain, the KMS key and every user profile are protected: removing a user from config,
//     renaming one, or a `pulumi destroy` fails instead of deleting anything;
//   - a change the provider can only make by REPLACING the domain (subnets, VPC, domain name,
//     auth mode, DomainSettings security groups, KMS key, retention policy: all ForceNew in the
//     provider) also fails, because Pulumi refuses to delete a protected resource as part of a
//     replacement. The domain is therefore never replaced silently in prod; a replacement has to be
//     planned (unprotect, migrate the home directories, up). We never set DeleteBeforeReplace: with
//     it an unprotected replacement would delete the old domain before the new one exists;
//   - the KMS key is also RetainOnDelete: the retained EFS is encrypted with it and would be
//     unreadable if the key were deleted, so the key stays in AWS even after an unprotect+destroy.
//
// Outside prod a replacement or destroy still deletes the domain with Retain (the old state's
// policy is used on delete), and the key gets the 30-day deletion window.
//
// All arguments are validated before the first resource is registered. Transformations and
// transforms are refused in opts: through them a caller could rewrite the domain's
// AppNetworkAccessType. Stack-wide transforms (ctx.RegisterResourceTransform) are beyond a
// component's reach; the policy pack's VpcOnly rule is the backstop for those.
//
// ForceNew facts above: terraform-provider-aws internal/service/sagemaker/domain.go (the bridged
// provider of pulumi-aws), schema of aws_sagemaker_domain; its delete reads retention_policy from
// the prior state.
func NewStudioDomain(ctx *pulumi.Context, name string, args *StudioDomainArgs, opts ...pulumi.ResourceOption) (*StudioDomain, error) {
	if err := errors.Join(args.Validate(name), checkStudioOptions(name, opts)); err != nil {
		return nil, err
	}
	c := &StudioDomain{}
	if err := ctx.RegisterComponentResource(StudioDomainType, name, c, opts...); err != nil {
		return nil, err
	}
	parent := pulumi.Parent(c)

	// Stateful children: protected in prod. Protect(false) is not passed outside prod, so that a
	// pulumi.Protect given to the component itself still reaches them by inheritance.
	stateful := []pulumi.ResourceOption{parent}
	if args.Protect {
		stateful = append(stateful, pulumi.Protect(true))
	}
	keyOpts := append([]pulumi.ResourceOption{}, stateful...)
	if args.Protect {
		keyOpts = append(keyOpts, pulumi.RetainOnDelete(true))
	}

	// The invokes go through the component's provider (Parent), so an explicit provider's account
	// and region are the ones in the key policy.
	account := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, parent).AccountId()
	partition := aws.GetPartitionOutput(ctx, aws.GetPartitionOutputArgs{}, parent)
	region := aws.GetRegionOutput(ctx, aws.GetRegionOutputArgs{}, parent).Name()
	policy := pulumi.All(account, partition.Partition(), partition.DnsSuffix(), region).ApplyT(
		func(v []interface{}) (string, error) {
			return StudioHomeKeyPolicy(v[0].(string), v[1].(string), v[2].(string), v[3].(string))
		}).(pulumi.StringOutput)

	tags := core.MergeTags(args.Tags)
	key, err := kms.NewKey(ctx, name+"-home-efs", &kms.KeyArgs{
		Description: pulumi.String(fmt.Sprintf(
			"SageMaker Studio domain %s: home EFS and space volumes", args.DomainName)),
		KeyUsage:             pulumi.String("ENCRYPT_DECRYPT"),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(core.KeyDeletionWindowDays),
		Policy:               policy,
		Tags:                 tags,
	}, keyOpts...)
	if err != nil {
		return nil, err
	}

	sharing := &sagemaker.DomainDefaultUserSettingsSharingSettingsArgs{
		NotebookOutputOption: pulumi.String(studioSharingDisabled),
	}
	if args.SharingS3OutputPath != "" {
		sharing = &sagemaker.DomainDefaultUserSettingsSharingSettingsArgs{
			NotebookOutputOption: pulumi.String(studioSharingAllowed),
			S3OutputPath:         pulumi.String(args.SharingS3OutputPath),
			S3KmsKeyId:           pulumi.String(args.SharingKmsKeyArn),
		}
	}
	identity := studioIdentityByProfile
	if args.SourceIdentity != nil && !*args.SourceIdentity {
		identity = studioIdentityDisabled
	}
	retention := studioRetain
	if !args.retainHomeEfs() {
		retention = studioDelete
	}
	domainSG := pulumi.StringArray{args.SecurityGroupId}
	domain, err := sagemaker.NewDomain(ctx, name, &sagemaker.DomainArgs{
		DomainName:           pulumi.String(args.DomainName),
		AuthMode:             pulumi.String(args.authMode()),
		AppNetworkAccessType: pulumi.String(studioAppNetworkAccessType),
		VpcId:                args.VpcId,
		SubnetIds:            args.SubnetIds,
		KmsKeyId:             key.Arn,
		RetentionPolicy: &sagemaker.DomainRetentionPolicyArgs{
			HomeEfsFileSystem: pulumi.String(retention),
		},
		TagPropagation: pulumi.String(studioTagPropagationOn),
		DefaultUserSettings: args.Supply.User(&sagemaker.DomainDefaultUserSettingsArgs{
			ExecutionRole:   args.ExecutionRoleArn,
			SecurityGroups:  domainSG,
			SharingSettings: sharing,
		}),
		DefaultSpaceSettings: args.Supply.Space(&sagemaker.DomainDefaultSpaceSettingsArgs{
			ExecutionRole:  args.ExecutionRoleArn,
			SecurityGroups: domainSG,
		}),
		DomainSettings: &sagemaker.DomainDomainSettingsArgs{
			SecurityGroupIds:            domainSG,
			ExecutionRoleIdentityConfig: pulumi.String(identity),
		},
		Tags: tags,
	}, stateful...)
	if err != nil {
		return nil, err
	}
	domainID := domain.ID().ToStringOutput()

	allSGs := pulumi.StringArray{args.SecurityGroupId}
	arns := pulumi.StringMap{}
	for _, u := range args.Users {
		sg, role := args.SecurityGroupId, args.ExecutionRoleArn
		if u.SecurityGroupId != nil {
			sg = u.SecurityGroupId
			allSGs = append(allSGs, sg)
		}
		if u.ExecutionRoleArn != nil {
			role = u.ExecutionRoleArn
		}
		profile := &sagemaker.UserProfileArgs{
			DomainId:        domainID,
			UserProfileName: pulumi.String(u.Name),
			UserSettings: &sagemaker.UserProfileUserSettingsArgs{
				ExecutionRole:  role,
				SecurityGroups: pulumi.StringArray{sg},
			},
			Tags: core.MergeTags(args.Tags, u.Tags, map[string]string{studioOwnerTag: u.Owner}),
		}
		if args.authMode() == StudioAuthModeSSO {
			ssoName := u.SsoUserName
			if ssoName == "" {
				ssoName = u.Owner
			}
			profile.SingleSignOnUserIdentifier = pulumi.String("UserName")
			profile.SingleSignOnUserValue = pulumi.String(ssoName)
		}
		up, err := sagemaker.NewUserProfile(ctx, name+"-"+u.Name, profile, stateful...)
		if err != nil {
			return nil, err
		}
		arns[u.Name] = up.Arn
	}

	regulated := args.Regulated
	c.DomainId = domainID
	c.DomainArn = domain.Arn
	c.Url = domain.Url
	c.HomeEfsFileSystemId = domain.HomeEfsFileSystemId
	c.KmsKeyArn = key.Arn
	c.SecurityGroupIds = allSGs.ToStringArrayOutput().ApplyT(core.Dedupe).(pulumi.StringArrayOutput)
	c.UserProfileArns = arns.ToStringMapOutput()
	jobSG := args.SecurityGroupId
	if args.JobSecurityGroupId != nil {
		jobSG = args.JobSecurityGroupId
	}
	c.JobNetworkConfig = pulumi.All(args.SubnetIds, jobSG).ApplyT(
		func(v []interface{}) JobNetworkConfig {
			return JobNetworkConfig{
				Subnets:                               append([]string{}, v[0].([]string)...),
				SecurityGroupIds:                      []string{v[1].(string)},
				EnableNetworkIsolation:                regulated,
				EnableInterContainerTrafficEncryption: regulated,
			}
		}).(JobNetworkConfigOutput)

	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"domainId":            c.DomainId,
		"domainArn":           c.DomainArn,
		"url":                 c.Url,
		"homeEfsFileSystemId": c.HomeEfsFileSystemId,
		"kmsKeyArn":           c.KmsKeyArn,
		"securityGroupIds":    c.SecurityGroupIds,
		"userProfileArns":     c.UserProfileArns,
		"jobNetworkConfig":    c.JobNetworkConfig,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

func (a *StudioDomainArgs) authMode() string {
	if a.AuthMode == "" {
		return StudioAuthModeIAM
	}
	return a.AuthMode
}

func (a *StudioDomainArgs) retainHomeEfs() bool {
	return a.RetainHomeEfs == nil || *a.RetainHomeEfs
}

// studioOwnerTag is the FinOps owner tag key (config.TagOwner).
const studioOwnerTag = "owner"

var (
	studioRoleArnRe = regexp.MustCompile(`^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]+$`)
	studioS3PathRe  = regexp.MustCompile(`^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?$`)
)

// checkStudioOptions refuses transformations among the resource options: one could turn the
// domain's VpcOnly network access off. They are not arguments, so Validate cannot see them;
// NewStudioDomain checks them with its arguments.
func checkStudioOptions(name string, opts []pulumi.ResourceOption) error {
	p := core.NewProblems("StudioDomain", name)
	if ro, err := pulumi.NewResourceOptions(opts...); err == nil && (len(ro.Transformations) > 0 || len(ro.Transforms) > 0) {
		p.Bad("opts", fmt.Sprintf("%d transformation(s)", len(ro.Transformations)+len(ro.Transforms)),
			"no transformations: one could turn the domain's VpcOnly network access off")
	}
	return p.Err()
}

// Validate checks the arguments of the StudioDomain name without registering anything: nil, or
// the joined *arg.Error values, each naming the field, the value and what is allowed.
// NewStudioDomain calls it first, and also refuses resource options with transformations (they
// are not arguments: one could turn the domain's VpcOnly network access off).
func (args *StudioDomainArgs) Validate(name string) error {
	p := core.NewProblems("StudioDomain", name)
	if args == nil {
		p.Missing("args", "a *StudioDomainArgs")
		return p.Err()
	}
	nameWant := fmt.Sprintf("a SageMaker name: %s, at most %d characters", arg.SageMakerNamePattern, arg.SageMakerNameMaxLength)
	if args.DomainName == "" {
		p.Missing("DomainName", nameWant)
	} else if !arg.ValidSageMakerName(args.DomainName) {
		p.Bad("DomainName", args.DomainName, nameWant)
	}
	p.CheckString("VpcId", args.VpcId, core.VpcIDRe, "the spoke's VPC id (vpc-...)")
	p.CheckString("SecurityGroupId", args.SecurityGroupId, core.SgIDRe, "the domain's Studio security group id (sg-...)")
	p.CheckString("ExecutionRoleArn", args.ExecutionRoleArn, studioRoleArnRe, "an IAM role ARN (arn:aws:iam::<account>:role/...)")
	if args.JobSecurityGroupId != nil {
		p.CheckString("JobSecurityGroupId", args.JobSecurityGroupId, core.SgIDRe, "the spoke's job security group id (sg-...), or nil for SecurityGroupId")
	}
	subnetWant := fmt.Sprintf("the spoke's isolated subnet ids (subnet-...), 1 to %d, no duplicates", studioMaxSubnets)
	switch s := args.SubnetIds.(type) {
	case nil:
		p.Missing("SubnetIds", subnetWant)
	case pulumi.StringArrayOutput:
		if core.UnsetInput(s) {
			p.Bad("SubnetIds", "zero-value Output", subnetWant)
		}
	case pulumi.StringArray:
		if len(s) == 0 || len(s) > studioMaxSubnets {
			p.Bad("SubnetIds", fmt.Sprintf("%d subnets", len(s)), subnetWant)
		}
		seen := map[string]bool{}
		for i, in := range s {
			field := fmt.Sprintf("SubnetIds[%d]", i)
			if core.UnsetInput(in) {
				p.Missing(field, subnetWant)
				continue
			}
			if v, ok := core.KnownString(in); ok {
				if !core.SubnetIDRe.MatchString(v) || seen[v] {
					p.Bad(field, v, subnetWant)
				}
				seen[v] = true
			}
		}
	}
	switch args.AuthMode {
	case "", StudioAuthModeIAM, StudioAuthModeSSO:
	default:
		p.Bad("AuthMode", args.AuthMode, `"IAM" (the default) or "SSO"`)
	}
	if !args.retainHomeEfs() && args.Protect {
		p.Bad("RetainHomeEfs", false, "true (or unset) when Protect is set: a protected (prod) domain always retains home directories")
	}
	switch {
	case args.SharingS3OutputPath != "" && !studioS3PathRe.MatchString(args.SharingS3OutputPath):
		p.Bad("SharingS3OutputPath", args.SharingS3OutputPath, "an s3://bucket[/prefix] path, or empty to disable notebook output sharing")
	case args.SharingS3OutputPath != "" && args.SharingKmsKeyArn == "":
		p.Missing("SharingKmsKeyArn", "the KMS key ARN that encrypts shared notebook output (required with SharingS3OutputPath)")
	}
	if args.SharingKmsKeyArn != "" && args.SharingS3OutputPath == "" {
		p.Bad("SharingKmsKeyArn", args.SharingKmsKeyArn, "empty unless SharingS3OutputPath is set")
	} else if args.SharingKmsKeyArn != "" && !core.KmsKeyArnRe.MatchString(args.SharingKmsKeyArn) {
		p.Bad("SharingKmsKeyArn", args.SharingKmsKeyArn, "a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/...)")
	}

	p.Add("Supply", args.Supply.Validate())
	seen := map[string]int{}
	for i, u := range args.Users {
		field := fmt.Sprintf("Users[%d]", i)
		if u.Name != "" {
			field = fmt.Sprintf("Users[%s]", u.Name)
		}
		switch {
		case u.Name == "":
			p.Missing(field+".Name", nameWant)
		case !arg.ValidSageMakerName(u.Name):
			p.Bad(field+".Name", u.Name, nameWant)
		}
		if j, dup := seen[strings.ToLower(u.Name)]; dup && u.Name != "" {
			p.Bad(field+".Name", u.Name, fmt.Sprintf("a name not already used in this domain (Users[%d] has it; names compare case-insensitively)", j))
		} else {
			seen[strings.ToLower(u.Name)] = i
		}
		if strings.TrimSpace(u.Owner) == "" {
			p.Missing(field+".Owner", "the user's owner tag value (an email or team)")
		} else if !arg.ValidTagValue(u.Owner) {
			p.Bad(field+".Owner", u.Owner, "an AWS tag value: 1-256 letters, digits, spaces and _ . : / = + - @")
		}
		if t, ok := u.Tags[studioOwnerTag]; ok && t != u.Owner {
			p.Bad(field+".Tags[owner]", t, fmt.Sprintf("no owner tag, or the same value as Owner (%q)", u.Owner))
		}
		if u.SecurityGroupId != nil {
			p.CheckString(field+".SecurityGroupId", u.SecurityGroupId, core.SgIDRe, "the user's security group id (sg-...), or nil for the domain's")
		}
		if u.ExecutionRoleArn != nil {
			p.CheckString(field+".ExecutionRoleArn", u.ExecutionRoleArn, studioRoleArnRe, "an IAM role ARN, or nil for the domain's")
		}
		if u.SsoUserName != "" && args.authMode() != StudioAuthModeSSO {
			p.Bad(field+".SsoUserName", u.SsoUserName, `empty unless AuthMode is "SSO"`)
		}
	}
	return p.Err()
}

// StudioHomeKeyPolicy is the key policy of a domain's home-EFS KMS key, scoped to the account and
// to SageMaker:
//   - "AccountAdministersKey": the account (IAM policies decide who) may manage the key but not
//     use it; kms:CreateGrant is deliberately not in this list;
//   - "UseOnlyThroughSageMakerStorage": the account may use the key only through SageMaker and the
//     services that hold Studio's data (EFS for home directories, EC2 for space EBS volumes:
//     CreateDomain.KmsKeyId encrypts "EFS and EBS volumes attached to the domain"), and may grant
//     it only to those AWS resources (kms:GrantIsForAWSResource).
func StudioHomeKeyPolicy(accountID, partition, dnsSuffix, region string) (string, error) {
	if accountID == "" || partition == "" || dnsSuffix == "" || region == "" {
		return "", fmt.Errorf("StudioHomeKeyPolicy: account %q, partition %q, DNS suffix %q and region %q must all be set",
			accountID, partition, dnsSuffix, region)
	}
	root := map[string]string{"AWS": fmt.Sprintf("arn:%s:iam::%s:root", partition, accountID)}
	via := []string{}
	for _, svc := range []string{"sagemaker", "elasticfilesystem", "ec2"} {
		via = append(via, fmt.Sprintf("%s.%s.%s", svc, region, dnsSuffix))
	}
	sort.Strings(via)
	doc := struct {
		Version   string                 `json:"Version"`
		Statement []core.PolicyStatement `json:"Statement"`
	}{
		Version: "2012-10-17",
		Statement: []core.PolicyStatement{
			{
				Sid: "AccountAdministersKey", Effect: "Allow", Principal: root, Resource: "*",
				Action: []string{
					"kms:CancelKeyDeletion", "kms:CreateAlias", "kms:Delete*", "kms:Describe*",
					"kms:Disable*", "kms:Enable*", "kms:Get*", "kms:List*", "kms:Put*",
					"kms:Revoke*", "kms:RotateKeyOnDemand", "kms:ScheduleKeyDeletion",
					"kms:TagResource", "kms:UntagResource", "kms:Update*",
				},
			},
			{
				Sid: "UseOnlyThroughSageMakerStorage", Effect: "Allow", Principal: root, Resource: "*",
				Action: []string{
					"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*",
					"kms:ReEncrypt*",
				},
				Condition: map[string]map[string]any{
					"StringEquals": {"kms:CallerAccount": accountID, "kms:ViaService": via},
				},
			},
			{
				Sid: "GrantOnlyToSageMakerStorage", Effect: "Allow", Principal: root, Resource: "*",
				Action: []string{"kms:CreateGrant"},
				Condition: map[string]map[string]any{
					"StringEquals": {"kms:CallerAccount": accountID, "kms:ViaService": via},
					"Bool":         {"kms:GrantIsForAWSResource": true},
				},
			},
		},
	}
	b, err := json.Marshal(doc)
	return string(b), err
}

// StudioS3PathPattern is what StudioDomainArgs.SharingS3OutputPath accepts.
var StudioS3PathPattern = studioS3PathRe.String()

// StudioIPsPerUser is how many addresses SageMaker Studio needs per user in a domain's subnets
// (SageMaker developer guide, "Connect Studio in a VPC to external resources": "2-4 IPs per
// user"); plan subnets for the upper bound.
const StudioIPsPerUser = 4

// StudioMaxSubnets is the most subnets a StudioDomain takes (terraform-provider-aws
// aws_sagemaker_domain subnet_ids MaxItems 16).
const StudioMaxSubnets = studioMaxSubnets
