package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
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

// TestPlanAccessSection: dev and prod print an access section with no failing path and exit 0,
// every corporate path of their corporate network (corporate.cidrs of the typed config) reachable;
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
		failing     string   // check of the one failing path, "" for none
		corporate   []string // the corporate CIDRs of the stack
	}{
		{"dev", "dev", landingzone.Run, exitOK, "", []string{"192.168.0.0/16"}},
		{"prod", "prod", landingzone.Run, exitOK, "", []string{"172.16.0.0/12"}},
		{"dev with a job group that cannot send to itself", "dev", broken, exitAccess, reach.CheckJobSelf, []string{"192.168.0.0/16"}},
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
			assert.Equal(t, tc.corporate, p.Access.CorporateCidrs)
			corporate := 0
			for _, path := range p.Access.Paths {
				if path.Check == reach.CheckCorporateResolver || path.Check == reach.CheckCorporateEndpoint {
					corporate++
					want := reach.Reachable
					if path.Check == reach.CheckCorporateResolver && tc.stack == "dev" {
						want = reach.NotConfigured // dev has no inbound endpoint: corporate.dns.inbound none
					}
					assert.Equal(t, want, path.Verdict, path.Describe())
				}
			}
			assert.Equal(t, 4, corporate, "resolver TCP and UDP 53, studio and sagemaker.api 443")
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

// TestPlanAccessFollowsTheTypedCorporateEndpoints: the corporate endpoint set comes from the typed
// config (corporate.endpoints), not from a default of its own: with only studio configured, only
// the Studio endpoint is a required corporate path and the SageMaker API endpoint, now closed to
// the corporate network, is an absent forbidden one.
func TestPlanAccessFollowsTheTypedCorporateEndpoints(t *testing.T) {
	t.Parallel()
	dev, err := os.ReadFile(filepath.Join(root, "Pulumi.dev.yaml"))
	require.NoError(t, err)
	anchor := "    onPremisesSpokes:\n"
	require.Contains(t, string(dev), anchor)
	file := filepath.Join(t.TempDir(), "Pulumi.studioonly.yaml")
	require.NoError(t, os.WriteFile(file, []byte(strings.Replace(string(dev), anchor, "    endpoints:\n      - studio\n"+anchor, 1)), 0o600))

	// The access section is clean, but people can no longer get a presigned URL from the
	// corporate network: dev keeps its names in the corporate DNS (corporate.dns.inbound none),
	// which now holds no record for the API endpoint, so the login journey stops at the dns hop
	// of the API name (exit 5).
	code, out, errs := planRaw(t, landingzone.Run, "--config", file, "--format", "json")
	require.Equal(t, exitJourneys, code, errs)
	assert.Contains(t, errs, `studio-login (research-dev/alice) blocked at dns hop of "resolve api.sagemaker.us-east-1.amazonaws.com"`)
	assert.NotContains(t, errs, "plan: access:")
	var p struct {
		Access reach.Report `json:"access"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &p))
	var endpoints []string
	apiClosed := false
	for _, path := range p.Access.Paths {
		switch {
		case path.Check == reach.CheckCorporateEndpoint:
			endpoints = append(endpoints, path.To)
			assert.Equal(t, reach.Reachable, path.Verdict, path.Describe())
		case path.Check == reach.CheckCorporateOther && path.To == "hub-sagemaker.api":
			apiClosed = path.Verdict == reach.Absent
		}
	}
	assert.Equal(t, []string{"hub-studio"}, endpoints)
	assert.True(t, apiClosed, "the SageMaker API endpoint admits nothing from the corporate network")
}
