package networkandworkload

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	netcomp "github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/studio"
)

// Workload is the workload program (project "workload"). Config:
//
//	aws:region                 the workload's Region (the hub's)
//	workload:networkStack      the network stack, org/network/<stack>
//	workload:accountId         the workload account's 12-digit id
//	workload:roleArn           the role the program assumes in the workload account; it must be
//	                           in workload:accountId and trust the deployment role
//	workload:networkRoleArn    optional: the role assumed in the hub's account for the accepter
//	                           side of the spoke (TGW attachment acceptance, route table
//	                           association, hosted-zone authorizations); default: the deploying
//	                           credentials, which are the network account's deployment role
//	workload:spokeName         the spoke's name (its CIDR is in the network stack's spokeCidrs)
//	workload:spokeCidr         the spoke VPC's CIDR
//	workload:availabilityZones the spoke's zones
//	workload:domainName        the Studio domain's name
//	workload:users             the Studio user profiles
func Workload(ctx *pulumi.Context) error {
	outs, err := workload(ctx)
	for k, v := range outs {
		ctx.Export(k, v)
	}
	return err
}

// workload builds the workload stack and returns its outputs (main_test.go reads them).
func workload(ctx *pulumi.Context) (pulumi.Map, error) {
	cfg := config.New(ctx, "")
	region := config.Require(ctx, "aws:region")
	stack, account, roleArn := cfg.Require("networkStack"), cfg.Require("accountId"), cfg.Require("roleArn")
	spokeName, spokeCidr, domainName := cfg.Require("spokeName"), cfg.Require("spokeCidr"), cfg.Require("domainName")
	var azs, users []string
	cfg.RequireObject("availabilityZones", &azs)
	cfg.RequireObject("users", &users)
	if !netcomp.ValidAccountID(account) {
		return nil, fmt.Errorf("workload:accountId is %q: want a 12-digit account id", account)
	}
	if err := checkRoleInAccount("workload:roleArn", roleArn, account); err != nil {
		return nil, err
	}

	// The hub, read at construction: a missing or mistyped output, or a hub without the
	// sagemaker.api endpoint the deny guard needs, fails here before anything is registered.
	ref, err := pulumi.NewStackReference(ctx, stack, nil)
	if err != nil {
		return nil, err
	}
	hub, err := netcomp.HubRefFromStack(ctx, ref, netcomp.PresignedUrlEndpointKeys()...)
	if err != nil {
		return nil, err
	}
	if hub.Region != region {
		return nil, fmt.Errorf("aws:region is %q but stack %s's hub is in %q: deploy the workload in the hub's Region", region, stack, hub.Region)
	}

	// Everything of the workload goes through this provider: it assumes roleArn (trusting the
	// deployment role; docs/deployments.md) and refuses any other account.
	prov, err := aws.NewProvider(ctx, "workload", &aws.ProviderArgs{
		Region:            pulumi.String(region),
		AllowedAccountIds: pulumi.ToStringArray([]string{account}),
		AssumeRole: &aws.ProviderAssumeRoleArgs{
			RoleArn: pulumi.String(roleArn), SessionName: pulumi.String(sessionName),
		},
	})
	if err != nil {
		return nil, err
	}
	opt := pulumi.Provider(prov)
	spokeArgs := &netcomp.SpokeVpcArgs{
		Region: region, CidrBlock: spokeCidr, AvailabilityZones: azs, Hub: hub,
		AccountId: pulumi.String(account), RetainFlowLogs: true,
	}
	if hub.Account != "" && hub.Account != account {
		// Across accounts the TGW attachment is accepted, associated and propagated in the hub's
		// account, and each hub hosted zone is authorized there (SpokeVpcArgs.HubProvider).
		hubArgs := &aws.ProviderArgs{Region: pulumi.String(region), AllowedAccountIds: pulumi.ToStringArray([]string{hub.Account})}
		if nr := cfg.Get("networkRoleArn"); nr != "" {
			if err := checkRoleInAccount("workload:networkRoleArn", nr, hub.Account); err != nil {
				return nil, err
			}
			hubArgs.AssumeRole = &aws.ProviderAssumeRoleArgs{RoleArn: pulumi.String(nr), SessionName: pulumi.String(sessionName)}
		}
		hubProv, err := aws.NewProvider(ctx, "network", hubArgs)
		if err != nil {
			return nil, err
		}
		spokeArgs.HubProvider = hubProv
	}
	spoke, err := netcomp.NewSpokeVpc(ctx, spokeName, spokeArgs, opt)
	if err != nil {
		return nil, err
	}
	sgs, err := security.NewStudioSecurityGroups(ctx, domainName, &security.StudioSecurityGroupsArgs{
		VpcId: spoke.VpcId, Hub: hub, S3PrefixListId: spoke.S3PrefixListId, UserNames: users,
	}, opt)
	if err != nil {
		return nil, err
	}
	jobs, err := security.NewJobSecurityGroup(ctx, spokeName+"-jobs", &security.JobSecurityGroupArgs{
		VpcId: spoke.VpcId, Hub: hub, S3PrefixListId: spoke.S3PrefixListId,
	}, opt)
	if err != nil {
		return nil, err
	}
	groups := pulumi.StringArray{sgs.DomainSecurityGroupId, jobs.SecurityGroupId}
	studioUsers := make([]studio.StudioUser, 0, len(users))
	for _, u := range users {
		groups = append(groups, sgs.UserGroups[u])
		studioUsers = append(studioUsers, studio.StudioUser{Name: u, Owner: u + "@example.com", SecurityGroupId: sgs.UserGroups[u]})
	}
	guards, err := security.NewGuardrails(ctx, domainName+"-guards", &security.GuardrailsArgs{
		Region: region, SpokeSubnetIds: spoke.SubnetIds, MaxSubnetIds: len(azs), SecurityGroupIds: groups, Hub: hub,
		DataSensitivity: "confidential", DenyNotebookRootAccess: true,
	}, opt)
	if err != nil {
		return nil, err
	}
	domain, err := studio.NewStudioDomain(ctx, domainName, &studio.StudioDomainArgs{
		DomainName: domainName, VpcId: spoke.VpcId, SubnetIds: spoke.SubnetIds,
		SecurityGroupId: sgs.DomainSecurityGroupId, JobSecurityGroupId: jobs.SecurityGroupId,
		ExecutionRoleArn: guards.ExecutionRoleArn, Users: studioUsers,
	}, opt)
	if err != nil {
		return nil, err
	}
	return pulumi.Map{
		"domainId":            domain.DomainId,
		"jobNetworkConfig":    domain.JobNetworkConfig,
		"denyGuardPolicyArns": guards.DenyGuardPolicyArns,
		// The SCP form of the deny guard (it alone admits CreatePresignedDomainUrl through the
		// hub's sagemaker.api endpoint only): the organization's management account attaches it
		// to the workload account.
		"serviceControlPolicyDocuments": guards.ServiceControlPolicyDocuments,
	}, nil
}

// sessionName is the role session name of both providers: the landing zone's, which the
// per-account roles' documented trust policy requires (sts:RoleSessionName, README "Pulumi
// Deployments and CI"), so the same roles serve this example.
const sessionName = "sagemaker-landing-zone"
