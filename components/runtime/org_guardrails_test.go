package runtime

import (
	"testing"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
)

func TestOrganizationGuardrailsRenderedAlwaysCreatedOnRequest(t *testing.T) {
	t.Parallel()
	deployer := "arn:aws:iam::111122223333:role/deployer"
	for _, tc := range []struct {
		name          string
		args          OrganizationGuardrailsArgs
		policies, att int
	}{
		{"rendered only", OrganizationGuardrailsArgs{ExemptPrincipalArns: []string{deployer}}, 0, 0},
		// One policy per stable group (network, sagemaker), attached to every target.
		{"created", OrganizationGuardrailsArgs{ExemptPrincipalArns: []string{deployer}, Create: true}, 2, 0},
		{"created and attached", OrganizationGuardrailsArgs{ExemptPrincipalArns: []string{deployer}, Create: true,
			TargetIds: []string{"ou-ab12-cdefgh34", "123456789012"}, Protect: true}, 2, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var docs []iampolicy.Document
			renderedCh := make(chan []string, 1)
			rec, err := componenttest.RunWithExplicitProvider(t, "us-east-1", func(ctx *pulumi.Context, p *aws.Provider) error {
				og, err := NewOrganizationGuardrails(ctx, "org", &tc.args, pulumi.Provider(p))
				if err == nil {
					docs = og.Documents
					og.PolicyDocuments.ApplyT(func(v []string) string {
						renderedCh <- v
						return ""
					})
				}
				return err
			})
			require.NoError(t, err)
			if tc.policies+tc.att > 0 {
				componenttest.AssertChildrenInherit(t, rec, OrganizationGuardrailsType, "org", tc.policies+tc.att)
			}
			pols := rec.ByType(componenttest.TypeOrgPolicy)
			assert.Len(t, pols, tc.policies)
			assert.Len(t, rec.ByType(componenttest.TypeOrgAttachment), tc.att)
			require.Len(t, docs, 2)
			byName := map[string]string{"org-network": docs[0].MustJSON(), "org-sagemaker": docs[1].MustJSON()}
			for _, pol := range pols {
				assert.Equal(t, "SERVICE_CONTROL_POLICY", componenttest.InputString(pol, "type"))
				assert.Equal(t, tc.args.Protect, pol.Protect)
				// The created content is the rendered document, and it denies an internet
				// gateway to a workload but not to the deployer.
				assert.Equal(t, byName[pol.Name], componenttest.InputString(pol, "content"), pol.Name)
				sim, err := iamsim.Parse([]byte(componenttest.InputString(pol, "content")))
				require.NoError(t, err)
				if pol.Name != "org-network" {
					continue
				}
				for principal, want := range map[string]iamsim.Decision{"arn:aws:iam::111122223333:role/ml-user": iamsim.Deny, deployer: iamsim.NotApplicable} {
					got, err := sim.Evaluate(iamsim.Request{Action: "ec2:AttachInternetGateway", Keys: map[string][]string{iampolicy.KeyPrincipalArn: {principal}}})
					require.NoError(t, err)
					assert.Equal(t, want, got.Decision, principal)
				}
			}
			select {
			case rendered := <-renderedCh:
				assert.Equal(t, []string{docs[0].MustJSON(), docs[1].MustJSON()}, rendered, "documents are output even when not created")
			case <-time.After(10 * time.Second):
				t.Fatal("policyDocuments never resolved")
			}
		})
	}
}

func TestOrganizationGuardrailsRejectsBadArgs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args OrganizationGuardrailsArgs
		want string
	}{
		{"bad ARN", OrganizationGuardrailsArgs{ExemptPrincipalArns: []string{"deployer"}}, `ExemptPrincipalArns[0] = "deployer"`},
		{"targets without create", OrganizationGuardrailsArgs{TargetIds: []string{"ou-ab12-cdefgh34"}}, "no targets unless Create"},
		{"bad target", OrganizationGuardrailsArgs{Create: true, TargetIds: []string{"o-abc"}}, `TargetIds[0] = "o-abc"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
				_, err := NewOrganizationGuardrails(ctx, "org", &tc.args)
				return err
			})
			componenttest.AssertRejected(t, rec, err, tc.want)
		})
	}
}
