package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

func TestCustomLandingZone(t *testing.T) {
	t.Parallel()
	rec, err := recorder.Run(recorder.Options{Project: "custom-landing-zone", Stack: "example"}, program)
	if !assert.NoError(t, err) {
		return
	}
	assert.Empty(t, rec.ByType("aws:ec2/internetGateway:InternetGateway"))
	assert.Empty(t, rec.ByType("aws:ec2/natGateway:NatGateway"))
	assert.Len(t, rec.ByType("aws:ec2/subnet:Subnet"), 6, "3 hub + 3 spoke subnets")
	eps := 0
	for _, e := range rec.ByType("aws:ec2/vpcEndpoint:VpcEndpoint") {
		if e.Input("vpcEndpointType").StringValue() == "Interface" {
			eps++
		}
	}
	assert.Equal(t, 7, eps, "the consumer's own endpoint choice")
	doms := rec.ByType("aws:sagemaker/domain:Domain")
	if assert.Len(t, doms, 1) {
		assert.Equal(t, "VpcOnly", doms[0].Input("appNetworkAccessType").StringValue())
		assert.Equal(t, "fraud-ml", doms[0].Input("domainName").StringValue())
	}
	assert.Len(t, rec.ByType("aws:sagemaker/userProfile:UserProfile"), 2)
	assert.Len(t, rec.ByType("vpconly:security:StudioSecurityGroups"), 1)
	assert.Empty(t, recorder.Strings(rec.ByType("vpconly:security:StudioSecurityGroups")[0].Input("userNames")))
	for _, r := range rec.Resources {
		if r.Custom && r.Type != "pulumi:providers:aws" {
			assert.NotEmpty(t, r.Provider, "%s uses the consumer's explicit provider", r.Name)
		}
	}
}
