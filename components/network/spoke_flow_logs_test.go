package network

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
)

// TestSpokeVpcFlowLogGroupNamePerStack: the same spoke deployed by two stacks (or two projects)
// into one account gets two log groups, and the KMS key policy names the group it encrypts.
func TestSpokeVpcFlowLogGroupNamePerStack(t *testing.T) {
	t.Parallel()
	names := map[string]string{}
	for _, stack := range []string{"dev", "staging"} {
		rec, err := componenttest.RunStack(t, stack, func(ctx *pulumi.Context) error {
			_, err := NewSpokeVpc(ctx, "ml", NetSpokeArgs(2))
			return err
		})
		require.NoError(t, err)
		lg := componenttest.FindOne(t, rec, componenttest.TypeLogGroup, "ml-flow-logs")
		names[stack] = componenttest.InputString(lg, "name")
		assert.Equal(t, FlowLogGroupName("sagemaker-landing-zone", stack, "ml"), names[stack])
		key := componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "ml-flow-logs-key")
		assert.Contains(t, componenttest.InputString(key, "policy"), "log-group:"+names[stack]+`"`)
	}
	assert.NotEqual(t, names["dev"], names["staging"])
	assert.NotEqual(t, FlowLogGroupName("a", "prod", "ml"), FlowLogGroupName("b", "prod", "ml"), "projects differ")
}

// TestSpokeVpcRetainFlowLogs: a protected (prod) spoke keeps its flow-log group and the key that
// decrypts it when Pulumi deletes them; an unprotected one does not, and nothing else is retained.
func TestSpokeVpcRetainFlowLogs(t *testing.T) {
	t.Parallel()
	for _, retain := range []bool{false, true} {
		args := NetSpokeArgs(2)
		args.RetainFlowLogs = retain
		rec, err := NetRunSpoke(t, args)
		require.NoError(t, err)
		for _, r := range rec.Resources {
			kept := retain && (r.Name == "ml-flow-logs" || r.Name == "ml-flow-logs-key")
			assert.Equal(t, kept, r.RetainOnDelete, "retain=%v %s %s", retain, r.Type, r.Name)
		}
	}
}
