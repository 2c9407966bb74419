package runtime

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cfg"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
)

// DetectiveControlsType is the type token of the DetectiveControls component.
const DetectiveControlsType = "vpconly:runtime:DetectiveControls"

// Guard policies of the Config custom policy rules (AWS Config Developer Guide, "Creating AWS
// Config Custom Policy Rules": Owner CUSTOM_POLICY, policy runtime guard-2.x.x; the rule sees the
// configuration item, whose "configuration" is the EC2 Describe* shape in camelCase). The README
// quotes them verbatim and a test keeps the two equal.
const (
	// GuardNoInternetGatewayAttached: an internet gateway is NON_COMPLIANT while it is attached to
	// a VPC (DescribeInternetGateways "attachments").
	GuardNoInternetGatewayAttached = `rule internet_gateway_not_attached when resourceType == "AWS::EC2::InternetGateway" {
    configuration.attachments empty
}`
	// GuardNoInternetRoute: a route table is NON_COMPLIANT when any route's destination is
	// 0.0.0.0/0 or ::/0, whatever its target (DescribeRouteTables "routes").
	GuardNoInternetRoute = `rule no_route_to_internet when resourceType == "AWS::EC2::RouteTable" {
    configuration.routes[ destinationCidrBlock == "0.0.0.0/0" ] empty
    configuration.routes[ destinationIpv6CidrBlock == "::/0" ] empty
}`
	// GuardPolicyRuntime is the Guard runtime of custom policy rules.
	GuardPolicyRuntime = "guard-2.x.x"
)

// DetectiveRule is one AWS Config rule of the landing zone.
type DetectiveRule struct {
	// Key is the stable key: the child is "<name>-<key>", the rule "<prefix>-<key>".
	Key string `pulumi:"key,optional"`
	// Description says what is NON_COMPLIANT.
	Description string `pulumi:"description,optional"`
	// ResourceTypes scope the rule.
	ResourceTypes []string `pulumi:"resourceTypes,optional"`
	// ManagedIdentifier is the AWS managed rule's identifier; "" for a Guard rule.
	ManagedIdentifier string `pulumi:"managedIdentifier,optional"`
	// GuardPolicy is the custom policy rule's Guard text; "" for a managed rule.
	GuardPolicy string `pulumi:"guardPolicy,optional"`
}

// Stable keys of the rules.
const (
	DetectiveDomainVpcOnlyKey = "sm-domain-vpc-only"
)

// DetectiveRules are the landing zone's AWS Config rules. AWS managed rules where AWS has one
// (AWS Config Developer Guide, one page per rule under
// https://docs.aws.amazon.com/config/latest/developerguide/<rule-name>.html, e.g.
// sagemaker-domain-in-vpc.html, sagemaker-model-in-vpc.html,
// sagemaker-notebook-instance-inside-vpc.html; the notebook internet rule is also AWS Control
// Tower's AWS-GR_SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS):
//   - SAGEMAKER_DOMAIN_IN_VPC ("sagemaker-domain-in-vpc": NON_COMPLIANT if
//     configuration.AppNetworkAccessType is not VpcOnly) — the source of the compliance KPI;
//   - SAGEMAKER_MODEL_IN_VPC ("sagemaker-model-in-vpc": NON_COMPLIANT if configuration.VpcConfig
//     does not exist). Endpoint configurations have no network settings of their own: an
//     endpoint runs its configuration's models, so this rule covers them;
//   - SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC ("sagemaker-notebook-instance-inside-vpc");
//   - SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS ("sagemaker-notebook-no-direct-internet-access").
//
// Guard custom policy rules (no Lambda) where AWS has none that matches exactly: no internet
// gateway attached (GuardNoInternetGatewayAttached) and no route to 0.0.0.0/0 or ::/0 through
// any target (GuardNoInternetRoute; the managed NO_UNRESTRICTED_ROUTE_TO_IGW only looks at routes
// to internet gateways).
func DetectiveRules() []DetectiveRule {
	return []DetectiveRule{
		{Key: DetectiveDomainVpcOnlyKey, Description: "SageMaker domains whose AppNetworkAccessType is not VpcOnly",
			ResourceTypes: []string{"AWS::SageMaker::Domain"}, ManagedIdentifier: "SAGEMAKER_DOMAIN_IN_VPC"},
		{Key: "sm-model-in-vpc", Description: "SageMaker models (and so the endpoints that serve them) without a VPC configuration",
			ResourceTypes: []string{"AWS::SageMaker::Model"}, ManagedIdentifier: "SAGEMAKER_MODEL_IN_VPC"},
		{Key: "sm-notebook-in-vpc", Description: "SageMaker notebook instances outside a VPC",
			ResourceTypes: []string{"AWS::SageMaker::NotebookInstance"}, ManagedIdentifier: "SAGEMAKER_NOTEBOOK_INSTANCE_INSIDE_VPC"},
		{Key: "sm-notebook-no-internet", Description: "SageMaker notebook instances with direct internet access",
			ResourceTypes: []string{"AWS::SageMaker::NotebookInstance"}, ManagedIdentifier: "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS"},
		{Key: "no-igw-attached", Description: "Internet gateways attached to a VPC",
			ResourceTypes: []string{"AWS::EC2::InternetGateway"}, GuardPolicy: GuardNoInternetGatewayAttached},
		{Key: "no-internet-route", Description: "Route tables with a route to 0.0.0.0/0 or ::/0",
			ResourceTypes: []string{"AWS::EC2::RouteTable"}, GuardPolicy: GuardNoInternetRoute},
	}
}

// ConfigRuleNameMaxLength is the longest Config rule name AWS reports compliance for
// (ComplianceByConfigRule.ConfigRuleName: 1-64).
const ConfigRuleNameMaxLength = 64

// DetectiveRuleNamePattern is what a rule-name prefix must match.
const DetectiveRuleNamePattern = `^[A-Za-z0-9][A-Za-z0-9-]*$`

var detectivePrefixRe = regexp.MustCompile(DetectiveRuleNamePattern)

// DetectiveRuleName is the name of a rule: "<prefix>-<key>".
func DetectiveRuleName(prefix, key string) string { return prefix + "-" + key }

// DetectiveControlsArgs configure DetectiveControls.
type DetectiveControlsArgs struct {
	// RecorderExists states that the account and region have an AWS Config configuration
	// recorder (e.g. from Control Tower). Required true: the component creates rules, not the
	// account-level recorder.
	RecorderExists bool `pulumi:"recorderExists,optional"`
	// RuleNamePrefix prefixes every rule name. Required (e.g. "vpconly-dev").
	RuleNamePrefix string `pulumi:"ruleNamePrefix,optional"`
	// Region renders the compliance log key policy. Required.
	Region string `pulumi:"region,optional"`
	// AccountId scopes the key policy. Default: the provider's caller identity.
	AccountId pulumi.StringInput `pulumi:"accountId,optional"`
	// ComplianceLogRetentionDays is the retention of the compliance-change log group. Default 365.
	ComplianceLogRetentionDays int `pulumi:"complianceLogRetentionDays,optional"`
	// Protect protects every child (deleting a rule blinds the detective control) and retains the
	// compliance log group and its KMS key on delete (RetainOnDelete), like the spokes' flow logs.
	Protect bool `pulumi:"protect,optional"`
	// Tags are merged into every taggable child.
	Tags map[string]string `pulumi:"tags,optional"`
}

// Validate checks the arguments of the DetectiveControls name without registering anything: nil,
// or the joined *arg.Error values, each naming the field, the value and what is allowed.
// NewDetectiveControls calls it first.
func (args *DetectiveControlsArgs) Validate(name string) error {
	p := core.NewProblems("DetectiveControls", name)
	if args == nil {
		p.Missing("args", "a *DetectiveControlsArgs with RecorderExists, RuleNamePrefix and Region")
		return p.Err()
	}
	if !args.RecorderExists {
		p.Bad("RecorderExists", false, "true: AWS Config rules evaluate only what a configuration recorder records, and the landing zone does not create the account's recorder")
	}
	longest := 0
	for _, r := range DetectiveRules() {
		longest = max(longest, len(r.Key))
	}
	if !detectivePrefixRe.MatchString(args.RuleNamePrefix) || len(args.RuleNamePrefix)+1+longest > ConfigRuleNameMaxLength {
		p.Bad("RuleNamePrefix", args.RuleNamePrefix, fmt.Sprintf("letters, digits and '-', at most %d characters (rule names are <prefix>-<key>, at most %d)",
			ConfigRuleNameMaxLength-1-longest, ConfigRuleNameMaxLength))
	}
	if args.ComplianceLogRetentionDays != 0 && !validRetentionDays(args.ComplianceLogRetentionDays) {
		p.Bad("ComplianceLogRetentionDays", args.ComplianceLogRetentionDays, fmt.Sprintf("a CloudWatch Logs retention: %v", core.RetentionDays))
	}
	switch {
	case args.Region == "":
		p.Missing("Region", "an AWS region name")
	case !core.RegionRe.MatchString(args.Region):
		p.Bad("Region", args.Region, "an AWS region name, e.g. us-east-1")
	}
	return p.Err()
}

// DetectiveControls are the landing zone's AWS Config rules and a log of their compliance
// changes (EventBridge "Config Rules Compliance Change" events to a KMS-encrypted log group),
// which the KPI dashboard counts.
type DetectiveControls struct {
	pulumi.ResourceState

	// RuleNames are the AWS Config rule names by stable key.
	RuleNames pulumi.StringMapOutput `pulumi:"ruleNames"`
	// ComplianceLogGroupName is the log group of compliance changes.
	ComplianceLogGroupName pulumi.StringOutput `pulumi:"complianceLogGroupName"`

	// DomainRuleName is the name of the SAGEMAKER_DOMAIN_IN_VPC rule (plain, for the dashboard).
	DomainRuleName string
}

// NewDetectiveControls validates args and registers aws:cfg/rule "<name>-<key>" per
// DetectiveRules entry (named DetectiveRuleName(prefix, key)), aws:kms/key
// "<name>-compliance-key", aws:cloudwatch/logGroup "<name>-compliance",
// aws:cloudwatch/logResourcePolicy "<name>-compliance" (EventBridge may write to it),
// aws:cloudwatch/eventRule "<name>-compliance-changes" and aws:cloudwatch/eventTarget
// "<name>-compliance-changes".
func NewDetectiveControls(ctx *pulumi.Context, name string, args *DetectiveControlsArgs, opts ...pulumi.ResourceOption) (*DetectiveControls, error) {
	if err := args.Validate(name); err != nil {
		return nil, err
	}
	retention := args.ComplianceLogRetentionDays
	if retention == 0 {
		retention = DefaultQueryLogRetentionDays
	}

	c := &DetectiveControls{DomainRuleName: DetectiveRuleName(args.RuleNamePrefix, DetectiveDomainVpcOnlyKey)}
	if err := ctx.RegisterComponentResource(DetectiveControlsType, name, c, opts...); err != nil {
		return nil, err
	}
	childOpts := []pulumi.ResourceOption{pulumi.Parent(c)}
	if args.Protect {
		childOpts = append(childOpts, pulumi.Protect(true))
	}
	tags := func(child string) pulumi.StringMap { return core.NameTags(args.Tags, child) }

	names := pulumi.StringMap{}
	var ruleNames []string
	for _, r := range DetectiveRules() {
		src := &cfg.RuleSourceArgs{}
		if r.ManagedIdentifier != "" {
			src.Owner = pulumi.String("AWS")
			src.SourceIdentifier = pulumi.String(r.ManagedIdentifier)
		} else {
			src.Owner = pulumi.String("CUSTOM_POLICY")
			src.SourceDetails = cfg.RuleSourceSourceDetailArray{
				cfg.RuleSourceSourceDetailArgs{EventSource: pulumi.String("aws.config"), MessageType: pulumi.String("ConfigurationItemChangeNotification")},
				cfg.RuleSourceSourceDetailArgs{EventSource: pulumi.String("aws.config"), MessageType: pulumi.String("OversizedConfigurationItemChangeNotification")},
			}
			src.CustomPolicyDetails = &cfg.RuleSourceCustomPolicyDetailsArgs{
				PolicyRuntime: pulumi.String(GuardPolicyRuntime),
				PolicyText:    pulumi.String(r.GuardPolicy),
			}
		}
		ruleName := DetectiveRuleName(args.RuleNamePrefix, r.Key)
		rule, err := cfg.NewRule(ctx, name+"-"+r.Key, &cfg.RuleArgs{
			Name:        pulumi.String(ruleName),
			Description: pulumi.String("NON_COMPLIANT: " + r.Description),
			Source:      src,
			Scope:       &cfg.RuleScopeArgs{ComplianceResourceTypes: pulumi.ToStringArray(r.ResourceTypes)},
			Tags:        tags(ruleName),
		}, childOpts...)
		if err != nil {
			return nil, err
		}
		names[r.Key] = rule.Name
		ruleNames = append(ruleNames, ruleName)
	}

	account := args.AccountId
	if account == nil {
		account = aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, pulumi.Parent(c)).AccountId()
	}
	// The compliance log and its key outlive protected controls (RetainOnDelete).
	logOpts := append(slices.Clone(childOpts), pulumi.RetainOnDelete(args.Protect))
	logGroup, _, err := core.NewEncryptedLogGroup(ctx, name+"-compliance", core.EncryptedLogGroup{
		Kind: core.LogKindConfigCompliance, Component: name, Region: args.Region, Account: account.ToStringOutput(),
		RetentionDays: retention, KeyDescription: "Encrypts the AWS Config compliance changes of " + name, Tags: tags,
	}, logOpts...)
	if err != nil {
		return nil, err
	}
	// EventBridge writes to a log group under a CloudWatch Logs resource policy that trusts
	// events.amazonaws.com and delivery.logs.amazonaws.com (EventBridge User Guide, "Permissions
	// for Amazon CloudWatch Logs").
	if _, err := cloudwatch.NewLogResourcePolicy(ctx, name+"-compliance", &cloudwatch.LogResourcePolicyArgs{
		PolicyName: pulumi.String(name + "-compliance-events"),
		PolicyDocument: logGroup.Arn.ApplyT(func(arn string) string {
			return ComplianceLogResourcePolicy(arn)
		}).(pulumi.StringOutput),
	}, childOpts...); err != nil {
		return nil, err
	}
	rule, err := cloudwatch.NewEventRule(ctx, name+"-compliance-changes", &cloudwatch.EventRuleArgs{
		Description:  pulumi.String("AWS Config compliance changes of the landing zone's rules"),
		EventPattern: pulumi.String(ComplianceEventPattern(ruleNames)),
		Tags:         tags(name + "-compliance-changes"),
	}, childOpts...)
	if err != nil {
		return nil, err
	}
	if _, err := cloudwatch.NewEventTarget(ctx, name+"-compliance-changes", &cloudwatch.EventTargetArgs{
		Rule: rule.Name,
		Arn:  logGroup.Arn,
	}, childOpts...); err != nil {
		return nil, err
	}

	c.RuleNames = names.ToStringMapOutput()
	c.ComplianceLogGroupName = logGroup.Name
	if err := ctx.RegisterResourceOutputs(c, pulumi.Map{"ruleNames": c.RuleNames, "complianceLogGroupName": c.ComplianceLogGroupName}); err != nil {
		return nil, err
	}
	return c, nil
}

// ComplianceEventPattern is the EventBridge pattern of the compliance changes of the named rules
// (source aws.config, detail-type "Config Rules Compliance Change"; AWS Config Developer Guide,
// "Monitoring AWS Config with Amazon EventBridge").
func ComplianceEventPattern(ruleNames []string) string {
	b, _ := json.Marshal(map[string]any{
		"source":      []string{"aws.config"},
		"detail-type": []string{"Config Rules Compliance Change"},
		"detail":      map[string]any{"configRuleName": ruleNames},
	})
	return string(b)
}

// ComplianceLogResourcePolicy lets EventBridge deliver to the log group logGroupArn.
func ComplianceLogResourcePolicy(logGroupArn string) string {
	return core.PolicyJSON(map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{map[string]any{
			"Sid": "EventBridgeDelivery", "Effect": "Allow",
			"Principal": map[string]any{"Service": []string{"delivery.logs.amazonaws.com", "events.amazonaws.com"}},
			"Action":    []string{"logs:CreateLogStream", "logs:PutLogEvents"},
			"Resource":  logGroupArn + ":*",
		}},
	})
}
