package landingzone

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/cost"
)

// Runtime holds the runtime controls a stack builds (runtime.* config); a nil field was not
// configured.
type Runtime struct {
	BlockPublicAccess      *components.BlockPublicAccess
	DnsFirewall            *components.DnsFirewall
	OrganizationGuardrails *components.OrganizationGuardrails
	Detective              *components.DetectiveControls
	Dashboard              *components.KpiDashboard
	Cost                   cost.RuntimeEstimate
}

// buildRuntime registers the runtime controls: VPC Block Public Access, the DNS Firewall on the
// hub and every spoke, the organization guardrails (rendered; created when configured), the AWS
// Config rules and the KPI dashboard. It runs after the spokes and before the budget, which
// notifies the dashboard's alert topic.
func (lz *LandingZone) buildRuntime(ctx *pulumi.Context, account pulumi.StringInput) error {
	cfg := lz.Config
	r := cfg.Runtime
	rt := &Runtime{}
	lz.Runtime = rt
	prov := lz.hubOpt()
	protect := cfg.Protect()
	var err error

	if r.BlockPublicAccessEnabled() {
		rt.BlockPublicAccess, err = components.NewBlockPublicAccess(ctx, "block-public-access", &components.BlockPublicAccessArgs{
			Exclusions: r.ComponentExclusions(),
			Protect:    protect,
		}, prov)
		if err != nil {
			return err
		}
	}

	if r.DnsFirewallEnabled() {
		vpcs := map[string]pulumi.StringInput{"hub": lz.Hub.VpcId}
		for name, s := range lz.Spokes {
			vpcs["spoke-"+name] = s.VpcId
		}
		rt.DnsFirewall, err = components.NewDnsFirewall(ctx, "dns-firewall", &components.DnsFirewallArgs{
			Region:                cfg.Region,
			Endpoints:             cfg.Hub.Endpoints,
			VpcIds:                vpcs,
			ExtraAllowedDomains:   dnsFirewallExtraDomains(cfg),
			QueryLogRetentionDays: r.DnsFirewall.QueryLogRetentionDays,
			AccountId:             account,
			Protect:               protect,
		}, prov)
		if err != nil {
			return err
		}
	}

	og := r.OrganizationGuardrails
	rt.OrganizationGuardrails, err = components.NewOrganizationGuardrails(ctx, "organization-guardrails", &components.OrganizationGuardrailsArgs{
		// One exemption list for every SCP the landing zone renders (guards.scpExemptPrincipalArns).
		ExemptPrincipalArns: cfg.Guards.ScpExemptPrincipalArns,
		Create:              og.Create,
		TargetIds:           cfg.OrganizationGuardrailTargets(), // default with accounts: the workload accounts
		Protect:             protect,
	}, prov)
	if err != nil {
		return err
	}

	if r.ConfigRulesEnabled() {
		rt.Detective, err = components.NewDetectiveControls(ctx, "detective", &components.DetectiveControlsArgs{
			RecorderExists: r.RecorderExists(),
			RuleNamePrefix: cfg.ConfigRuleNamePrefix(),
			Region:         cfg.Region,
			AccountId:      account,
			Protect:        protect,
		}, prov)
		if err != nil {
			return err
		}
	}

	if r.DashboardEnabled() {
		cidrs := []string{cfg.Hub.CIDR}
		flowLogs := map[string]pulumi.StringInput{}
		for _, s := range cfg.Spokes {
			cidrs = append(cidrs, s.CIDR)
			if cfg.SpokeAccount(s.Name) == cfg.HubAccount() { // metric filters live in the log group's account
				flowLogs[s.Name] = lz.Spokes[s.Name].FlowLogGroupName
			}
		}
		args := &components.KpiDashboardArgs{
			Region:                 cfg.Region,
			LandingZoneCidrs:       cidrs,
			FlowLogGroupNames:      flowLogs,
			NetworkCostEstimateUsd: lz.Cost.MonthlyUSD,
			AlarmEmails:            cfg.AlarmEmails(),
			AccountId:              account,
			Protect:                protect,
		}
		if cfg.Budget != nil {
			args.BudgetLimitUsd = cfg.Budget.MonthlyLimitUsd
		}
		if rt.DnsFirewall != nil {
			args.QueryLogGroupName = rt.DnsFirewall.QueryLogGroupName
		}
		if rt.Detective != nil {
			args.ComplianceLogGroupName = rt.Detective.ComplianceLogGroupName
			args.DomainRuleName = rt.Detective.DomainRuleName
		}
		rt.Dashboard, err = components.NewKpiDashboard(ctx, "kpi", args, prov)
		if err != nil {
			return err
		}
	}

	rt.Cost, err = cost.ComputeRuntime(RuntimeCostInputs(cfg))
	if err != nil {
		return fmt.Errorf("runtime cost estimate: %w", err)
	}
	return nil
}

// RuntimeCostInputs describes, for the cost model, the runtime controls a configuration builds.
func RuntimeCostInputs(cfg *config.Config) cost.RuntimeInputs {
	r := cfg.Runtime
	in := cost.RuntimeInputs{Region: cfg.Region}
	if r.DnsFirewallEnabled() {
		in.DNSFirewallVPCs = 1 + len(cfg.Spokes)
		in.DNSFirewallDomains = len(components.DnsFirewallAllowedDomains(cfg.Region, cfg.Hub.Endpoints, dnsFirewallExtraDomains(cfg))) + 1
		in.QueryLogRetentionDays = r.DnsFirewall.QueryLogRetentionDays
		in.KMSKeys++
	}
	if r.ConfigRulesEnabled() {
		in.ConfigRules = len(components.DetectiveRules())
		in.KMSKeys++
	}
	if r.DashboardEnabled() {
		in.Dashboards = 1
		in.KMSKeys++
		alarms := 1 // flow-log rejects (every stack has a spoke)
		metrics := 1
		if r.DnsFirewallEnabled() {
			alarms++
			metrics++
		}
		if r.ConfigRulesEnabled() {
			alarms++
			metrics += 2
		}
		in.Alarms, in.CustomMetrics = alarms, metrics
	}
	return in
}

// alertTopicArn is the dashboard's alert topic, or nil without a dashboard.
func (lz *LandingZone) alertTopicArn() pulumi.StringInput {
	if lz.Runtime == nil || lz.Runtime.Dashboard == nil {
		return nil
	}
	return lz.Runtime.Dashboard.AlertTopicArn
}

// runtimeOutputs adds the runtime controls' stack outputs under "runtime".
func (lz *LandingZone) runtimeOutputs(out pulumi.Map) {
	rt := lz.Runtime
	if rt == nil {
		return
	}
	m := pulumi.Map{
		"organizationGuardrailDocuments": rt.OrganizationGuardrails.PolicyDocuments,
		"organizationGuardrailPolicyIds": rt.OrganizationGuardrails.PolicyIds,
		"costEstimate":                   pulumi.ToMap(runtimeCostMap(rt.Cost)),
	}
	if rt.BlockPublicAccess != nil {
		m["blockPublicAccessMode"] = rt.BlockPublicAccess.Mode
	}
	if rt.DnsFirewall != nil {
		m["dnsFirewallRuleGroupId"] = rt.DnsFirewall.RuleGroupId
		m["dnsAllowedDomains"] = rt.DnsFirewall.AllowedDomains
		m["resolverQueryLogGroupName"] = rt.DnsFirewall.QueryLogGroupName
	}
	if rt.Detective != nil {
		m["configRuleNames"] = rt.Detective.RuleNames
	}
	if rt.Dashboard != nil {
		m["dashboardName"] = rt.Dashboard.DashboardName
		m["alertTopicArn"] = rt.Dashboard.AlertTopicArn
	}
	out["runtime"] = m
}

func runtimeCostMap(e cost.RuntimeEstimate) map[string]any {
	items := make([]any, len(e.Items))
	for i, it := range e.Items {
		items[i] = map[string]any{"resource": it.Resource, "unit": it.Unit, "quantity": it.Quantity,
			"unitUsd": it.UnitUSD, "monthlyUsd": it.MonthlyUSD}
	}
	assumptions := make([]any, len(e.Assumptions))
	for i, a := range e.Assumptions {
		assumptions[i] = a
	}
	return map[string]any{"monthlyUsd": e.MonthlyUSD, "items": items, "region": e.Region,
		"priceDate": e.PriceDate, "assumptions": assumptions}
}

// dnsFirewallExtraDomains are the names the DNS Firewall allows beyond the catalog's: the
// configured extras plus every corporate domain the outbound Resolver forwards (and its
// subdomains), so that forwarding on-premises names can never be cut off by the firewall.
func dnsFirewallExtraDomains(cfg *config.Config) []string {
	out := append([]string(nil), cfg.Runtime.DnsFirewall.ExtraAllowedDomains...)
	seen := map[string]bool{}
	for _, d := range out {
		seen[d] = true
	}
	if cfg.Corporate != nil {
		for _, d := range cfg.Corporate.Dns.ForwardDomains {
			for _, name := range []string{d, "*." + d} {
				if !seen[name] {
					seen[name] = true
					out = append(out, name)
				}
			}
		}
	}
	return out
}
