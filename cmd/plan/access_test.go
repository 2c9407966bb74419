package main

import (
	"encoding/json"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/reach"
	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

// TestPlanAccessSection: dev and prod print an access section with no failing path and exit 0;
// a planted job group that admits itself but may not send to itself exits 4 and names the path.
func TestPlanAccessSection(t *testing.T) {
	t.Parallel()
	broken := func(ctx *pulumi.Context) error {
		cfg, err := config.Load(ctx)
		if err != nil {
			return err
		}
		lz, err := landingzone.Build(ctx, cfg)
		if err != nil {
			return err
		}
		prov := pulumi.Provider(lz.Provider)
		sg, err := ec2.NewSecurityGroup(ctx, "research-jobs-planted", &ec2.SecurityGroupArgs{
			VpcId: lz.Spokes["research"].VpcId, Description: pulumi.String("planted job group"),
		}, prov)
		if err != nil {
			return err
		}
		_, err = vpc.NewSecurityGroupIngressRule(ctx, "research-jobs-planted-self-in", &vpc.SecurityGroupIngressRuleArgs{
			SecurityGroupId: sg.ID(), IpProtocol: pulumi.String("-1"), ReferencedSecurityGroupId: sg.ID(),
			Description: pulumi.String("all traffic from itself"),
		}, prov)
		return err
	}
	cases := []struct {
		name, stack string
		program     pulumi.RunFunc
		code        int
		failing     string // check of the one failing path, "" for none
	}{
		{"dev", "dev", landingzone.Run, exitOK, ""},
		{"prod", "prod", landingzone.Run, exitOK, ""},
		{"dev with a job group that cannot send to itself", "dev", broken, exitAccess, reach.CheckJobSelf},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			code, out, errs := plan(t, tc.program, "--stack", tc.stack, "--format", "json")
			require.Equal(t, tc.code, code, errs)
			var p struct {
				Access reach.Report `json:"access"`
			}
			require.NoError(t, json.Unmarshal([]byte(out), &p))
			assert.NotEmpty(t, p.Access.Paths)
			fails := p.Access.Failures()
			if tc.failing == "" {
				assert.Empty(t, fails)
				return
			}
			if assert.Len(t, fails, 1) {
				assert.Equal(t, tc.failing, fails[0].Check)
				assert.Equal(t, "sg-egress", fails[0].Hop.Step)
				assert.Contains(t, errs, "plan: access: required path research-jobs-planted")
				assert.Contains(t, errs, "sg-egress")
			}
		})
	}
	code, out, errs := plan(t, landingzone.Run, "--stack", "dev")
	assert.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, "Access: ")
	assert.Contains(t, out, "studio-endpoint")
}
