package runtime

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/netfixture"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
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
		{core.LogKindFlowLogs, "ml", "ml-flow-logs", func(ctx *pulumi.Context) error {
			_, err := network.NewSpokeVpc(ctx, "ml", netfixture.SpokeArgs(2))
			return err
		}},
		{core.LogKindResolverQueryLogs, "dns", "dns-query-logs", func(ctx *pulumi.Context) error {
			_, err := NewDnsFirewall(ctx, "dns", &DnsFirewallArgs{Region: "us-east-1",
				VpcIds: map[string]pulumi.StringInput{"hub": pulumi.String("vpc-0123456789abcdef0")}})
			return err
		}},
		{core.LogKindConfigCompliance, "detective", "detective-compliance", func(ctx *pulumi.Context) error {
			_, err := NewDetectiveControls(ctx, "detective", &DetectiveControlsArgs{RecorderExists: true,
				RuleNamePrefix: "vpconly-dev", Region: "us-east-1"})
			return err
		}},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			t.Parallel()
			names := map[string]string{}
			for _, stack := range []string{"dev", "staging"} {
				rec, err := componenttest.RunStack(t, stack, tc.build)
				require.NoError(t, err)
				lg := componenttest.FindOne(t, rec, componenttest.TypeLogGroup, tc.child)
				names[stack] = componenttest.InputString(lg, "name")
				assert.Equal(t, core.LogGroupName(tc.kind, "sagemaker-landing-zone", stack, tc.component), names[stack])
				key := componenttest.FindOne(t, rec, componenttest.TypeKmsKey, tc.child+"-key")
				assert.Equal(t, componenttest.OutputString(key, "arn"), componenttest.InputString(lg, "kmsKeyId"))
				assert.Contains(t, componenttest.InputString(key, "policy"), "log-group:"+names[stack]+`"`, "the key admits this group only")
				assert.Len(t, rec.ByType(componenttest.TypeLogGroup), 1)
			}
			assert.NotEqual(t, names["dev"], names["staging"], "two stacks, two groups")
		})
	}
	assert.NotEqual(t, core.LogGroupName(core.LogKindFlowLogs, "a", "prod", "x"), core.LogGroupName(core.LogKindFlowLogs, "b", "prod", "x"), "projects differ")
	assert.NotEqual(t, core.LogGroupName(core.LogKindFlowLogs, "p", "prod", "x"), core.LogGroupName(core.LogKindResolverQueryLogs, "p", "prod", "x"), "kinds differ")
}
