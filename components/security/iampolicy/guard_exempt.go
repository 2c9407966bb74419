package iampolicy

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// PrincipalArnPattern is what ValidatePrincipalArnPatterns accepts: the ARN of an IAM role, or a
// pattern of role ARNs for ArnLike/ArnNotLike. ARN condition operators check each of the six
// colon-separated parts on its own and allow the wildcards * and ? in them (IAM User Guide, "IAM
// JSON policy elements: Condition operators", ARN condition operators); we allow them where a
// pattern still names roles: in the account (exactly "*", for the same role in every account of
// the organization) and in the role's path and name. The partition is literal, the service is
// iam, the region is empty and the resource starts with "role/".
const PrincipalArnPattern = `^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::(\d{12}|\*):role/[\w+=,.@/*?-]+$`

// Limits on a role ARN pattern: IAM role names are at most 64 characters and paths at most 512
// (IAM User Guide, "IAM and AWS STS quotas"); with the "role/" prefix and a partition and
// account that is well under the 2,048 characters of an ARN.
const (
	roleNameMax = 64
	rolePathMax = 512
)

// MaxExemptPatternChars is the most characters all exempt patterns together may have. Every SCP
// statement carries the whole list, so it bounds each statement's growth: with it, the guard
// for DefaultMaxSubnetIds-like capacities (48 subnets, 64 security groups, regulated) still
// fits iampolicy.SCPLimit statement by statement (tested). About ten role ARNs.
const MaxExemptPatternChars = 1024

var principalArnPatternRe = regexp.MustCompile(PrincipalArnPattern)

// PrincipalArnPatternAllowed describes PrincipalArnPattern for error messages.
const PrincipalArnPatternAllowed = "an IAM role ARN or ArnLike pattern: arn:<partition>:iam::<12-digit account or *>:role/[path/]<name>, " +
	"* and ? allowed in the path and name, the name not only wildcards"

// ValidatePrincipalArnPatterns checks aws:PrincipalArn patterns for ExemptPrincipals and returns
// every problem at once, each naming field[i], echoing the value and saying what is allowed. A
// pattern whose role name is only wildcards ("role/*", "role/team/*") is refused: it would
// exempt every role and so switch the SCP off. Duplicates are refused.
func ValidatePrincipalArnPatterns(field string, patterns []string) error {
	var errs []error
	seen := map[string]int{}
	for i, p := range patterns {
		f := fmt.Sprintf("%s[%d]", field, i)
		if !principalArnPatternRe.MatchString(p) {
			errs = append(errs, fmt.Errorf("%s = %q: want %s", f, p, PrincipalArnPatternAllowed))
			continue
		}
		resource := p[strings.Index(p, ":role/")+len(":role/"):]
		path, name := "/", resource
		if j := strings.LastIndex(resource, "/"); j >= 0 {
			path, name = "/"+resource[:j+1], resource[j+1:]
		}
		switch {
		case strings.Trim(name, "*?") == "":
			errs = append(errs, fmt.Errorf("%s = %q: want a role name that is not only wildcards (it would exempt every role of the path and switch the guard off)", f, p))
		case len(name) > roleNameMax:
			errs = append(errs, fmt.Errorf("%s = %q: want a role name of at most %d characters", f, p, roleNameMax))
		case len(path) > rolePathMax:
			errs = append(errs, fmt.Errorf("%s = %q: want a role path of at most %d characters", f, p, rolePathMax))
		case strings.Contains(path, "//"):
			errs = append(errs, fmt.Errorf("%s = %q: want a role path without empty segments (//)", f, p))
		}
		if j, dup := seen[p]; dup {
			errs = append(errs, fmt.Errorf("%s = %q: want each pattern once (%s[%d] has it)", f, p, field, j))
		} else {
			seen[p] = i
		}
	}
	total := 0
	for _, p := range patterns {
		total += len(p)
	}
	if total > MaxExemptPatternChars {
		errs = append(errs, fmt.Errorf("%s = %d patterns of %d characters in all: want at most %d characters in all (every SCP statement carries the list; SCPs are at most %d characters)",
			field, len(patterns), total, MaxExemptPatternChars, SCPLimit))
	}
	return errors.Join(errs...)
}

// ServiceControlGuard is the deny guard as it goes into service control policies: DenyGuard's
// statements, each also carrying ExemptPrincipals(exempt), so that the principals that deploy
// the landing zone are not bound by it. An SCP binds every principal of the accounts it is
// attached to, the role that runs `pulumi up` included, and statement 1 denies UpdateDomain
// without subnets, which is how the AWS provider sends it. The managed-policy guard
// (DenyGuard) has no exemption: it is attached only to the execution roles.
func ServiceControlGuard(spec GuardSpec, exempt []string) ([]Statement, error) {
	if err := ValidatePrincipalArnPatterns("exempt", exempt); err != nil {
		return nil, err
	}
	stmts, err := DenyGuard(spec)
	if err != nil {
		return nil, err
	}
	return WithCondition(stmts, ExemptPrincipals(exempt))
}
