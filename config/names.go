package config

import "fmt"

// The resource names the program (landingzone.Build) gives its components. Validation derives
// the components' arguments with the same names (landingzone.Validate), and the name-length
// limits here (MaxSpokeNameLength) follow from them.
const (
	HubName    = "hub"
	BudgetName = "network-budget"

	spokePrefix  = "spoke-"
	studioPrefix = "studio-"
	domainPrefix = "domain-"
)

// SpokeComponentName is the SpokeVpc component of spoke: "spoke-<name>".
func SpokeComponentName(spoke string) string { return spokePrefix + spoke }

// StudioGroupsName is the StudioSecurityGroups component of domain: "studio-<name>".
func StudioGroupsName(domain string) string { return studioPrefix + domain }

// DomainComponentName is the StudioDomain component of domain: "domain-<name>".
func DomainComponentName(domain string) string { return domainPrefix + domain }

// Key is the fully qualified configuration key of a project key: "sagemaker-landing-zone:<key>".
func Key(key string) string { return Project + ":" + key }

// SpokeKey, DomainKey and UserKey are the configuration keys of the i-th spoke, the i-th domain
// and a domain's j-th user, by name when it has one ("spokes[ml]", "domains[ds].users[alice]"),
// else by index: the keys errors name.
func SpokeKey(i int, s Spoke) string {
	if s.Name != "" {
		return fmt.Sprintf("spokes[%s]", s.Name)
	}
	return fmt.Sprintf("spokes[%d]", i)
}

// DomainKey: see SpokeKey.
func DomainKey(i int, d Domain) string {
	if d.Name != "" {
		return fmt.Sprintf("domains[%s]", d.Name)
	}
	return fmt.Sprintf("domains[%d]", i)
}

// UserKey: see SpokeKey; base is the domain's key.
func UserKey(base string, j int, u User) string {
	if u.Name != "" {
		return fmt.Sprintf("%s.users[%s]", base, u.Name)
	}
	return fmt.Sprintf("%s.users[%d]", base, j)
}
