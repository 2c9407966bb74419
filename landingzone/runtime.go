package landingzone

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/runtime"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/cost"
)

// Runtime holds the runtime controls a stack builds (runtime.* config); a nil field was not
// configured. The fields are the hub account's controls; Accounts holds, by account label
// (config.AccountLabel), those of every other account with a spoke.
type Runtime struct {
	AccountRuntime         // the hub account's
	OrganizationGuardrails *runtime.OrganizationGuardrails
	Accounts               map[string]*AccountRuntime
	Cost                   cost.RuntimeEstimate
}

// AccountRuntime are the account-level runtime controls of one account: Block Public Access is
// an account-and-Region setting, the DNS Firewall associates rule groups of its own account only,
// AWS Config rules evaluate their own account, and a metric filter lives in its log group's
// account — so each account with a VPC of the landing zone gets its own.
type AccountRuntime struct {
	BlockPublicAccess *runtime.BlockPublicAccess
	DnsFirewall       *runtime.DnsFirewall
	Detective         *runtime.DetectiveControls
	Dashboard         *runtime.KpiDashboard
}

// RuntimeName is the name of an account-level runtime control: base in the hub's account (a
// single-account stack's names), "<base>-<account label>" in the others.
func RuntimeName(cfg *config.Config, base, account string) string {
	if account == cfg.HubAccount() {
		return base
	}
	return base + "-" + cfg.AccountLabel(account)
}

// buildRuntime registers the runtime controls: per account with a VPC of the landing zone (the
// hub's, then each other workload account: config.RuntimeAccounts), VPC Block Public Access, the
// DNS Firewall on that account's VPCs, the AWS Config rules and the KPI dashboard; once, in the
// hub's account, the organization guardrails (rendered; created when configured). It runs after
// the spokes and before the budget, which notifies the hub account's alert topic.
func (lz *LandingZone) buildRuntime(ctx *pulumi.Context) error {
	cfg := lz.Config
	rt := &Runtime{}
	lz.Runtime = rt
	var err error
	for _, acct := range cfg.RuntimeAccounts() {
		ar, err := lz.buildAccountRuntime(ctx, acct)
		if err != nil {
			return err
		}
		if acct == cfg.HubAccount() {
			rt.AccountRuntime = *ar
			continue
		}
		if rt.Accounts == nil {
			rt.Accounts = map[string]*AccountRuntime{}
		}
		rt.Accounts[cfg.AccountLabel(acct)] = ar
	}

	rt.OrganizationGuardrails, err = runtime.NewOrganizationGuardrails(ctx, "organization-guardrails", organizationGuardrailsArgs(cfg),
		lz.opt(cfg.PolicyAccount())) // the management account or the delegated administrator for policies
	if err != nil {
		return err
	}

	rt.Cost, err = cost.ComputeRuntime(RuntimeCostInputs(cfg))
	if err != nil {
		return fmt.Errorf("runtime cost estimate: %w", err)
	}
	return nil
}

// buildAccountRuntime registers one account's runtime controls with that account's provider.
func (lz *LandingZone) buildAccountRuntime(ctx *pulumi.Context, acct string) (*AccountRuntime, error) {
	cfg := lz.Config
	r := cfg.Runtime
	ar := &AccountRuntime{}
	prov := lz.opt(acct)
	protect := cfg.Protect()
	hubAccount := acct == cfg.HubAccount()
	id := lz.accountID(acct)
	var err error

	if args := blockPublicAccessArgs(cfg, acct); args != nil {
		if ar.BlockPublicAccess, err = runtime.NewBlockPublicAccess(ctx, RuntimeName(cfg, "block-public-access", acct), args, prov); err != nil {
			return nil, err
		}
	}

	vpcs := accountVpcs(cfg, acct, func(spoke string) pulumi.StringInput {
		if spoke == "" {
			return lz.Hub.VpcId
		}
		return lz.Spokes[spoke].VpcId
	})
	var cidrs []string
	if hubAccount {
		cidrs = append(cidrs, cfg.Hub.CIDR)
	}
	flowLogs := map[string]pulumi.StringInput{}
	for _, s := range cfg.Spokes {
		if cfg.SpokeAccount(s.Name) != acct {
			continue
		}
		cidrs = append(cidrs, s.CIDR)
		flowLogs[s.Name] = lz.Spokes[s.Name].FlowLogGroupName // metric filters live in the log group's account
	}

	if args := dnsFirewallArgs(cfg, vpcs, id); args != nil {
		if ar.DnsFirewall, err = runtime.NewDnsFirewall(ctx, RuntimeName(cfg, "dns-firewall", acct), args, prov); err != nil {
			return nil, err
		}
	}

	if args := detectiveArgs(cfg, id); args != nil {
		if ar.Detective, err = runtime.NewDetectiveControls(ctx, RuntimeName(cfg, "detective", acct), args, prov); err != nil {
			return nil, err
		}
	}

	if r.DashboardEnabled() {
		// A workload account's dashboard watches its own VPCs' CIDRs; the hub's watches the
		// landing zone's whole range.
		if hubAccount {
			cidrs = []string{cfg.Hub.CIDR}
			for _, s := range cfg.Spokes {
				cidrs = append(cidrs, s.CIDR)
			}
		}
		args := &runtime.KpiDashboardArgs{
			Region:            cfg.Region,
			LandingZoneCidrs:  cidrs,
			FlowLogGroupNames: flowLogs,
			AlarmEmails:       cfg.AlarmEmails(),
			AccountId:         id,
			Protect:           protect,
		}
		// The network cost and the budget are the landing zone's: every account's dashboard shows them.
		args.NetworkCostEstimateUsd = lz.Cost.MonthlyUSD
		if cfg.Budget != nil {
			args.BudgetLimitUsd = cfg.Budget.MonthlyLimitUsd
		}
		if ar.DnsFirewall != nil {
			args.QueryLogGroupName = ar.DnsFirewall.QueryLogGroupName
		}
		if ar.Detective != nil {
			args.ComplianceLogGroupName = ar.Detective.ComplianceLogGroupName
			args.DomainRuleName = ar.Detective.DomainRuleName
		}
		if ar.Dashboard, err = runtime.NewKpiDashboard(ctx, RuntimeName(cfg, "kpi", acct), args, prov); err != nil {
			return nil, err
		}
	}
	return ar, nil
}

// RuntimeCostInputs describes, for the cost model, the runtime controls a configuration builds:
// the account-level ones once per account in config.RuntimeAccounts (each its own domain list,
// keys, Config rules, dashboard and alarms; the DNS Firewall VPCs are counted once each).
func RuntimeCostInputs(cfg *config.Config) cost.RuntimeInputs {
	r := cfg.Runtime
	n := len(cfg.RuntimeAccounts())
	in := cost.RuntimeInputs{Region: cfg.Region}
	if r.DnsFirewallEnabled() {
		in.DNSFirewallVPCs = 1 + len(cfg.Spokes)
		in.DNSFirewallDomains = n * (len(runtime.DnsFirewallAllowedDomains(cfg.Region, cfg.Hub.Endpoints, dnsFirewallExtraDomains(cfg))) + 1)
		in.QueryLogRetentionDays = r.DnsFirewall.QueryLogRetentionDays
		in.KMSKeys += n
	}
	if r.ConfigRulesEnabled() {
		in.ConfigRules = n * len(runtime.DetectiveRules())
		in.KMSKeys += n
	}
	if r.DashboardEnabled() {
		in.Dashboards = n
		in.KMSKeys += n
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
		in.Alarms, in.CustomMetrics = n*alarms, n*metrics
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

// addOutputs writes an account's runtime controls' ids and names into m.
func (ar *AccountRuntime) addOutputs(m pulumi.Map) {
	if ar.BlockPublicAccess != nil {
		m["blockPublicAccessMode"] = ar.BlockPublicAccess.Mode
	}
	if ar.DnsFirewall != nil {
		m["dnsFirewallRuleGroupId"] = ar.DnsFirewall.RuleGroupId
		m["resolverQueryLogGroupName"] = ar.DnsFirewall.QueryLogGroupName
	}
	if ar.Detective != nil {
		m["configRuleNames"] = ar.Detective.RuleNames
	}
	if ar.Dashboard != nil {
		m["dashboardName"] = ar.Dashboard.DashboardName
		m["alertTopicArn"] = ar.Dashboard.AlertTopicArn
	}
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
	rt.AccountRuntime.addOutputs(m)
	if rt.DnsFirewall != nil {
		m["dnsAllowedDomains"] = rt.DnsFirewall.AllowedDomains
	}
	if len(rt.Accounts) > 0 {
		accts := pulumi.Map{}
		for label, ar := range rt.Accounts {
			am := pulumi.Map{}
			ar.addOutputs(am)
			accts[label] = am
		}
		m["accounts"] = accts
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
