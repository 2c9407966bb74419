package components

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSpokeVpcFlowLogGroupNamePerStack: the same spoke deployed by two stacks (or two projects)
// into one account gets two log groups, and the KMS key policy names the group it encrypts.
func TestSpokeVpcFlowLogGroupNamePerStack(t *testing.T) {
	t.Parallel()
	names := map[string]string{}
	for _, stack := range []string{"dev", "staging"} {
		rec, err := runStack(t, stack, func(ctx *pulumi.Context) error {
			_, err := NewSpokeVpc(ctx, "ml", netSpokeArgs(2))
			return err
		})
		require.NoError(t, err)
		lg := findOne(t, rec, typeLogGroup, "ml-flow-logs")
		names[stack] = inputString(lg, "name")
		assert.Equal(t, FlowLogGroupName("sagemaker-landing-zone", stack, "ml"), names[stack])
		key := findOne(t, rec, typeKmsKey, "ml-flow-logs-key")
		assert.Contains(t, inputString(key, "policy"), "log-group:"+names[stack]+`"`)
	}
	assert.NotEqual(t, names["dev"], names["staging"])
	assert.NotEqual(t, FlowLogGroupName("a", "prod", "ml"), FlowLogGroupName("b", "prod", "ml"), "projects differ")
}

// TestSpokeVpcRetainFlowLogs: a protected (prod) spoke keeps its flow-log group and the key that
// decrypts it when Pulumi deletes them; an unprotected one does not, and nothing else is retained.
func TestSpokeVpcRetainFlowLogs(t *testing.T) {
	t.Parallel()
	for _, retain := range []bool{false, true} {
		args := netSpokeArgs(2)
		args.RetainFlowLogs = retain
		rec, err := netRunSpoke(t, args)
		require.NoError(t, err)
		for _, r := range rec.Resources {
			kept := retain && (r.Name == "ml-flow-logs" || r.Name == "ml-flow-logs-key")
			assert.Equal(t, kept, r.RetainOnDelete, "retain=%v %s %s", retain, r.Type, r.Name)
		}
	}
}
