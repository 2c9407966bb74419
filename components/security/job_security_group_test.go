package security

import (
	"fmt"
	"sort"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

func jobArgs() *JobSecurityGroupArgs {
	return &JobSecurityGroupArgs{
		VpcId:          pulumi.String("vpc-0123456789"),
		Hub:            network.HubRef{Cidr: sgsHubCidr},
		S3PrefixListId: pulumi.String(sgsPrefixList),
		Tags:           map[string]string{"team": "ml"},
	}
}

func jobRun(t *testing.T, args *JobSecurityGroupArgs) (*recorder.Recording, error) {
	t.Helper()
	return componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		_, err := NewJobSecurityGroup(ctx, "jobs-research", args)
		return err
	})
}

// jobRule is a recorded rule in a comparable form: direction, protocol, ports, peer.
func jobRule(t *testing.T, r recorder.Resource, groupID string) string {
	t.Helper()
	dir := "in"
	if r.Type == componenttest.TypeEgressRule {
		dir = "out"
	}
	ports := "-"
	if v := r.Input("fromPort"); !v.IsNull() {
		ports = fmt.Sprintf("%v-%v", v.NumberValue(), r.Input("toPort").NumberValue())
	}
	peer := "?"
	switch {
	case componenttest.InputString(r, "referencedSecurityGroupId") == groupID:
		peer = "self"
	case componenttest.InputString(r, "cidrIpv4") != "":
		peer = componenttest.InputString(r, "cidrIpv4")
	case componenttest.InputString(r, "prefixListId") != "":
		peer = componenttest.InputString(r, "prefixListId")
	}
	assert.Empty(t, componenttest.InputString(r, "cidrIpv6"), r.Name)
	return fmt.Sprintf("%s %s %s %s", dir, componenttest.InputString(r, "ipProtocol"), ports, peer)
}

// TestJobSecurityGroupMeetsTheDocumentedRequirements: the group's rules are exactly what the
// SageMaker Developer Guide asks of a job's security group, and nothing more:
//   - "Give SageMaker AI Training Jobs Access to Resources in Your Amazon VPC": distributed
//     training needs inbound connections between members of the same security group;
//   - "Protect Communications Between ML Compute Instances in a Distributed Training Job": with
//     inter-container traffic encryption, inbound and outbound UDP 500 and ESP (protocol 50)
//     with the group itself as source;
//   - the landing zone's only ways out: HTTPS to the hub CIDR (interface endpoints) and to the
//     S3 gateway endpoint's prefix list.
func TestJobSecurityGroupMeetsTheDocumentedRequirements(t *testing.T) {
	t.Parallel()
	rec, err := jobRun(t, jobArgs())
	require.NoError(t, err)
	sg := componenttest.FindOne(t, rec, componenttest.TypeSecurityGroup, "jobs-research")
	assert.True(t, sg.Input("ingress").IsNull() && sg.Input("egress").IsNull(), "no inline rules")
	documented := []string{
		"in -1 - self", "out -1 - self", // train-vpc: members of the group reach each other
		"in udp 500-500 self", "out udp 500-500 self", // train-encrypt: IKE
		"in 50 - self", "out 50 - self", // train-encrypt: ESP
		"out tcp 443-443 " + sgsHubCidr, "out tcp 443-443 " + sgsPrefixList, // the only ways out
	}
	var got, names []string
	for _, r := range append(rec.ByType(componenttest.TypeIngressRule), rec.ByType(componenttest.TypeEgressRule)...) {
		assert.Equal(t, sg.ID, componenttest.InputString(r, "securityGroupId"), r.Name)
		got = append(got, jobRule(t, r, sg.ID))
		names = append(names, r.Name)
	}
	assert.ElementsMatch(t, documented, got)
	sort.Strings(names)
	assert.Equal(t, []string{"jobs-research-all-in", "jobs-research-all-out", "jobs-research-esp-in", "jobs-research-esp-out",
		"jobs-research-https-hub-out", "jobs-research-https-s3-out", "jobs-research-ike-in", "jobs-research-ike-out"}, names)
	assert.Empty(t, rec.ByType(componenttest.TypeSecurityGroupRule), "no aws:ec2 SecurityGroupRule resources")

	// Children inherit the component's explicit provider.
	rec, err = componenttest.RunWithExplicitProvider(t, "eu-west-1", func(ctx *pulumi.Context, p *aws.Provider) error {
		_, err := NewJobSecurityGroup(ctx, "jobs-research", jobArgs(), pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	componenttest.AssertChildrenInherit(t, rec, JobSecurityGroupType, "jobs-research", 1+len(jobSecurityGroupRules))
}

// TestJobSecurityGroupValidation: each bad argument yields exactly its own error and nothing is
// registered.
func TestJobSecurityGroupValidation(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		mutate func(a *JobSecurityGroupArgs)
		want   string
	}{
		{"world hub CIDR", func(a *JobSecurityGroupArgs) { a.Hub.Cidr = "0.0.0.0/0" }, `Hub.Cidr = "0.0.0.0/0"`},
		{"IPv6 hub CIDR", func(a *JobSecurityGroupArgs) { a.Hub.Cidr = "fd00::/8" }, `Hub.Cidr = "fd00::/8"`},
		{"missing VPC", func(a *JobSecurityGroupArgs) { a.VpcId = nil }, "VpcId is not set"},
		{"bad VPC", func(a *JobSecurityGroupArgs) { a.VpcId = pulumi.String("vpc_1") }, `VpcId = "vpc_1"`},
		{"bad prefix list", func(a *JobSecurityGroupArgs) { a.S3PrefixListId = pulumi.String("s3") }, `S3PrefixListId = "s3"`},
		{"aws: tag", func(a *JobSecurityGroupArgs) { a.Tags = map[string]string{"aws:x": "y"} }, `Tags key = "aws:x"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := jobArgs()
			tc.mutate(args)
			rec, err := jobRun(t, args)
			componenttest.AssertRejected(t, rec, err, tc.want)
			if err != nil {
				assert.Len(t, splitJoined(err), 1, err.Error())
			}
		})
	}
	_, err := jobRun(t, nil)
	assert.ErrorContains(t, err, "args is not set")
}

func splitJoined(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
