package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
)

// Account is one accounts entry: an AWS account the landing zone deploys into.
type Account struct {
	// Name is accounts[].name: how hub.account and spokes[].account refer to it. Required,
	// unique, network.AccountNamePattern.
	Name string `json:"name" pulumi:"name,optional"`
	// ID is accounts[].id: the 12-digit account id. Required, unique.
	ID string `json:"id" pulumi:"id,optional"`
	// RoleArn is accounts[].roleArn: the IAM role the deployment assumes in the account (an
	// explicit AWS provider per account). Required for every account but the deploying one: the
	// one entry without roleArn is the deploying account (the credentials' own account, today's
	// provider). Its account id must be the entry's id.
	RoleArn string `json:"roleArn" pulumi:"roleArn,optional"`
}

// Deploying reports whether a is the deploying account (no role to assume).
func (a Account) Deploying() bool { return a.RoleArn == "" }

// AccountByName is the accounts entry named name.
func (c *Config) AccountByName(name string) (Account, bool) {
	for _, a := range c.Accounts {
		if a.Name == name {
			return a, true
		}
	}
	return Account{}, false
}

// AccountKey is the account a hub.account or spokes[].account value designates: "" for the
// deploying account (unset, or the entry without roleArn), else the entry's name.
func (c *Config) AccountKey(name string) string {
	if a, ok := c.AccountByName(name); ok && !a.Deploying() {
		return a.Name
	}
	return ""
}

// HubAccount is the hub's AccountKey.
func (c *Config) HubAccount() string { return c.AccountKey(c.Hub.Account) }

// SpokeAccount is the AccountKey of the named spoke.
func (c *Config) SpokeAccount(spoke string) string {
	s, _ := c.Spoke(spoke)
	return c.AccountKey(s.Account)
}

// CrossAccount reports whether some spoke is in another account than the hub.
func (c *Config) CrossAccount() bool {
	for _, s := range c.Spokes {
		if c.AccountKey(s.Account) != c.HubAccount() {
			return true
		}
	}
	return false
}

// WorkloadAccounts are the AccountKeys that have spokes, in spoke order, without repeats.
func (c *Config) WorkloadAccounts() []string {
	var out []string
	for _, s := range c.Spokes {
		if a := c.AccountKey(s.Account); !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// DomainAccounts are the AccountKeys that host Studio domains, in domain order, without repeats.
func (c *Config) DomainAccounts() []string {
	var out []string
	for _, d := range c.Domains {
		if a := c.SpokeAccount(d.Spoke); !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// GuardrailsName is the Guardrails component of an AccountKey: "guardrails" for the deploying
// account (a single-account stack's name), "guardrails-<account name>" for the others. The
// program and validation both use it: the name bounds the role names the component derives.
func GuardrailsName(account string) string {
	if account == "" {
		return "guardrails"
	}
	return "guardrails-" + account
}

// RuntimeAccounts are the AccountKeys that get the account-level runtime controls (Block Public
// Access, DNS Firewall, Config rules, dashboard): the hub's first, then every other account with
// a spoke, in spoke order. One account for a single-account stack.
func (c *Config) RuntimeAccounts() []string {
	out := []string{c.HubAccount()}
	for _, a := range c.WorkloadAccounts() {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

// AccountLabel names an AccountKey in resource names and outputs: the key itself, or for the
// deploying account ("") its accounts entry's name, "deploying" without one.
func (c *Config) AccountLabel(key string) string {
	if key != "" {
		return key
	}
	for _, a := range c.Accounts {
		if a.Deploying() {
			return a.Name
		}
	}
	return "deploying"
}

// validateAccounts checks accounts, hub.account and spokes[].account, with the components'
// rules (network.ValidAccountName, ValidAccountID, ValidRoleArn), and refuses what the
// landing zone does not build across accounts (the README's "Multi-account" section).
func validateAccounts(c *Config, v *validator) {
	names, ids := map[string]bool{}, map[string]bool{}
	deploying := 0
	for i, a := range c.Accounts {
		base := fmt.Sprintf("accounts[%d]", i)
		if a.Name != "" {
			base = fmt.Sprintf("accounts[%s]", a.Name)
		}
		switch {
		case !network.ValidAccountName(a.Name):
			v.add(k(base+".name"), a.Name, "an account name matching "+network.AccountNamePattern)
		case names[a.Name]:
			v.add(k(base+".name"), a.Name, "a name no other accounts entry has")
		}
		names[a.Name] = true
		switch {
		case !network.ValidAccountID(a.ID):
			v.add(k(base+".id"), a.ID, "a 12-digit AWS account id")
		case ids[a.ID]:
			v.add(k(base+".id"), a.ID, "an account id no other accounts entry has")
		}
		ids[a.ID] = true
		if a.Deploying() {
			deploying++
			if deploying > 1 {
				v.add(k(base+".roleArn"), a.RoleArn, "the ARN of the IAM role to assume in "+a.ID+
					": only the deploying account (one entry at most) may omit roleArn")
			}
		} else if !network.ValidRoleArn(a.RoleArn) {
			v.add(k(base+".roleArn"), a.RoleArn, "an IAM role ARN matching "+network.RoleArnPattern)
		} else if got := network.RoleArnAccount(a.RoleArn); got != a.ID && network.ValidAccountID(a.ID) {
			v.add(k(base+".roleArn"), a.RoleArn, "a role in the entry's own account "+a.ID+" (the ARN names "+got+")")
		}
	}
	ref := func(key, name string) {
		if name == "" {
			return
		}
		if _, ok := c.AccountByName(name); !ok {
			v.add(k(key), name, "the name of an accounts entry (or unset for the deploying account)")
		}
	}
	ref("hub.account", c.Hub.Account)
	for i, s := range c.Spokes {
		ref(SpokeKey(i, s)+".account", s.Account)
	}
	validateZoneSharing(c, v)
	for i, pr := range c.Hub.SharePrincipals {
		key := k(fmt.Sprintf("hub.sharePrincipals[%d]", i))
		switch org := network.SharePrincipalOrg(pr); {
		case org == "":
			v.add(key, pr, "an organization or OU ARN matching "+network.SharePrincipalPattern)
		case c.OrganizationID == "":
			v.add(key, pr, "unset unless organizationId is set: RAM shares with an organization or OU only within the organization")
		case !c.Hub.RamOrganizationSharing:
			v.add(key, pr, "unset unless hub.ramOrganizationSharing is true: with RAM sharing with AWS Organizations off, RAM refuses "+
				"organization and OU principals (https://docs.aws.amazon.com/ram/latest/userguide/getting-started-sharing.html#getting-started-sharing-orgs)")
		case org != c.OrganizationID:
			v.add(key, pr, "an ARN of organizationId "+c.OrganizationID+" (this one is in "+org+")")
		case slices.Contains(c.Hub.SharePrincipals[:i], pr):
			v.add(key, pr, "each principal once")
		}
	}
	if !c.CrossAccount() {
		return
	}
	if c.HubAccount() != "" && slices.Contains(c.WorkloadAccounts(), "") && !slices.ContainsFunc(c.Accounts, Account.Deploying) {
		v.add(k("accounts"), fmt.Sprintf("%d entries", len(c.Accounts)), "an entry for the deploying account too (name and id, no roleArn): "+
			"a spoke is in the deploying account and the hub is not, so the hub shares its Transit Gateway with that account's id")
	}
	// What is not built across accounts (docs/multi-account.md).
	domainAccounts := map[string]bool{}
	for _, d := range c.Domains {
		domainAccounts[c.SpokeAccount(d.Spoke)] = true
	}
	if c.HumanAccess.PermissionSetArn != "" && len(domainAccounts) > 1 {
		v.add(k("humanAccess.permissionSetArn"), c.HumanAccess.PermissionSetArn, "unset while domains are in more than one account: "+
			"a permission set has one inline policy, and the landing zone writes one human access policy per account")
	}
}

// validateZoneSharing checks hub.zoneSharing against network.ZoneSharingModes; "profile"
// needs a spoke in another account than the hub (in one account the zones are associated
// directly, for free, and a Profile would only add its hourly charge).
func validateZoneSharing(c *Config, v *validator) {
	switch {
	case !network.ValidZoneSharing(c.Hub.ZoneSharing):
		v.add(k("hub.zoneSharing"), c.Hub.ZoneSharing, "one of "+strings.Join(network.ZoneSharingModes(), ", ")+
			" (default "+network.DefaultZoneSharing+")")
	case c.Hub.ZoneSharing == network.ZoneSharingProfile && !c.CrossAccount():
		v.add(k("hub.zoneSharing"), c.Hub.ZoneSharing, network.ZoneSharingAuthorization+" (or unset) unless a spoke is in "+
			"another account than the hub: in the hub's account every VPC is associated with the zones directly, at no charge, "+
			"and a Route 53 Profile would only add its hourly charge")
	}
}
