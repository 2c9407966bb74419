package security

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
)

// DataSensitivities are the data-sensitivity tag values GuardrailsArgs.DataSensitivity accepts;
// DataSensitivityRegulated adds the isolation and encryption guards.
func DataSensitivities() []string { return slices.Clone(dataSensitivities) }

var dataSensitivities = []string{"public", "internal", "confidential", "regulated"}

// DataSensitivityRegulated is the data sensitivity that turns the regulated guards on.
const DataSensitivityRegulated = "regulated"

// guardrailsRoleSuffix is the shared execution role's name after the component name.
const guardrailsRoleSuffix = "-execution"

// MaxGuardrailsNameLength is the longest Guardrails component name: the shared role is
// auto-named "<name>-execution-<7 random hex>".
const MaxGuardrailsNameLength = arg.IAMRoleNameMaxLength - arg.PulumiAutoNameSuffixLength - len(guardrailsRoleSuffix)

// MaxExtraRoleKeyLength is the longest GuardrailsArgs.ExtraRoles key for a Guardrails named
// name: the role is auto-named "<name>-user-<key>-<7 random hex>".
func MaxExtraRoleKeyLength(name string) int {
	return arg.IAMRoleNameMaxLength - arg.PulumiAutoNameSuffixLength - len(name+"-user-")
}

// Validate checks args as NewStudioSecurityGroups does and returns every problem (*ArgError).
func (a *StudioSecurityGroupsArgs) Validate(name string) error {
	return validateStudioSecurityGroups(name, a)
}

// Validate checks args as NewGuardrails does — fields, and whether the deny guard for the
// capacities and the execution roles' permissions fit IAM's and Organizations' document limits —
// and returns every problem (*ArgError).
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

// checkAccessLists checks the resource lists of the execution roles' permissions with the
// patterns iampolicy.AccessSpec.Validate applies, naming each bad element.
func checkAccessLists(p *core.Problems, a *GuardrailsArgs) {
	for _, l := range []struct {
		field string
		vals  []string
		re    *regexp.Regexp
		want  string
	}{
		{"BucketNames", a.BucketNames, core.BucketNameRe, "an S3 bucket name (3-63 characters: a-z, 0-9, '.', '-')"},
		{"KmsKeyArns", a.KmsKeyArns, core.KmsKeyArnRe, "a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/...)"},
		{"LogGroupArns", a.LogGroupArns, core.LogGroupArnRe, "a log group ARN without a trailing :* (arn:aws:logs:<region>:<account>:log-group:<name>)"},
		{"EcrRepositoryArns", a.EcrRepositoryArns, core.EcrRepositoryArnRe, "an ECR repository ARN (arn:aws:ecr:<region>:<account>:repository/<name>)"},
	} {
		seen := map[string]bool{}
		for i, v := range l.vals {
			field := fmt.Sprintf("%s[%d]", l.field, i)
			if !l.re.MatchString(v) {
				p.Bad(field, v, l.want)
			} else if seen[v] {
				p.Bad(field, v, "each value once (it is listed twice)")
			}
			seen[v] = true
		}
	}
}
