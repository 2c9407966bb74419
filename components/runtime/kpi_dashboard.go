package runtime

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sns"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
)

// KpiDashboardType is the type token of the KpiDashboard component.
const KpiDashboardType = "vpconly:runtime:KpiDashboard"

// Metric names the dashboard's metric filters publish (in KpiDashboardArgs.MetricNamespace).
const (
	MetricRejectedOutside     = "RejectedTowardsOutside"
	MetricDnsBlocked          = "DnsFirewallBlocked"
	MetricDomainsCompliant    = "DomainVpcOnlyCompliant"
	MetricDomainsNonCompliant = "DomainVpcOnlyNonCompliant"
)

// DnsFirewallBlockedPattern is the metric filter pattern of DNS Firewall blocks in Resolver query
// logs: a query a firewall rule blocked carries firewall_rule_action "BLOCK" (Route 53 Developer
// Guide, "Values that appear in Resolver query logs").
const DnsFirewallBlockedPattern = `{ $.firewall_rule_action = "BLOCK" }`

// FlowLogRejectOutsidePattern is the metric filter pattern of flow-log records (default format:
// version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end
// action log-status; VPC User Guide, "Flow log records") whose action is REJECT and whose
// destination is outside the landing zone. The landing zone's CIDRs are widened to whole octets
// (a space-delimited pattern matches strings with a '*' wildcard, not CIDRs), so a reject towards
// an address that shares those octets is not counted.
//
// The syntax, from the CloudWatch Logs User Guide, "Filter pattern syntax for metric filters,
// subscription filters, filter log events, and Live Tail"
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html), section
// on space-delimited log events: the pattern names every field, comma-separated, in square
// brackets; "for string fields, you can use = or != operators with an asterisk (*)"; conditions
// on one field combine with && in that field's place ("status_code = 4* && status_code != 403");
// and terms "that include characters other than alphanumeric or underscore must be placed inside
// double quotes". An address prefix has dots, so every value is quoted: dstaddr != "10.1.*". A
// quoted value keeps its wildcard (the CIS AWS Foundations Benchmark's metric filters match
// $.errorCode = "AccessDenied*",
// https://tenable.com/audits/items/CIS_Amazon_Web_Services_Foundations_v1.5.0_L1.audit:00a418b93cdf6c4fb1b143ea02d295d3),
// and AWS's own CDK quotes every string value it renders into a space-delimited pattern
// (aws-cdk-lib aws-logs/lib/pattern.ts, SpaceDelimitedTextPattern.whereString: "It's never wrong
// to quote a string term, and required if the term contains non-alphanumerical characters").
// kpi_pattern_test.go checks the patterns against these rules and matches them against records.
func FlowLogRejectOutsidePattern(landingZoneCidrs []string) (string, error) {
	prefixes, err := OctetPrefixes(landingZoneCidrs)
	if err != nil {
		return "", err
	}
	conds := make([]string, len(prefixes))
	for i, p := range prefixes {
		conds[i] = `dstaddr != "` + p + `"`
	}
	return "[version, account, eni, srcaddr, " + strings.Join(conds, " && ") +
		`, srcport, dstport, protocol, packets, bytes, start, end, action = "REJECT", status]`, nil
}

// OctetPrefixes widens IPv4 CIDRs to whole octets and renders them as wildcard strings:
// 10.1.0.0/20 → "10.1.*", 10.0.0.0/24 → "10.0.0.*"; deduplicated, in order.
func OctetPrefixes(cidrs []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, c := range cidrs {
		p, err := netip.ParsePrefix(c)
		if err != nil || !p.Addr().Is4() || p.Bits() < 8 {
			return nil, fmt.Errorf("landing zone CIDR %q: want an IPv4 CIDR of /8 or longer", c)
		}
		octets := strings.Split(p.Masked().Addr().String(), ".")[:p.Bits()/8]
		s := strings.Join(octets, ".") + ".*"
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out, nil
}

// ComplianceChangePattern is the metric filter pattern of a Config rule's compliance-change
// events with the given result (COMPLIANT or NON_COMPLIANT), as EventBridge writes them to the
// compliance log.
func ComplianceChangePattern(ruleName, complianceType string) string {
	return fmt.Sprintf(`{ ($.detail.configRuleName = "%s") && ($.detail.newEvaluationResult.complianceType = "%s") }`, ruleName, complianceType)
}

// KpiDashboardArgs configure a KpiDashboard.
type KpiDashboardArgs struct {
	// Region is where the dashboard's metrics live. Required.
	Region string `pulumi:"region,optional"`
	// DashboardName is the dashboard's name. Default "<project>-<stack>-<name>".
	DashboardName string `pulumi:"dashboardName,optional"`
	// MetricNamespace is the namespace of the metric filters' metrics. Default
	// "VpcOnly/<project>/<stack>".
	MetricNamespace string `pulumi:"metricNamespace,optional"`
	// LandingZoneCidrs are the hub and spoke CIDRs: rejects towards anything else are security
	// events. Required.
	LandingZoneCidrs []string `pulumi:"landingZoneCidrs,optional"`
	// FlowLogGroupNames are the spokes' flow-log groups, by stable key. Default none.
	FlowLogGroupNames map[string]pulumi.StringInput `pulumi:"flowLogGroupNames,optional"`
	// QueryLogGroupName is the DNS Firewall's query-log group. Default nil: no DNS metric.
	QueryLogGroupName pulumi.StringInput `pulumi:"queryLogGroupName,optional"`
	// ComplianceLogGroupName and DomainRuleName: DetectiveControls' compliance log and its
	// SAGEMAKER_DOMAIN_IN_VPC rule. Default nil/"": no compliance KPI.
	ComplianceLogGroupName pulumi.StringInput `pulumi:"complianceLogGroupName,optional"`
	DomainRuleName         string             `pulumi:"domainRuleName,optional"`
	// NetworkCostEstimateUsd is the stack's own monthly network estimate (cost package).
	NetworkCostEstimateUsd float64 `pulumi:"networkCostEstimateUsd,optional"`
	// BudgetLimitUsd is the network budget's monthly limit; 0 when there is no budget.
	BudgetLimitUsd float64 `pulumi:"budgetLimitUsd,optional"`
	// AlarmEmails subscribe to the alert topic (each must confirm). Default none.
	AlarmEmails []string `pulumi:"alarmEmails,optional"`
	// AccountId scopes the topic's key and access policies. Default: the caller identity.
	AccountId pulumi.StringInput `pulumi:"accountId,optional"`
	// Protect protects every child (deleting an alarm, filter or the topic silences security
	// events). Default false; prod sets it.
	Protect bool `pulumi:"protect,optional"`
	// Tags are merged into every taggable child.
	Tags map[string]string `pulumi:"tags,optional"`
}

// Validate checks the arguments of the KpiDashboard name without registering anything: nil, or
// the joined *arg.Error values, each naming the field, the value and what is allowed. An empty
// DashboardName stands for "<project>-<stack>-<name>", which only a deployment knows:
// NewKpiDashboard checks that default after Validate.
func (args *KpiDashboardArgs) Validate(name string) error {
	p := core.NewProblems("KpiDashboard", name)
	if args == nil {
		p.Missing("args", "a *KpiDashboardArgs with Region and LandingZoneCidrs")
		return p.Err()
	}
	if !core.RegionRe.MatchString(args.Region) {
		p.Bad("Region", args.Region, "an AWS region name, e.g. us-east-1")
	}
	rejectPattern, err := FlowLogRejectOutsidePattern(args.LandingZoneCidrs)
	if err != nil {
		p.Bad("LandingZoneCidrs", args.LandingZoneCidrs, err.Error())
	} else if len(args.LandingZoneCidrs) == 0 {
		p.Missing("LandingZoneCidrs", "the hub and spoke CIDRs")
	} else if len(rejectPattern) > 1024 {
		p.Bad("LandingZoneCidrs", args.LandingZoneCidrs, "few enough octet prefixes for a 1024-character metric filter pattern")
	}
	if args.DashboardName != "" && !dashboardNameRe.MatchString(args.DashboardName) {
		p.Bad("DashboardName", args.DashboardName, dashboardNameWant)
	}
	if (args.ComplianceLogGroupName == nil) != (args.DomainRuleName == "") {
		p.Bad("DomainRuleName", args.DomainRuleName, "set together with ComplianceLogGroupName")
	}
	if !(args.NetworkCostEstimateUsd >= 0) || !(args.BudgetLimitUsd >= 0) {
		p.Bad("NetworkCostEstimateUsd/BudgetLimitUsd", []float64{args.NetworkCostEstimateUsd, args.BudgetLimitUsd}, "amounts ≥ 0")
	}
	for i, e := range args.AlarmEmails {
		if !ValidAlarmEmail(e) {
			p.Bad(fmt.Sprintf("AlarmEmails[%d]", i), e, "a plain email address")
		}
	}
	for _, k := range core.SortedKeys(args.FlowLogGroupNames) {
		if !dnsFirewallKeyRe.MatchString(k) {
			p.Bad("FlowLogGroupNames key", k, "1-63 characters of a-z, 0-9 and '-'")
		}
	}
	return p.Err()
}

// dashboardNameWant is what a dashboard name may be.
const dashboardNameWant = "1-255 letters, digits, '-' and '_'"

// KpiDashboard is the stack's CloudWatch dashboard of the FinOps guide's KPIs (compliance rate,
// network cost and budget, security events), the metric filters behind it, alarms on security
// events, and the KMS-encrypted SNS topic those alarms and the network budget notify.
type KpiDashboard struct {
	pulumi.ResourceState

	// DashboardName is the CloudWatch dashboard.
	DashboardName pulumi.StringOutput `pulumi:"dashboardName"`
	// AlertTopicArn is the SNS topic the alarms notify ("" without alarm emails).
	AlertTopicArn pulumi.StringOutput `pulumi:"alertTopicArn"`

	// MetricFilterPatterns are the metric filters' patterns by child name (plain, for tests and
	// docs).
	MetricFilterPatterns map[string]string
}

// ValidAlarmEmail reports whether s is a plain email address the alert topic can subscribe
// (the same check as NetworkBudget's emails).
func ValidAlarmEmail(s string) bool { return arg.ValidEmail(s) }

var dashboardNameRe = regexp.MustCompile(`^[A-Za-z0-9_-]{1,255}$`)

// NewKpiDashboard validates args and registers: aws:kms/key "<name>-alerts-key",
// aws:sns/topic "<name>-alerts" (KMS-encrypted) with aws:sns/topicPolicy "<name>-alerts"
// (CloudWatch alarms and AWS Budgets of this account may publish) and an
// aws:sns/topicSubscription "<name>-alerts-<i>" per email; aws:cloudwatch/logMetricFilter
// "<name>-rejects-<key>" per flow-log group, "<name>-dns-blocked" and
// "<name>-domains-compliant"/"-noncompliant" when their logs are given;
// aws:cloudwatch/metricAlarm "<name>-rejects-alarm" and "<name>-dns-blocked-alarm" (any event in
// 5 minutes); aws:cloudwatch/dashboard "<name>".
func NewKpiDashboard(ctx *pulumi.Context, name string, args *KpiDashboardArgs, opts ...pulumi.ResourceOption) (*KpiDashboard, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	rejectPattern, _ := FlowLogRejectOutsidePattern(args.LandingZoneCidrs) // Validate checked it
	// The default name depends on the project and stack, which only a deployment knows.
	dashName := args.DashboardName
	if dashName == "" {
		dashName = ctx.Project() + "-" + ctx.Stack() + "-" + name
	}
	if !dashboardNameRe.MatchString(dashName) {
		p := core.NewProblems("KpiDashboard", name)
		p.Bad("DashboardName", dashName, dashboardNameWant+" (the default <project>-<stack>-<name>: set DashboardName)")
		return nil, p.Err()
	}
	ns := args.MetricNamespace
	if ns == "" {
		ns = "VpcOnly/" + ctx.Project() + "/" + ctx.Stack()
	}

	c := &KpiDashboard{MetricFilterPatterns: map[string]string{}}
	if err := ctx.RegisterComponentResource(KpiDashboardType, name, c, opts...); err != nil {
		return nil, err
	}
	var parent pulumi.ResourceOption = pulumi.Parent(c)
	tags := func(child string) pulumi.StringMap { return core.NameTags(args.Tags, child) }
	partition, _ := core.PartitionOf(args.Region)
	account := args.AccountId
	if account == nil {
		account = aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, pulumi.Parent(c)).AccountId()
	}
	if args.Protect {
		parent = pulumi.Composite(parent, pulumi.Protect(true))
	}

	key, err := kms.NewKey(ctx, name+"-alerts-key", &kms.KeyArgs{
		Description:          pulumi.String("Encrypts the landing zone's alert topic " + name),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(30),
		Policy: account.ToStringOutput().ApplyT(func(acct string) string {
			return AlertTopicKeyPolicy(partition, acct)
		}).(pulumi.StringOutput),
		Tags: tags(name + "-alerts-key"),
	}, parent)
	if err != nil {
		return nil, err
	}
	topic, err := sns.NewTopic(ctx, name+"-alerts", &sns.TopicArgs{
		KmsMasterKeyId: key.Arn,
		Tags:           tags(name + "-alerts"),
	}, parent)
	if err != nil {
		return nil, err
	}
	if _, err := sns.NewTopicPolicy(ctx, name+"-alerts", &sns.TopicPolicyArgs{
		Arn: topic.Arn,
		Policy: pulumi.All(topic.Arn, account.ToStringOutput()).ApplyT(func(v []any) string {
			return AlertTopicPolicy(v[0].(string), v[1].(string))
		}).(pulumi.StringOutput),
	}, parent); err != nil {
		return nil, err
	}
	for i, e := range args.AlarmEmails {
		if _, err := sns.NewTopicSubscription(ctx, fmt.Sprintf("%s-alerts-%d", name, i), &sns.TopicSubscriptionArgs{
			Topic: topic.Arn, Protocol: pulumi.String("email"), Endpoint: pulumi.String(e),
		}, parent); err != nil {
			return nil, err
		}
	}

	filter := func(child string, group pulumi.StringInput, pattern, metric string) error {
		c.MetricFilterPatterns[child] = pattern
		_, err := cloudwatch.NewLogMetricFilter(ctx, child, &cloudwatch.LogMetricFilterArgs{
			Name:         pulumi.String(child),
			LogGroupName: group,
			Pattern:      pulumi.String(pattern),
			MetricTransformation: &cloudwatch.LogMetricFilterMetricTransformationArgs{
				Name: pulumi.String(metric), Namespace: pulumi.String(ns), Value: pulumi.String("1"),
				DefaultValue: pulumi.StringPtr("0"),
			},
		}, parent)
		return err
	}
	for _, k := range core.SortedKeys(args.FlowLogGroupNames) {
		if err := filter(name+"-rejects-"+k, args.FlowLogGroupNames[k], rejectPattern, MetricRejectedOutside); err != nil {
			return nil, err
		}
	}
	hasDns := args.QueryLogGroupName != nil
	if hasDns {
		if err := filter(name+"-dns-blocked", args.QueryLogGroupName, DnsFirewallBlockedPattern, MetricDnsBlocked); err != nil {
			return nil, err
		}
	}
	hasCompliance := args.ComplianceLogGroupName != nil
	if hasCompliance {
		if err := filter(name+"-domains-compliant", args.ComplianceLogGroupName, ComplianceChangePattern(args.DomainRuleName, "COMPLIANT"), MetricDomainsCompliant); err != nil {
			return nil, err
		}
		if err := filter(name+"-domains-noncompliant", args.ComplianceLogGroupName, ComplianceChangePattern(args.DomainRuleName, "NON_COMPLIANT"), MetricDomainsNonCompliant); err != nil {
			return nil, err
		}
	}

	alarm := func(child, metric, description string) error {
		_, err := cloudwatch.NewMetricAlarm(ctx, child, &cloudwatch.MetricAlarmArgs{
			AlarmDescription:   pulumi.String(description),
			Namespace:          pulumi.String(ns),
			MetricName:         pulumi.String(metric),
			Statistic:          pulumi.String("Sum"),
			Period:             pulumi.Int(300),
			EvaluationPeriods:  pulumi.Int(1),
			Threshold:          pulumi.Float64(1),
			ComparisonOperator: pulumi.String("GreaterThanOrEqualToThreshold"),
			TreatMissingData:   pulumi.String("notBreaching"),
			AlarmActions:       pulumi.Array{topic.Arn},
			Tags:               tags(child),
		}, parent)
		return err
	}
	var alarmNames []string
	if len(args.FlowLogGroupNames) > 0 {
		if err := alarm(name+"-rejects-alarm", MetricRejectedOutside, "Flow logs: traffic towards an address outside the landing zone was rejected"); err != nil {
			return nil, err
		}
		alarmNames = append(alarmNames, name+"-rejects-alarm")
	}
	if hasDns {
		if err := alarm(name+"-dns-blocked-alarm", MetricDnsBlocked, "DNS Firewall blocked a query for a name outside the allow-list"); err != nil {
			return nil, err
		}
		alarmNames = append(alarmNames, name+"-dns-blocked-alarm")
	}
	if hasCompliance {
		if err := alarm(name+"-domain-noncompliant-alarm", MetricDomainsNonCompliant, "A SageMaker domain became NON_COMPLIANT with "+args.DomainRuleName); err != nil {
			return nil, err
		}
	}

	spec := dashboardSpec{region: args.Region, namespace: ns, domainRule: args.DomainRuleName,
		cost: args.NetworkCostEstimateUsd, budget: args.BudgetLimitUsd, flowLogs: len(args.FlowLogGroupNames) > 0,
		dns: hasDns, compliance: hasCompliance}
	var body pulumi.StringOutput
	if hasCompliance {
		body = args.ComplianceLogGroupName.ToStringOutput().ApplyT(func(g string) string { return spec.body(g) }).(pulumi.StringOutput)
	} else {
		body = pulumi.String(spec.body("")).ToStringOutput()
	}
	d, err := cloudwatch.NewDashboard(ctx, name, &cloudwatch.DashboardArgs{
		DashboardName: pulumi.String(dashName),
		DashboardBody: body,
	}, parent)
	if err != nil {
		return nil, err
	}
	c.DashboardName = d.DashboardName
	c.AlertTopicArn = topic.Arn
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"dashboardName": c.DashboardName, "alertTopicArn": c.AlertTopicArn}); err != nil {
		return nil, err
	}
	return c, nil
}

type dashboardSpec struct {
	region, namespace, domainRule string
	cost, budget                  float64
	flowLogs, dns, compliance     bool
}

// body renders the dashboard JSON (CloudWatch API reference, "Dashboard Body Structure and
// Syntax").
func (s dashboardSpec) body(complianceLogGroup string) string {
	type widget = map[string]any
	var widgets []widget
	y := 0
	add := func(w widget, width, height int) {
		w["x"], w["y"], w["width"], w["height"] = 0, y, width, height
		widgets = append(widgets, w)
		y += height
	}
	budget := "no budget configured"
	if s.budget > 0 {
		budget = fmt.Sprintf("$%.2f/month", s.budget)
	}
	add(widget{"type": "text", "properties": map[string]any{"markdown": fmt.Sprintf(
		"# Landing zone KPIs\n**Network infrastructure cost** (the stack's own estimate): $%.2f/month · **network budget**: %s",
		s.cost, budget)}}, 24, 2)
	if s.compliance {
		add(widget{"type": "metric", "properties": map[string]any{
			"title":  "Compliance rate: share of SageMaker domain evaluations that are VpcOnly (" + s.domainRule + ")",
			"region": s.region, "view": "singleValue", "stat": "Sum", "period": 86400,
			"metrics": []any{
				[]any{map[string]any{"expression": "100*m1/(m1+m2)", "label": "VpcOnly (%)", "id": "e1"}},
				[]any{s.namespace, MetricDomainsCompliant, map[string]any{"id": "m1", "visible": false}},
				[]any{s.namespace, MetricDomainsNonCompliant, map[string]any{"id": "m2", "visible": false}},
			},
		}}, 12, 6)
		add(widget{"type": "log", "properties": map[string]any{
			"title": "Latest VpcOnly verdict per domain", "region": s.region, "view": "table",
			"query": fmt.Sprintf("SOURCE '%s' | fields detail.resourceId as domain, detail.newEvaluationResult.complianceType as verdict | filter detail.configRuleName = '%s' | stats latest(verdict) by domain",
				complianceLogGroup, s.domainRule),
		}}, 12, 6)
	}
	var security []any
	if s.flowLogs {
		security = append(security, []any{s.namespace, MetricRejectedOutside, map[string]any{"label": "flow-log REJECTs towards outside the landing zone"}})
	}
	if s.dns {
		security = append(security, []any{s.namespace, MetricDnsBlocked, map[string]any{"label": "DNS Firewall blocks"}})
	}
	if len(security) > 0 {
		add(widget{"type": "metric", "properties": map[string]any{
			"title": "Security events", "region": s.region, "stat": "Sum", "period": 300, "view": "timeSeries",
			"metrics": security,
		}}, 24, 6)
	}
	add(widget{"type": "metric", "properties": map[string]any{
		"title": "Amazon VPC estimated charges (AWS/Billing, needs billing alerts enabled)", "region": "us-east-1",
		"stat": "Maximum", "period": 21600, "view": "timeSeries",
		"metrics": []any{[]any{"AWS/Billing", "EstimatedCharges", "ServiceName", "AmazonVPC", "Currency", "USD"}},
	}}, 24, 6)
	b, _ := json.Marshal(map[string]any{"widgets": widgets})
	return string(b)
}

// AlertTopicKeyPolicy is the alert topic key's policy: the account administers it through IAM,
// and CloudWatch (alarms) and AWS Budgets may generate data keys and decrypt with it, which an
// encrypted topic requires of publishing services (SNS Developer Guide, "Configure AWS KMS
// permissions for AWS services").
func AlertTopicKeyPolicy(partition, accountID string) string {
	return core.PolicyJSON(map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{
			map[string]any{"Sid": "EnableAccountAdministration", "Effect": "Allow",
				"Principal": map[string]any{"AWS": "arn:" + partition + ":iam::" + accountID + ":root"},
				"Action":    "kms:*", "Resource": "*"},
			map[string]any{"Sid": "AllowAlarmAndBudgetPublishers", "Effect": "Allow",
				"Principal": map[string]any{"Service": []string{"budgets.amazonaws.com", "cloudwatch.amazonaws.com"}},
				"Action":    []string{"kms:Decrypt", "kms:GenerateDataKey*"}, "Resource": "*",
				"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": accountID}}},
		},
	})
}

// AlertTopicPolicy lets CloudWatch alarms and AWS Budgets of accountID publish to the topic.
func AlertTopicPolicy(topicArn, accountID string) string {
	return core.PolicyJSON(map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid": "AllowAlarmAndBudgetPublishers", "Effect": "Allow",
			"Principal": map[string]any{"Service": []string{"budgets.amazonaws.com", "cloudwatch.amazonaws.com"}},
			"Action":    "SNS:Publish", "Resource": topicArn,
			"Condition": map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": accountID}},
		}},
	})
}
