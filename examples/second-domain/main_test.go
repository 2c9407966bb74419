package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// landingZoneOutputs is what a dev landing-zone stack exports (see landingzone.Export).
var landingZoneOutputs = map[string]any{
	"hubCidr":     "10.0.0.0/24",
	"endpointIds": map[string]any{"sagemaker.api": "vpce-0api"},
	"spokes": map[string]any{"research": map[string]any{
		"vpcId": "vpc-0research", "subnetIds": []any{"subnet-0a", "subnet-0b"}, "s3PrefixListId": "pl-63a5400a",
	}},
}

func runWith(cfg map[string]string) (*recorder.Recording, error) {
	base := map[string]string{
		"aws:region":                     "us-east-1",
		"second-domain:landingZoneStack": "acme/sagemaker-landing-zone/dev",
		"second-domain:spoke":            "research",
		"second-domain:domainName":       "research-vision",
		"second-domain:users":            `["maya","nils"]`,
		"second-domain:hubCidr":          "10.0.0.0/24",
	}
	for k, v := range cfg {
		base[k] = v
	}
	return recorder.Run(recorder.Options{Project: "second-domain", Stack: "example", Config: base,
		StackOutputs: map[string]map[string]any{"acme/sagemaker-landing-zone/dev": landingZoneOutputs}}, program)
}

func TestSecondDomainLandsInTheExistingSpoke(t *testing.T) {
	t.Parallel()
	rec, err := runWith(nil)
	if !assert.NoError(t, err) {
		return
	}
	doms := rec.ByType("aws:sagemaker/domain:Domain")
	if !assert.Len(t, doms, 1) {
		return
	}
	d := doms[0]
	assert.Equal(t, "VpcOnly", d.Input("appNetworkAccessType").StringValue())
	assert.Equal(t, "vpc-0research", d.Input("vpcId").StringValue())
	assert.Equal(t, []string{"subnet-0a", "subnet-0b"}, recorder.Strings(d.Input("subnetIds")))
	assert.Empty(t, rec.ByType("aws:ec2/vpc:Vpc"), "no new network: the spoke is reused")
	groups := rec.ByType("aws:ec2/securityGroup:SecurityGroup")
	assert.Len(t, groups, 3, "a domain group and one per user")
	for _, g := range groups {
		assert.Equal(t, "vpc-0research", g.Input("vpcId").StringValue())
	}
	assert.Len(t, rec.ByType("aws:sagemaker/userProfile:UserProfile"), 2)
	// The new execution role carries a deny guard naming the existing spoke's subnets.
	found := false
	for _, p := range rec.ByType("aws:iam/policy:Policy") {
		if doc := p.Input("policy"); doc.IsString() && assert.NotEmpty(t, doc.StringValue()) {
			if containsAll(doc.StringValue(), "subnet-0a", "subnet-0b", "sagemaker:VpcSubnets") {
				found = true
			}
		}
	}
	assert.True(t, found, "a deny-guard policy names the spoke's subnets")
}

func TestSecondDomainRejectsAnUnknownSpokeAndAWrongHubCidr(t *testing.T) {
	t.Parallel()
	_, err := runWith(map[string]string{"second-domain:spoke": "nowhere"})
	if assert.Error(t, err) {
		assert.Contains(t, err.Error(), `no spoke "nowhere"`)
	}
	_, err = runWith(map[string]string{"second-domain:hubCidr": "10.9.0.0/24"})
	if assert.Error(t, err) {
		assert.Contains(t, err.Error(), "second-domain:hubCidr")
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !contains(s, sub) {
			return false
		}
	}
	return true
}

func contains(s, sub string) bool {
	return strings.Contains(s, sub)
}
