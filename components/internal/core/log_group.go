package core

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/cloudwatch"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/kms"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// The kinds of the landing zone's log groups: the second segment of their names (LogGroupName).
const (
	LogKindFlowLogs          = "flow-logs"           // a spoke's VPC flow logs (SpokeVpc)
	LogKindResolverQueryLogs = "resolver-query-logs" // the DNS Firewall's Resolver query logs (DnsFirewall)
	LogKindConfigCompliance  = "config-compliance"   // the Config rules' compliance changes (DetectiveControls)
)

// LogGroupName is the name of one of the landing zone's log groups:
// "/vpconly/<kind>/<project>/<stack>/<component name>". Log group names are unique per account
// and region ("Log group names must be unique within a Region for an AWS account", CloudWatch
// Logs API reference, CreateLogGroup,
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html),
// so the project and stack are part of it: two stacks (or two projects) deploying a component of
// the same name into one account get two groups instead of a conflict.
func LogGroupName(kind, project, stack, name string) string {
	return "/vpconly/" + kind + "/" + project + "/" + stack + "/" + name
}

// encryptedLogGroup describes one KMS-encrypted log group.
type EncryptedLogGroup struct {
	// Kind is the log group's kind (LogKind*); Component the owning component's name.
	Kind, Component string
	// Region and Account are where the group lives (the key policy names both).
	Region  string
	Account pulumi.StringOutput
	// RetentionDays is the group's retention (one of CloudWatchRetentionDays).
	RetentionDays int
	// KeyDescription describes the key ("Encrypts the ... of <name>").
	KeyDescription string
	// Tags gives a child's tags from its name.
	Tags func(child string) pulumi.StringMap
}

// newEncryptedLogGroup registers the building block every landing-zone log group is made of: a
// customer-managed key (rotation on, 30-day deletion window) that only the account and
// CloudWatch Logs, for this one group, may use (LogGroupKeyPolicy), and the log group
// LogGroupName(Kind, project, stack, Component) encrypted with it. The children are "<child>-key"
// (aws:kms/key:Key) and "<child>" (aws:cloudwatch/logGroup:LogGroup); opts apply to both (a caller
// keeping its logs passes pulumi.RetainOnDelete).
func NewEncryptedLogGroup(ctx *pulumi.Context, child string, g EncryptedLogGroup, opts ...pulumi.ResourceOption) (*cloudwatch.LogGroup, *kms.Key, error) {
	partition, dnsSuffix := PartitionOf(g.Region)
	groupName := LogGroupName(g.Kind, ctx.Project(), ctx.Stack(), g.Component)
	key, err := kms.NewKey(ctx, child+"-key", &kms.KeyArgs{
		Description:          pulumi.String(g.KeyDescription),
		EnableKeyRotation:    pulumi.Bool(true),
		DeletionWindowInDays: pulumi.Int(30),
		Policy: g.Account.ApplyT(func(acct string) string {
			return LogGroupKeyPolicy(partition, dnsSuffix, g.Region, acct, groupName)
		}).(pulumi.StringOutput),
		Tags: g.Tags(child + "-key"),
	}, opts...)
	if err != nil {
		return nil, nil, err
	}
	group, err := cloudwatch.NewLogGroup(ctx, child, &cloudwatch.LogGroupArgs{
		Name:            pulumi.String(groupName),
		RetentionInDays: pulumi.Int(g.RetentionDays),
		KmsKeyId:        key.Arn,
		Tags:            g.Tags(child),
	}, opts...)
	if err != nil {
		return nil, nil, err
	}
	return group, key, nil
}

// LogGroupKeyPolicy returns the key policy of a log group's key: the account administers the key
// through IAM (the root principal, as in AWS's default key policy), and CloudWatch Logs in region
// may use it only for the one log group (kms:EncryptionContext:aws:logs:arn; CloudWatch Logs user
// guide, "Encrypt log data in CloudWatch Logs using AWS Key Management Service",
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
func LogGroupKeyPolicy(partition, dnsSuffix, region, accountID, logGroupName string) string {
	return PolicyJSON(map[string]any{
		"Version": "2012-10-17",
		"Statement": []any{
			map[string]any{
				"Sid": "EnableAccountAdministration", "Effect": "Allow",
				"Principal": map[string]any{"AWS": "arn:" + partition + ":iam::" + accountID + ":root"},
				"Action":    "kms:*", "Resource": "*",
			},
			map[string]any{
				"Sid": "AllowCloudWatchLogsForTheLogGroup", "Effect": "Allow",
				"Principal": map[string]any{"Service": "logs." + region + "." + dnsSuffix},
				"Action":    []string{"kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"},
				"Resource":  "*",
				"Condition": map[string]any{"ArnEquals": map[string]any{
					"kms:EncryptionContext:aws:logs:arn": "arn:" + partition + ":logs:" + region + ":" + accountID + ":log-group:" + logGroupName,
				}},
			},
		},
	})
}
