package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpconly/sagemaker-landing-zone/components/access"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
)

// Organization is "sagemaker-landing-zone:organization": which accounts entries hold the
// organization-wide roles, so that each organization-wide resource is created by the one account
// AWS lets create it. Every field names an accounts entry. Default: every field unset.
type Organization struct {
	// ManagementAccount is organization.managementAccount: the entry of the organization's
	// management account, when it is one of the stack's accounts. Service control policies never
	// restrict it ("SCPs don't affect users or roles in the management account", AWS
	// Organizations User Guide,
	// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html), so
	// validation refuses it as an SCP target. Default "": not among the accounts.
	ManagementAccount string `json:"managementAccount" pulumi:"managementAccount,optional"`
	// PolicyAccount is organization.policyAccount: the account that creates and attaches the
	// service control policies (guards.createServiceControlPolicy,
	// runtime.organizationGuardrails.create): the management account, or the member account the
	// management account registered as delegated administrator for policy management
	// (organizations:PutResourcePolicy; "Delegated administrator for AWS Organizations",
	// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_delegate_policies.html).
	// Default: ManagementAccount, else the deploying account (whose credentials must then be the
	// management account's or the delegated administrator's).
	PolicyAccount string `json:"policyAccount" pulumi:"policyAccount,optional"`
	// IdentityCenterAccount is organization.identityCenterAccount: the account that administers
	// IAM Identity Center permission sets (humanAccess.permissionSetArn): the management account
	// or Identity Center's delegated administrator ("Delegated administration", IAM Identity
	// Center User Guide, https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html;
	// a delegated administrator cannot change permission sets provisioned in the management
	// account). Default: ManagementAccount, else the deploying account.
	IdentityCenterAccount string `json:"identityCenterAccount" pulumi:"identityCenterAccount,optional"`
}

// organizationRole resolves one role: its own field, else organization.managementAccount, else
// the deploying account ("").
func (c *Config) organizationRole(own string) string {
	name := own
	if name == "" {
		name = c.Organization.ManagementAccount
	}
	return c.AccountKey(name)
}

// PolicyAccount is the AccountKey whose provider creates and attaches the SCPs
// (organization.policyAccount, see Organization.PolicyAccount).
func (c *Config) PolicyAccount() string { return c.organizationRole(c.Organization.PolicyAccount) }

// IdentityCenterAccount is the AccountKey whose provider writes the permission set's policies.
func (c *Config) IdentityCenterAccount() string {
	return c.organizationRole(c.Organization.IdentityCenterAccount)
}

// CreatesScps reports whether the stack creates service control policies.
func (c *Config) CreatesScps() bool {
	return c.Guards.CreateServiceControlPolicy || c.Runtime.OrganizationGuardrails.Create
}

// ScpGuardrailsAccount is the workload account whose Guardrails component renders (and, with
// guards.createServiceControlPolicy, creates through PolicyAccount's provider) the deny guard's
// SCPs: the deploying account's when it hosts spokes, else the first workload account's.
func (c *Config) ScpGuardrailsAccount() string {
	accts := c.WorkloadAccounts()
	if slices.Contains(accts, "") || len(accts) == 0 {
		return ""
	}
	return accts[0]
}

// RamWithinOrganization reports whether the hub's RAM shares reach their accounts without an
// invitation: hub.ramOrganizationSharing (see Hub.RamOrganizationSharing).
func (c *Config) RamWithinOrganization() bool { return c.Hub.RamOrganizationSharing }

// validateOrganization checks organization.*, the roles' layout, RAM sharing and the SCPs'
// exemption of the deploy roles.
func validateOrganization(c *Config, v *validator) {
	o := c.Organization
	for _, f := range []struct{ key, name string }{
		{"organization.managementAccount", o.ManagementAccount},
		{"organization.policyAccount", o.PolicyAccount},
		{"organization.identityCenterAccount", o.IdentityCenterAccount},
	} {
		if f.name == "" {
			continue
		}
		if _, ok := c.AccountByName(f.name); !ok {
			v.add(k(f.key), f.name, "the name of an accounts entry (the provider that creates the organization's resources)")
		}
	}
	if c.HumanAccess.PermissionSetArn != "" {
		if mgmt := o.ManagementAccount; mgmt != "" && o.IdentityCenterAccount != "" && o.IdentityCenterAccount != mgmt &&
			slices.Contains(c.DomainAccounts(), c.AccountKey(mgmt)) {
			v.add(k("organization.identityCenterAccount"), o.IdentityCenterAccount, "the management account "+mgmt+" (or no domain in it): "+
				"a delegated administrator cannot change a permission set provisioned in the management account, "+
				"and the domains there need it (https://docs.aws.amazon.com/singlesignon/latest/userguide/delegated-admin.html)")
		}
	}
	// SCPs do not bind the management account: an SCP "attached" to it guards nothing.
	if a, ok := c.AccountByName(o.ManagementAccount); ok {
		for _, t := range []struct {
			key     string
			targets []string
			set     bool
		}{
			{"guards.scpTargetIds", c.ScpTargets(), len(c.Guards.ScpTargetIds) > 0},
			{"runtime.organizationGuardrails.targetIds", c.OrganizationGuardrailTargets(), len(c.Runtime.OrganizationGuardrails.TargetIds) > 0},
		} {
			if !slices.Contains(t.targets, a.ID) {
				continue
			}
			value := any(t.targets)
			if !t.set {
				value = fmt.Sprintf("%v (the default: the workload accounts)", t.targets)
			}
			v.add(k(t.key), value, "targets other than the management account "+a.ID+" ("+a.Name+"): SCPs do not affect the management account, "+
				"so its spokes would be unguarded (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html); "+
				"move the spokes to a member account or list the member accounts")
		}
	}

	// RAM: the real switch, not a guess from organizationId.
	if c.Hub.RamOrganizationSharing && c.OrganizationID == "" {
		v.add(k("hub.ramOrganizationSharing"), true, "false unless organizationId is set: RAM sharing with AWS Organizations is a setting of an organization")
	}
	validateScpExemptions(c, v)
}

// validateScpExemptions: the organization guardrails deny VPC Block Public Access changes
// (iampolicy.SidOrgDenyBlockPublicAccess) to every principal of their targets but
// guards.scpExemptPrincipalArns, and this same stack turns Block Public Access on (and off, on
// destroy) in every account with a VPC of the landing zone, with that account's provider. Each
// such account the SCPs bind must have its deploy role exempt, or the next `up` or `destroy` is
// denied. An account bound: its id is a target, or a target is a root or an OU (membership is not
// in the configuration, so assume it), and it is not the management account (never bound).
func validateScpExemptions(c *Config, v *validator) {
	if !c.Runtime.OrganizationGuardrails.Create || !c.Runtime.BlockPublicAccessEnabled() {
		return
	}
	targets := c.OrganizationGuardrailTargets()
	broad := slices.ContainsFunc(targets, func(t string) bool { return !network.ValidAccountID(t) })
	mgmt, _ := c.AccountByName(c.Organization.ManagementAccount)
	exempt := c.Guards.ScpExemptPrincipalArns
	var missing []string
	for _, key := range c.RuntimeAccounts() {
		id := c.accountIDOf(key)
		if id != "" && id == mgmt.ID {
			continue
		}
		if !broad && (id == "" || !slices.Contains(targets, id)) {
			continue
		}
		// The deploying account's principal is the deployment role, which only the deploy file
		// names (deploy/exemption_test.go checks it); every other account's is its roleArn.
		if a, ok := c.AccountByName(key); key != "" && ok && !iampolicy.ExemptsPrincipal(exempt, a.RoleArn) {
			missing = append(missing, a.RoleArn+" ("+a.Name+")")
		}
	}
	if len(missing) > 0 {
		v.add(k(guardsExemptKey), exempt, "patterns that exempt every deploy role the organization guardrails bind, since they deny the "+
			"Block Public Access changes this stack makes (runtime.blockPublicAccess): add "+strings.Join(missing, ", "))
	}
}

// accountIDOf is the configured id of an AccountKey ("" for the deploying account without an
// entry).
func (c *Config) accountIDOf(key string) string {
	if a, ok := c.AccountByName(key); ok && key != "" {
		return a.ID
	}
	for _, a := range c.Accounts {
		if a.Deploying() {
			return a.ID
		}
	}
	return ""
}

// validateAsns checks hub.amazonSideAsn against the private ranges, the customer gateway's ASN
// and the Direct Connect gateway's ASN; and corporate.directConnectGatewayAsn.
func validateAsns(c *Config, v *validator) {
	if c.Hub.AmazonSideAsn != 0 {
		if err := network.CheckAmazonSideAsn(c.Hub.AmazonSideAsn); err != nil {
			v.add(k("hub.amazonSideAsn"), c.Hub.AmazonSideAsn, err.Error()+"; or unset for the default "+fmt.Sprint(network.DefaultTransitGatewayAsn))
			return
		}
	}
	tgw := c.TransitGatewayAsn()
	corp := c.Corporate
	if corp == nil {
		return
	}
	if vpn := corp.Vpn; vpn != nil {
		cgw := int64(vpn.BgpAsn)
		if cgw == 0 {
			cgw = access.DefaultBgpAsn
		}
		if cgw == tgw {
			v.add(k("hub.amazonSideAsn"), tgw, fmt.Sprintf("an ASN other than the customer gateway's %d (corporate.vpn.bgpAsn): "+
				"the two ends of a BGP session need different ASNs", cgw))
		}
	}
	switch dx := corp.DirectConnectGatewayAsn; {
	case corp.DirectConnectGatewayId == "" && dx != 0:
		v.add(k("corporate.directConnectGatewayAsn"), dx, "unset unless corporate.directConnectGatewayId is set")
	case corp.DirectConnectGatewayId == "":
	case dx == 0:
		v.add(k("corporate.directConnectGatewayAsn"), nil, "the Amazon-side ASN of Direct Connect gateway "+corp.DirectConnectGatewayId+
			" (AWS's default is 64512): it must differ from the Transit Gateway's, which validation checks")
	case network.CheckAmazonSideAsn(dx) != nil:
		v.add(k("corporate.directConnectGatewayAsn"), dx, network.CheckAmazonSideAsn(dx).Error())
	case dx == tgw:
		v.add(k("hub.amazonSideAsn"), tgw, fmt.Sprintf("an ASN other than the Direct Connect gateway's %d (corporate.directConnectGatewayAsn): "+
			"\"the ASN used by the transit gateway and the Direct Connect gateway must be different\" or the association fails "+
			"(https://docs.aws.amazon.com/directconnect/latest/UserGuide/create-transit-vif-for-gateway.html)", dx))
	}
}
