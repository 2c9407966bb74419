package arg

import (
	"net/mail"
	"regexp"
	"strings"
)

// SageMakerNamePattern is the pattern SageMaker applies to domain names and user profile names
// (CreateDomain.DomainName and CreateUserProfile.UserProfileName in the SageMaker API reference:
// "Pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}", "Maximum length of 63"). The Terraform provider
// behind pulumi-aws checks domain_name with the same rule (^[0-9A-Za-z](-*[0-9A-Za-z])*$, 1-63).
const SageMakerNamePattern = `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$`

// SageMakerNameMaxLength is the API's length limit for domain and user profile names.
const SageMakerNameMaxLength = 63

var sageMakerNameRe = regexp.MustCompile(SageMakerNamePattern)

// ValidSageMakerName reports whether s is a valid SageMaker domain or user profile name: it
// matches SageMakerNamePattern and is at most SageMakerNameMaxLength characters long (the pattern
// alone admits longer names, since one repetition may hold several hyphens).
func ValidSageMakerName(s string) bool {
	return len(s) <= SageMakerNameMaxLength && sageMakerNameRe.MatchString(s)
}

// budgetTagValueRe is the AWS tag value pattern (Tag.Value: ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$, up
// to 256 characters); '$' is not in it, so a value cannot break the TagKeyValue "key$value" form.
var tagValueRe = regexp.MustCompile(`^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$`)

// ValidEmail reports whether s is a plain email address as NetworkBudgetArgs.Emails accepts: a bare address (no display name, no angle brackets) with a dotted domain.
func ValidEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	at := strings.LastIndex(s, "@")
	domain := s[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// IAM and Pulumi naming limits. IAM role names are at most 64 characters ("IAM and AWS STS
// quotas": "Role name: 64 characters"); Pulumi auto-names a role "<logical name>-<7 random hex>",
// so its logical name must leave room for those 8 characters.
const (
	IAMRoleNameMaxLength       = 64
	PulumiAutoNameSuffixLength = 8
)
