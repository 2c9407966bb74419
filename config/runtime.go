package config

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/runtime"
)

// Runtime is "sagemaker-landing-zone:runtime": the controls that make AWS itself refuse or record
// an internet path at run time (not only at `pulumi preview`). Default: every field at its
// default, which builds Block Public Access, the DNS Firewall, the Config rules and the KPI
// dashboard, and renders (does not create) the organization guardrails.
type Runtime struct {
	// BlockPublicAccess is runtime.blockPublicAccess: VPC Block Public Access for the account and
	// region. Default: on, no exclusions.
	BlockPublicAccess RuntimeBlockPublicAccess `json:"blockPublicAccess" pulumi:"blockPublicAccess"`
	// DnsFirewall is runtime.dnsFirewall: the Route 53 Resolver DNS Firewall allow-list.
	// Default: on.
	DnsFirewall RuntimeDnsFirewall `json:"dnsFirewall" pulumi:"dnsFirewall"`
	// OrganizationGuardrails is runtime.organizationGuardrails: the AWS Organizations policies
	// of the runtime controls. Default: not created.
	OrganizationGuardrails RuntimeOrganizationGuardrails `json:"organizationGuardrails" pulumi:"organizationGuardrails"`
	// ConfigRules is runtime.configRules: the AWS Config detective rules. Default: see
	// RuntimeConfigRules.
	ConfigRules RuntimeConfigRules `json:"configRules" pulumi:"configRules"`
	// Dashboard is runtime.dashboard: the CloudWatch KPI dashboard and its alarms. Default: see
	// RuntimeDashboard.
	Dashboard RuntimeDashboard `json:"dashboard" pulumi:"dashboard"`
}

// RuntimeBlockPublicAccess is runtime.blockPublicAccess.
type RuntimeBlockPublicAccess struct {
	// Enabled is runtime.blockPublicAccess.enabled: turn VPC Block Public Access on
	// (block-bidirectional) for the account and region. Default true.
	Enabled *bool `json:"enabled" pulumi:"enabled,optional"`
	// Exclusions is runtime.blockPublicAccess.exclusions: VPCs or subnets exempted, each
	// {vpcId | subnetId, mode (allow-egress | allow-bidirectional), reason}. Default none.
	Exclusions []BlockPublicAccessExclusion `json:"exclusions" pulumi:"exclusions,optional"`
}

// BlockPublicAccessExclusion is one runtime.blockPublicAccess.exclusions entry.
type BlockPublicAccessExclusion struct {
	// VpcID is exclusions[].vpcId: the VPC exempted (vpc-...). Exactly one of vpcId and subnetId.
	VpcID string `json:"vpcId" pulumi:"vpcId,optional"`
	// SubnetID is exclusions[].subnetId: the subnet exempted (subnet-...).
	SubnetID string `json:"subnetId" pulumi:"subnetId,optional"`
	// Mode is exclusions[].mode: allow-egress or allow-bidirectional. Required.
	Mode string `json:"mode" pulumi:"mode,optional"`
	// Reason is exclusions[].reason: why the exclusion exists (it becomes a tag). Required.
	Reason string `json:"reason" pulumi:"reason,optional"`
}

// RuntimeDnsFirewall is runtime.dnsFirewall.
type RuntimeDnsFirewall struct {
	// Enabled is runtime.dnsFirewall.enabled: the Route 53 Resolver DNS Firewall allow-list on
	// the hub and every spoke, with Resolver query logging. Default true.
	Enabled *bool `json:"enabled" pulumi:"enabled,optional"`
	// ExtraAllowedDomains is runtime.dnsFirewall.extraAllowedDomains: mirrors and other names to
	// allow besides the landing zone's own names and the corporate domains that
	// corporate.dns.forwardDomains forwards (those are allowed automatically). Default none.
	ExtraAllowedDomains []string `json:"extraAllowedDomains" pulumi:"extraAllowedDomains,optional"`
	// QueryLogRetentionDays is runtime.dnsFirewall.queryLogRetentionDays. Default 365.
	QueryLogRetentionDays int `json:"queryLogRetentionDays" pulumi:"queryLogRetentionDays,optional"`
}

// RuntimeOrganizationGuardrails is runtime.organizationGuardrails.
type RuntimeOrganizationGuardrails struct {
	// Create is runtime.organizationGuardrails.create: create the guardrails as AWS Organizations
	// SCPs (needs the management account). Default false: rendered and output only.
	Create bool `json:"create" pulumi:"create,optional"`
	// TargetIds is runtime.organizationGuardrails.targetIds: roots, OUs or accounts to attach the
	// created SCPs to (only with create). Default none.
	TargetIds []string `json:"targetIds" pulumi:"targetIds,optional"`
}

// RuntimeConfigRules is runtime.configRules.
type RuntimeConfigRules struct {
	// Enabled is runtime.configRules.enabled: create the AWS Config rules. Default true.
	Enabled *bool `json:"enabled" pulumi:"enabled,optional"`
	// RecorderExists is runtime.configRules.recorderExists: the account and region already have
	// an AWS Config configuration recorder (the stack never creates one). Default true; set false
	// (with enabled false) in an account without one.
	RecorderExists *bool `json:"recorderExists" pulumi:"recorderExists,optional"`
}

// RuntimeDashboard is runtime.dashboard.
type RuntimeDashboard struct {
	// Enabled is runtime.dashboard.enabled: the KPI dashboard, security-event alarms and the
	// KMS-encrypted alert topic (the budget notifies it too). Default true.
	Enabled *bool `json:"enabled" pulumi:"enabled,optional"`
	// AlarmEmails is runtime.dashboard.alarmEmails: subscribers of the alert topic. Default: the
	// budget's emails (none without a budget).
	AlarmEmails []string `json:"alarmEmails" pulumi:"alarmEmails,optional"`
}

func isTrue(b *bool) bool { return b == nil || *b }

// BlockPublicAccessEnabled, DnsFirewallEnabled, ConfigRulesEnabled, RecorderExists and
// DashboardEnabled resolve the defaults (true).
func (r Runtime) BlockPublicAccessEnabled() bool { return isTrue(r.BlockPublicAccess.Enabled) }
func (r Runtime) DnsFirewallEnabled() bool       { return isTrue(r.DnsFirewall.Enabled) }
func (r Runtime) ConfigRulesEnabled() bool       { return isTrue(r.ConfigRules.Enabled) }
func (r Runtime) RecorderExists() bool           { return isTrue(r.ConfigRules.RecorderExists) }
func (r Runtime) DashboardEnabled() bool         { return isTrue(r.Dashboard.Enabled) }

// ComponentExclusions converts the exclusions for runtime.BlockPublicAccess.
func (r Runtime) ComponentExclusions() []runtime.BlockPublicAccessExclusion {
	var out []runtime.BlockPublicAccessExclusion
	for _, e := range r.BlockPublicAccess.Exclusions {
		out = append(out, runtime.BlockPublicAccessExclusion{VpcId: e.VpcID, SubnetId: e.SubnetID, Mode: e.Mode, Reason: e.Reason})
	}
	return out
}

// ConfigRuleNamePrefix is the prefix of the stack's Config rule names.
func (c *Config) ConfigRuleNamePrefix() string { return "vpconly-" + c.Stack }

// AlarmEmails resolves runtime.dashboard.alarmEmails' default.
func (c *Config) AlarmEmails() []string {
	if len(c.Runtime.Dashboard.AlarmEmails) > 0 || c.Budget == nil {
		return c.Runtime.Dashboard.AlarmEmails
	}
	return c.Budget.Emails
}

// resolveRuntime fills in runtime defaults.
func (c *Config) resolveRuntime() {
	if c.Runtime.DnsFirewall.QueryLogRetentionDays == 0 {
		c.Runtime.DnsFirewall.QueryLogRetentionDays = runtime.DefaultQueryLogRetentionDays
	}
}

// validateRuntime checks runtime.*, calling the runtime components' Validate on the settings
// the configuration gives them (what the program wires from other resources stands in as set).
func validateRuntime(c *Config, v *validator) {
	k := func(key string) string { return Project + ":runtime." + key }
	r := c.Runtime
	v.settingsErrors("runtime.blockPublicAccess", (&runtime.BlockPublicAccessArgs{Exclusions: r.ComponentExclusions()}).Validate("block-public-access"), nil)
	if !r.BlockPublicAccessEnabled() && len(r.BlockPublicAccess.Exclusions) > 0 {
		v.add(k("blockPublicAccess.exclusions"), fmt.Sprintf("%d exclusions", len(r.BlockPublicAccess.Exclusions)), "none while blockPublicAccess.enabled is false")
	}
	v.settingsErrors("runtime.dnsFirewall", (&runtime.DnsFirewallArgs{Region: c.Region, Endpoints: c.Hub.Endpoints,
		VpcIds: map[string]pulumi.StringInput{HubName: wired()}, ExtraAllowedDomains: r.DnsFirewall.ExtraAllowedDomains,
		QueryLogRetentionDays: r.DnsFirewall.QueryLogRetentionDays}).Validate("dns-firewall"),
		map[string]string{"Region": "aws:region", "Endpoints": Project + ":hub.endpoints"}) // keys of the fields configured elsewhere
	v.settingsErrors("runtime.organizationGuardrails", (&runtime.OrganizationGuardrailsArgs{
		Create:    r.OrganizationGuardrails.Create,
		TargetIds: r.OrganizationGuardrails.TargetIds,
	}).Validate("organization-guardrails"), nil)
	if r.ConfigRulesEnabled() {
		errs, _ := arg.Errors((&runtime.DetectiveControlsArgs{RecorderExists: r.RecorderExists(),
			RuleNamePrefix: c.ConfigRuleNamePrefix(), Region: c.Region}).Validate("detective"))
		for _, e := range errs {
			switch e.Field {
			case "RuleNamePrefix":
				v.add(k("configRules"), c.Stack, "a stack name short enough for Config rule names: "+e.Allowed)
			case "Region":
				v.add("aws:region", e.Value, e.Allowed)
			default:
				v.add(Project+":"+SettingsKey("runtime.configRules", e.Field), e.Value, e.Allowed+"; or set configRules.enabled false")
			}
		}
	}
	for i, e := range r.Dashboard.AlarmEmails {
		if !runtime.ValidAlarmEmail(e) {
			v.add(k(fmt.Sprintf("dashboard.alarmEmails[%d]", i)), e, "a plain email address like team@example.com")
		}
	}
}

// wired stands for an input the program wires from another resource: known only at deployment,
// so a component's validator checks only that it is set.
func wired() pulumi.StringOutput { return pulumi.String("").ToStringOutput() }
