package tests

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
)

const typeSecurityGroup = "aws:ec2/securityGroup:SecurityGroup"

// TestJobsRunUnderTheGuards: for every stack (the multi fixture too, each domain under its own
// account's deny guard), each domain's jobNetworkConfig names its spoke's
// job security group (and only it), that group is a stack output and in the deny guard's approved
// list, and the guards the program rendered allow a distributed training, tuning and processing
// job configured from jobNetworkConfig (with encryption, as the regulated guard demands), while
// the same job in a foreign group, or with encryption off in a regulated stack, is denied.
func TestJobsRunUnderTheGuards(t *testing.T) {
	t.Parallel()
	for _, stack := range invariantStacks(t) {
		t.Run(stack, func(t *testing.T) {
			t.Parallel()
			rec, cfg := runStack(t, stack)
			b, _ := buildStack(t, stack)
			require.NotEmpty(t, b.guards)
			spokes, _ := b.outputs["spokes"].(map[string]any)
			for _, d := range cfg.Domains {
				guards := b.guardsByAccount[cfg.SpokeAccount(d.Spoke)] // the domain's account's deny guard
				require.NotEmpty(t, guards, d.Name)
				job, ok := b.jobs[d.Name]
				require.True(t, ok, d.Name)
				sg, ok := rec.Find(typeSecurityGroup, "jobs-"+d.Spoke)
				require.True(t, ok, "job security group of spoke %s", d.Spoke)
				assert.Equal(t, []string{sg.ID}, job.SecurityGroupIds, "%s: jobs get the spoke's job group", d.Name)
				if s, ok := spokes[d.Spoke].(map[string]any); assert.True(t, ok) {
					assert.Equal(t, sg.ID, s["jobSecurityGroupId"], "stack output spokes.%s.jobSecurityGroupId", d.Spoke)
				}
				assert.Equal(t, cfg.Regulated(), job.EnableInterContainerTrafficEncryption)

				request := func(action string, sgs []string, encrypt bool) iamsim.Request {
					return iamsim.Request{Action: action, Keys: map[string][]string{
						iampolicy.KeyVpcSubnets:                      job.Subnets,
						iampolicy.KeyVpcSecurityGroupIds:             sgs,
						iampolicy.KeyNetworkIsolation:                boolKey(job.EnableNetworkIsolation),
						iampolicy.KeyInterContainerTrafficEncryption: boolKey(encrypt),
					}}
				}
				for _, action := range []string{"sagemaker:CreateTrainingJob", "sagemaker:CreateHyperParameterTuningJob",
					"sagemaker:CreateProcessingJob"} {
					assert.Empty(t, denied(t, guards, request(action, job.SecurityGroupIds, job.EnableInterContainerTrafficEncryption)),
						"%s %s from jobNetworkConfig is allowed", d.Name, action)
					assert.NotEmpty(t, denied(t, guards, request(action, []string{"sg-0f0f0f0f0f0f0f0f9"}, job.EnableInterContainerTrafficEncryption)),
						"%s %s in a foreign group is denied", d.Name, action)
					if cfg.Regulated() {
						assert.NotEmpty(t, denied(t, guards, request(action, job.SecurityGroupIds, false)),
							"%s %s without inter-container encryption is denied in a regulated stack", d.Name, action)
					}
				}
			}
		})
	}
}
