package packinput

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

func TestFromRecordingCarriesProviderDefaultTags(t *testing.T) {
	t.Parallel()
	rec, err := recorder.Run(recorder.Options{}, func(ctx *pulumi.Context) error {
		p, err := aws.NewProvider(ctx, "tagged", &aws.ProviderArgs{Region: pulumi.String("us-east-1"),
			DefaultTags: &aws.ProviderDefaultTagsArgs{Tags: pulumi.StringMap{"owner": pulumi.String("team")}}})
		if err != nil {
			return err
		}
		if _, err := ec2.NewVpc(ctx, "with", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")}, pulumi.Provider(p)); err != nil {
			return err
		}
		_, err = ec2.NewVpc(ctx, "without", &ec2.VpcArgs{CidrBlock: pulumi.String("10.1.0.0/16")})
		return err
	})
	if !assert.NoError(t, err) {
		return
	}
	got := map[string]bool{}
	for _, r := range FromRecording(rec) {
		if r.Type != "aws:ec2/vpc:Vpc" {
			continue
		}
		assert.NotEmpty(t, r.ID)
		assert.Equal(t, "10", r.Properties.Get("cidrBlock").AsString()[:2])
		got[r.Name] = r.ProviderProperties.Len() > 0
	}
	assert.Equal(t, map[string]bool{"with": true, "without": false}, got)
	assert.Equal(t, "urn:a::b", ProviderURN("urn:a::b::id-1"))
}
