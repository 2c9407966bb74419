package components

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every landing-zone log group (flow logs, Resolver query logs, Config compliance) is the one
// building block: named per project and stack, so the same component deployed by two stacks into
// one account gets two groups; encrypted with its own key, whose policy admits CloudWatch Logs for
// that group only.
func TestLogGroupsArePerStackAndEncrypted(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		kind, component, child string
		build                  func(ctx *pulumi.Context) error
	}{
		{LogKindFlowLogs, "ml", "ml-flow-logs", func(ctx *pulumi.Context) error {
			_, err := NewSpokeVpc(ctx, "ml", netSpokeArgs(2))
			return err
		}},
		{LogKindResolverQueryLogs, "dns", "dns-query-logs", func(ctx *pulumi.Context) error {
			_, err := NewDnsFirewall(ctx, "dns", &DnsFirewallArgs{Region: "us-east-1",
				VpcIds: map[string]pulumi.StringInput{"hub": pulumi.String("vpc-0123456789abcdef0")}})
			return err
		}},
		{LogKindConfigCompliance, "detective", "detective-compliance", func(ctx *pulumi.Context) error {
			_, err := NewDetectiveControls(ctx, "detective", &DetectiveControlsArgs{RecorderExists: true,
				RuleNamePrefix: "vpconly-dev", Region: "us-east-1"})
			return err
		}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			t.Parallel()
			names := map[string]string{}
			for _, stack := range []string{"dev", "staging"} {
				rec, err := runStack(t, stack, tc.build)
				require.NoError(t, err)
				lg := findOne(t, rec, typeLogGroup, tc.child)
				names[stack] = inputString(lg, "name")
				assert.Equal(t, LogGroupName(tc.kind, "sagemaker-landing-zone", stack, tc.component), names[stack])
				key := findOne(t, rec, typeKmsKey, tc.child+"-key")
				assert.Equal(t, outputString(key, "arn"), inputString(lg, "kmsKeyId"))
				assert.Contains(t, inputString(key, "policy"), "log-group:"+names[stack]+`"`, "the key admits this group only")
				assert.Len(t, rec.ByType(typeLogGroup), 1)
			}
			assert.NotEqual(t, names["dev"], names["staging"], "two stacks, two groups")
		})
	}
	assert.NotEqual(t, LogGroupName(LogKindFlowLogs, "a", "prod", "x"), LogGroupName(LogKindFlowLogs, "b", "prod", "x"), "projects differ")
	assert.NotEqual(t, LogGroupName(LogKindFlowLogs, "p", "prod", "x"), LogGroupName(LogKindResolverQueryLogs, "p", "prod", "x"), "kinds differ")
}
