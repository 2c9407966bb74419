package iampolicy

import (
	"regexp"
	"strings"
)

// ExemptsPrincipal reports whether one of the aws:PrincipalArn patterns (ExemptPrincipals' list)
// matches arn as the ArnLike operator does: the ARN's six colon-separated fields are compared one
// by one, each with * matching any run of characters (slashes included) and ? any one character
// ("String condition operators" and "Amazon Resource Name (ARN) condition operators", IAM User
// Guide, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN).
// For a role session, aws:PrincipalArn is the role's ARN
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn),
// so a stack's per-account deploy role is exempt when a pattern matches its roleArn.
func ExemptsPrincipal(patterns []string, arn string) bool {
	want := strings.SplitN(arn, ":", 6)
	if len(want) != 6 {
		return false
	}
	for _, p := range patterns {
		got := strings.SplitN(p, ":", 6)
		if len(got) != 6 {
			continue
		}
		ok := true
		for i := range got {
			if !globRe(got[i]).MatchString(want[i]) {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// globRe is the anchored regular expression of an IAM wildcard pattern.
func globRe(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for _, r := range p {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}
