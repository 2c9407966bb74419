package components

import "regexp"

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
