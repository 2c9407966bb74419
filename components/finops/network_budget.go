package finops

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/budgets"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
)

// NetworkBudgetType is the type token of the NetworkBudget component (public API).
const NetworkBudgetType = "vpconly:finops:NetworkBudget"

// Cost Explorer / AWS Budgets service names ("Service" dimension values) the landing zone's
// lines are billed under. Budgets takes the Cost Explorer names, not the price-list service codes
// (so "AmazonCloudWatch", but "Amazon Route 53"). The cost model bills every line it prices
// under one of these (cost.Service* are these values).
const (
	// BudgetServiceVPC bills interface endpoint hours and bytes (usage types
	// <region>-VpcEndpoint-*), Transit Gateway attachment hours and bytes (<region>-TransitGateway-*)
	// and public IPv4 addresses (<region>-PublicIPv4:InUseAddress): "Understand codes for Amazon
	// VPC in billing and usage reports", Amazon VPC user guide
	// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-billing-usage-reports.html).
	BudgetServiceVPC = "Amazon Virtual Private Cloud"
	// BudgetServiceEC2Other is what Cost Explorer splits off EC2 for networking: NAT gateway hours
	// and bytes (<region>-NatGateway-*), EBS, inter-AZ data transfer.
	BudgetServiceEC2Other = "EC2 - Other"
	// BudgetServiceRoute53 bills hosted zones (HostedZone usage type).
	BudgetServiceRoute53 = "Amazon Route 53"
	// BudgetServiceKMS bills customer managed keys (<region>-KMS-Keys).
	BudgetServiceKMS = "AWS Key Management Service"
	// BudgetServiceCloudWatch bills CloudWatch Logs ingestion (vended logs:
	// <region>-VendedLog-Bytes) and storage (<region>-TimedStorage-ByteHrs).
	BudgetServiceCloudWatch = "AmazonCloudWatch"
	// BudgetServiceCodeArtifact bills package storage and requests.
	BudgetServiceCodeArtifact = "AWS CodeArtifact"
	// BudgetServiceECR bills image storage (<region>-TimedStorage-ByteHrs of ECR).
	BudgetServiceECR = "Amazon EC2 Container Registry (ECR)"
	// BudgetServiceConfig bills AWS Config rule evaluations.
	BudgetServiceConfig = "AWS Config"
)

// NetworkBudgetServices returns the Cost Explorer service names the budget counts (CostFilters
// "Service"; Budgets takes the Cost Explorer SERVICE dimension values, as in the pulumi-aws
// budgets.Budget doc example "Amazon Elastic Compute Cloud - Compute"), sorted: every
// BudgetService* value. The cost model bills every line it prices under one of them (a test in
// package cost keeps cost.BudgetServices equal to this list), so the budget watches exactly what
// the estimate counts: "Amazon Virtual Private Cloud" (interface endpoints, Transit Gateway
// attachments and data, public IPv4), "Amazon Route 53" (private hosted zones), "AWS Key
// Management Service" (the customer managed keys), "AmazonCloudWatch" (flow-log ingestion and
// storage), CodeArtifact, ECR and Config (supply and runtime controls) and "EC2 - Other" (NAT
// gateways and inter-AZ transfer, which the landing zone should never incur). A copy.
func NetworkBudgetServices() []string { return slices.Clone(networkBudgetServices) }

var networkBudgetServices = []string{BudgetServiceCodeArtifact, BudgetServiceConfig, BudgetServiceKMS,
	BudgetServiceECR, BudgetServiceRoute53, BudgetServiceVPC, BudgetServiceCloudWatch, BudgetServiceEC2Other}

// Limits of AWS Budgets (Budgets API, Notification: "A budget can have up to ten notifications";
// "up to 10 email subscribers").
const (
	budgetMaxNotifications = 10
	budgetMaxEmails        = 10
	budgetMaxThreshold     = 1000.0
	// budgetNameMaxLength and budgetNameForbidden: CreateBudget BudgetName is 1-100 characters
	// and may not contain ':' or '\'.
	budgetNameMaxLength = 100
)

// DefaultBudgetThresholdsPercent are the alert thresholds used when none are given.
func DefaultBudgetThresholdsPercent() []float64 { return slices.Clone(defaultBudgetThresholdsPercent) }

var defaultBudgetThresholdsPercent = []float64{80, 100}

// NetworkBudgetArgs configure a NetworkBudget.
type NetworkBudgetArgs struct {
	// MonthlyLimitUsd is the monthly budget in USD. Required, > 0.
	MonthlyLimitUsd float64 `pulumi:"monthlyLimitUsd,optional"`
	// Emails receive the alerts. Required: 1 to 10 plain addresses (no display names), unique.
	Emails []string `pulumi:"emails,optional"`
	// ThresholdsPercent are the percentages of MonthlyLimitUsd at which the actual spend alerts;
	// each in (0, 1000], unique, at most 9 (a budget holds 10 notifications and one is the
	// forecast at 100%). Default DefaultBudgetThresholdsPercent (80, 100).
	ThresholdsPercent []float64 `pulumi:"thresholdsPercent,optional"`
	// CostCenter, when set, narrows the budget to spend tagged cost-center=<CostCenter> (cost
	// filter TagKeyValue "user:cost-center$<CostCenter>", in addition to the service filter;
	// Budgets ANDs different filter dimensions), so that several landing zones can share an
	// account. The cost-center tag must be activated as a cost allocation tag in the Billing
	// console, or the budget sees no spend. Default "": the service filter only.
	CostCenter string `pulumi:"costCenter,optional"`
	// BudgetName is the budget's name, unique in the account. Default "<project>-<stack>-<name>".
	BudgetName string `pulumi:"budgetName,optional"`
	// Tags are merged into the budget's tags. Default none.
	Tags map[string]string `pulumi:"tags,optional"`
	// SnsTopicArn, when set, is notified too (every notification), e.g. the landing zone's
	// KMS-encrypted alert topic (KpiDashboard.AlertTopicArn), whose key and topic policies let
	// budgets.amazonaws.com publish. Default nil: email only.
	SnsTopicArn pulumi.StringInput `pulumi:"snsTopicArn,optional"`
}

// NetworkBudget is an AWS Budgets cost budget on the landing zone's network services, alerting
// by email on actual spend at each threshold and on forecast spend at 100%.
type NetworkBudget struct {
	pulumi.ResourceState

	// BudgetName is the AWS Budgets budget's name.
	BudgetName pulumi.StringOutput `pulumi:"budgetName"`
	// BudgetArn is the AWS Budgets budget's ARN.
	BudgetArn pulumi.StringOutput `pulumi:"budgetArn"`
}

// NewNetworkBudget validates args (every problem at once, before anything is registered) and
// creates the component and its one aws:budgets/budget:Budget.
func NewNetworkBudget(ctx *pulumi.Context, name string, args *NetworkBudgetArgs, opts ...pulumi.ResourceOption) (*NetworkBudget, error) {
	if args == nil {
		return nil, args.Validate(name)
	}
	// The default BudgetName depends on the project and stack: resolve it, then validate.
	resolved := *args
	if resolved.BudgetName == "" {
		resolved.BudgetName = DefaultBudgetName(ctx.Project(), ctx.Stack(), name)
	}
	if err := resolved.Validate(name); err != nil {
		return nil, err
	}
	budgetName := resolved.BudgetName
	thresholds := args.ThresholdsPercent
	if len(thresholds) == 0 {
		thresholds = defaultBudgetThresholdsPercent
	}

	c := &NetworkBudget{}
	if err := ctx.RegisterComponentResource(NetworkBudgetType, name, c, opts...); err != nil {
		return nil, err
	}

	filters := budgets.BudgetCostFilterArray{
		budgets.BudgetCostFilterArgs{Name: pulumi.String("Service"), Values: pulumi.ToStringArray(networkBudgetServices)},
	}
	if args.CostCenter != "" {
		filters = append(filters, budgets.BudgetCostFilterArgs{
			Name:   pulumi.String("TagKeyValue"),
			Values: pulumi.StringArray{pulumi.String("user:cost-center$" + args.CostCenter)},
		})
	}

	emails := pulumi.ToStringArray(args.Emails)
	notification := func(kind string, pct float64) budgets.BudgetNotificationInput {
		n := budgets.BudgetNotificationArgs{
			NotificationType:         pulumi.String(kind),
			ComparisonOperator:       pulumi.String("GREATER_THAN"),
			Threshold:                pulumi.Float64(pct),
			ThresholdType:            pulumi.String("PERCENTAGE"),
			SubscriberEmailAddresses: emails,
		}
		if args.SnsTopicArn != nil {
			n.SubscriberSnsTopicArns = pulumi.StringArray{args.SnsTopicArn}
		}
		return n
	}
	sorted := append([]float64(nil), thresholds...)
	sort.Float64s(sorted)
	var notes budgets.BudgetNotificationArray
	for _, pct := range sorted {
		notes = append(notes, notification("ACTUAL", pct))
	}
	notes = append(notes, notification("FORECASTED", 100))

	tags := core.NameTags(args.Tags, budgetName)

	b, err := budgets.NewBudget(ctx, name, &budgets.BudgetArgs{
		Name:          pulumi.String(budgetName),
		BudgetType:    pulumi.String("COST"),
		TimeUnit:      pulumi.String("MONTHLY"),
		LimitAmount:   pulumi.String(strconv.FormatFloat(args.MonthlyLimitUsd, 'f', -1, 64)),
		LimitUnit:     pulumi.String("USD"),
		CostFilters:   filters,
		Notifications: notes,
		Tags:          tags,
	}, pulumi.Parent(c))
	if err != nil {
		return nil, err
	}
	c.BudgetName = b.Name
	c.BudgetArn = b.Arn
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{
		"budgetName": c.BudgetName,
		"budgetArn":  c.BudgetArn,
	}); err != nil {
		return nil, err
	}
	return c, nil
}

func validateNetworkBudget(name string, args *NetworkBudgetArgs, budgetName string, thresholds []float64) error {
	p := core.NewProblems("NetworkBudget", name)
	if l := args.MonthlyLimitUsd; !(l > 0) || math.IsInf(l, 0) {
		p.Bad("MonthlyLimitUsd", l, "a finite amount greater than 0")
	}
	switch {
	case len(args.Emails) == 0:
		p.Missing("Emails", "at least one address to receive the alerts")
	case len(args.Emails) > budgetMaxEmails:
		p.Bad("Emails", fmt.Sprintf("%d addresses", len(args.Emails)), fmt.Sprintf("at most %d: a budget notification takes at most %d subscribers", budgetMaxEmails, budgetMaxEmails))
	}
	seenEmail := map[string]bool{}
	for i, e := range args.Emails {
		field := fmt.Sprintf("Emails[%d]", i)
		if !arg.ValidEmail(e) {
			p.Bad(field, e, "a plain email address like ml-platform@example.com")
			continue
		}
		if k := strings.ToLower(e); seenEmail[k] {
			p.Bad(field, e, "each address once (addresses compare case-insensitively)")
		} else {
			seenEmail[k] = true
		}
	}
	if len(thresholds)+1 > budgetMaxNotifications {
		p.Bad("ThresholdsPercent", fmt.Sprintf("%d thresholds", len(thresholds)), fmt.Sprintf("at most %d (a budget holds %d notifications, one is the 100%% forecast)",
			budgetMaxNotifications-1, budgetMaxNotifications))
	}
	seenPct := map[float64]bool{}
	for i, pct := range thresholds {
		field := fmt.Sprintf("ThresholdsPercent[%d]", i)
		if !(pct > 0 && pct <= budgetMaxThreshold) {
			p.Bad(field, pct, fmt.Sprintf("a percentage in (0, %v]", budgetMaxThreshold))
			continue
		}
		if seenPct[pct] {
			p.Bad(field, pct, "each threshold once")
		}
		seenPct[pct] = true
	}
	if args.CostCenter != "" && !arg.ValidTagValue(args.CostCenter) {
		p.Bad("CostCenter", args.CostCenter, "a tag value of 1-256 letters, digits, spaces and _ . : / = + - @, or empty")
	}
	if budgetName != "" && (len(budgetName) > budgetNameMaxLength || strings.ContainsAny(budgetName, `:\`)) {
		p.Bad("BudgetName", budgetName, fmt.Sprintf("1-%d characters without ':' or '\\'", budgetNameMaxLength))
	}
	return p.Err()
}

// Budget limits (NetworkBudgetArgs).
const (
	BudgetMaxEmails     = budgetMaxEmails
	BudgetMaxThresholds = budgetMaxNotifications - 1 // one notification is the 100% forecast
	BudgetMaxPercent    = budgetMaxThreshold
	BudgetNameMaxLength = budgetNameMaxLength
)

// DefaultBudgetName is NetworkBudgetArgs.BudgetName's default: "<project>-<stack>-<name>".
func DefaultBudgetName(project, stack, name string) string {
	return project + "-" + stack + "-" + name
}

// Validate checks the arguments of the NetworkBudget name without registering anything: nil, or
// the joined *arg.Error values, each naming the field, the value and what is allowed. An empty
// BudgetName stands for DefaultBudgetName(project, stack, name), which only a deployment knows:
// NewNetworkBudget resolves it and then calls Validate, so a caller that knows its project and
// stack sets BudgetName to that default to have it checked here too (the configuration does).
func (a *NetworkBudgetArgs) Validate(name string) error {
	if a == nil {
		p := core.NewProblems("NetworkBudget", name)
		p.Missing("args", "a *NetworkBudgetArgs with MonthlyLimitUsd and Emails set")
		return p.Err()
	}
	thresholds := a.ThresholdsPercent
	if len(thresholds) == 0 {
		thresholds = defaultBudgetThresholdsPercent
	}
	return validateNetworkBudget(name, a, a.BudgetName, thresholds)
}
