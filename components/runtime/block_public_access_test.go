package runtime

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
)

const (
	typeBpaOptions   = "aws:ec2/vpcBlockPublicAccessOptions:VpcBlockPublicAccessOptions"
	typeBpaExclusion = "aws:ec2/vpcBlockPublicAccessExclusion:VpcBlockPublicAccessExclusion"
)

func TestBlockPublicAccessBidirectionalWithReasonedExclusions(t *testing.T) {
	t.Parallel()
	for _, protect := range []bool{false, true} {
		rec, err := componenttest.RunWithExplicitProvider(t, "us-east-1", func(ctx *pulumi.Context, p *aws.Provider) error {
			_, err := NewBlockPublicAccess(ctx, "bpa", &BlockPublicAccessArgs{
				Protect: protect,
				Exclusions: []BlockPublicAccessExclusion{
					{VpcId: "vpc-0123456789abcdef0", Mode: "allow-egress", Reason: "vendor patch mirror CHG-1234"},
					{SubnetId: "subnet-0123456789abcdef0", Mode: "allow-bidirectional", Reason: "bastion ticket SEC-42"},
				},
			}, pulumi.Provider(p))
			return err
		})
		require.NoError(t, err)
		componenttest.AssertChildrenInherit(t, rec, BlockPublicAccessType, "bpa", 3) // the options and the two exclusions
		o := componenttest.FindOne(t, rec, typeBpaOptions, "bpa-options")
		assert.Equal(t, "block-bidirectional", componenttest.InputString(o, "internetGatewayBlockMode"))
		assert.Equal(t, protect, o.Protect, "deleting the options turns the block off")
		vpcEx := componenttest.FindOne(t, rec, typeBpaExclusion, "bpa-exclusion-vpc-0123456789abcdef0")
		assert.Equal(t, "vpc-0123456789abcdef0", componenttest.InputString(vpcEx, "vpcId"))
		assert.Equal(t, "allow-egress", componenttest.InputString(vpcEx, "internetGatewayExclusionMode"))
		assert.Equal(t, "vendor patch mirror CHG-1234", componenttest.InputString(vpcEx, "tags.exclusion-reason"))
		subEx := componenttest.FindOne(t, rec, typeBpaExclusion, "bpa-exclusion-subnet-0123456789abcdef0")
		assert.Equal(t, "subnet-0123456789abcdef0", componenttest.InputString(subEx, "subnetId"))
		assert.Equal(t, "bastion ticket SEC-42", componenttest.InputString(subEx, "tags."+BlockPublicAccessExclusionTagKey))
		assert.False(t, subEx.Protect, "removing an exclusion only strengthens the block")
	}
}

func TestBlockPublicAccessWithoutExclusions(t *testing.T) {
	t.Parallel()
	rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		_, err := NewBlockPublicAccess(ctx, "bpa", nil)
		return err
	})
	require.NoError(t, err)
	assert.Len(t, rec.ByType(typeBpaOptions), 1)
	assert.Empty(t, rec.ByType(typeBpaExclusion))
}

func TestBlockPublicAccessRejectsBadExclusions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		ex   []BlockPublicAccessExclusion
		want []string
	}{
		{"no reason", []BlockPublicAccessExclusion{{VpcId: "vpc-1234abcd", Mode: "allow-egress"}}, []string{`Exclusions[0].reason = ""`}},
		{"both ids", []BlockPublicAccessExclusion{{VpcId: "vpc-1234abcd", SubnetId: "subnet-1234abcd", Mode: "allow-egress", Reason: "x"}}, []string{"Exclusions[0].subnetId", "not both"}},
		{"no id", []BlockPublicAccessExclusion{{Mode: "allow-egress", Reason: "x"}}, []string{"Exclusions[0].vpcId", "exactly one"}},
		{"bad mode", []BlockPublicAccessExclusion{{VpcId: "vpc-1234abcd", Mode: "off", Reason: "x"}}, []string{`Exclusions[0].mode = "off"`}},
		{"bad id", []BlockPublicAccessExclusion{{VpcId: "sg-1234", Mode: "allow-egress", Reason: "x"}}, []string{`Exclusions[0].vpcId = "sg-1234"`}},
		{"reason not a tag value", []BlockPublicAccessExclusion{{VpcId: "vpc-1234abcd", Mode: "allow-egress", Reason: "a;b"}}, []string{"Exclusions[0].reason"}},
		{"duplicate", []BlockPublicAccessExclusion{{VpcId: "vpc-1234abcd", Mode: "allow-egress", Reason: "x"}, {VpcId: "vpc-1234abcd", Mode: "allow-bidirectional", Reason: "y"}},
			[]string{"Exclusions[1]", "each VPC or subnet once"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
				_, err := NewBlockPublicAccess(ctx, "bpa", &BlockPublicAccessArgs{Exclusions: tc.ex})
				return err
			})
			componenttest.AssertRejected(t, rec, err, append([]string{`BlockPublicAccess "bpa"`}, tc.want...)...)
		})
	}
}
