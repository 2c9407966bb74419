package access

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	typeInlinePermissionSet = "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy"
	humanVpce               = "vpce-0a1a1a1a1a1a1a1a1"
	humanStudioVpce         = "vpce-0c3c3c3c3c3c3c3c3"
	humanInstance           = "arn:aws:sso:::instance/ssoins-0123456789abcdef"
	humanPermissionSet      = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef"
)

func humanArgs() *HumanAccessPolicyArgs {
	return &HumanAccessPolicyArgs{
		Region:    "us-east-1",
		DomainIds: pulumi.ToStringArray([]string{"d-abc123"}),
		Hub: network.HubRef{EndpointIds: map[string]pulumi.StringInput{"sagemaker.api": pulumi.String(humanVpce),
			"studio": pulumi.String(humanStudioVpce)}},
	}
}

func humanRun(t *testing.T, args *HumanAccessPolicyArgs, opts ...pulumi.ResourceOption) (*recorder.Recording, error) {
	t.Helper()
	return componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		_, err := NewHumanAccessPolicy(ctx, "people", args, opts...)
		return err
	})
}

// TestHumanAccessPolicyComponent: the created policy is iampolicy.HumanAccessPolicy for the wired
// ids (account from the caller identity) and decides as it must; the permission-set inline
// policy exists only when both ARNs are given.
func TestHumanAccessPolicyComponent(t *testing.T) {
	t.Parallel()
	for _, sso := range []bool{false, true} {
		t.Run(map[bool]string{false: "IAM roles", true: "with permission set"}[sso], func(t *testing.T) {
			t.Parallel()
			args := humanArgs()
			if sso {
				args.SsoInstanceArn, args.PermissionSetArn = humanInstance, humanPermissionSet
			}
			rec, err := humanRun(t, args)
			require.NoError(t, err)
			pol := componenttest.FindOne(t, rec, componenttest.TypeIamPolicy, "people")
			want, err := iampolicy.HumanAccessPolicy(iampolicy.HumanSpec{Partition: "aws", Region: "us-east-1",
				AccountId: recorder.FakeAccountID, DomainIds: []string{"d-abc123"}, ApiEndpointIds: []string{humanVpce},
				StudioEndpointIds: []string{humanStudioVpce}})
			require.NoError(t, err)
			assert.JSONEq(t, want.MustJSON(), componenttest.InputString(pol, "policy"))
			p, err := iamsim.Parse([]byte(componenttest.InputString(pol, "policy")))
			require.NoError(t, err)
			profile := "arn:aws:sagemaker:us-east-1:" + recorder.FakeAccountID + ":user-profile/d-abc123/"
			keys := func(vpce string) map[string][]string {
				k := map[string][]string{"aws:PrincipalTag/studio-user-profile": {"alice"}}
				if vpce != "" {
					k[iampolicy.KeySourceVpce] = []string{vpce}
				}
				return k
			}
			for _, c := range []struct {
				name, resource, vpce string
				want                 iamsim.Decision
			}{
				{"own profile through the endpoint", profile + "alice", humanVpce, iamsim.Allow},
				{"another user's profile", profile + "bob", humanVpce, iamsim.Deny},
				{"own profile from outside the endpoint", profile + "alice", "", iamsim.Deny},
				// The Studio app's HTTPS requests and WebSocket frames, authorized as
				// CreatePresignedDomainUrl, come through the studio endpoint.
				{"Studio app request for the own profile through the studio endpoint", profile + "alice", humanStudioVpce, iamsim.Allow},
				{"Studio app request for another profile through the studio endpoint", profile + "bob", humanStudioVpce, iamsim.Deny},
				{"own profile through another endpoint", profile + "alice", "vpce-0b2b2b2b2b2b2b2b2", iamsim.Deny},
			} {
				got, err := p.Evaluate(iamsim.Request{Action: iampolicy.ActionCreatePresignedDomainUrl, Resource: c.resource, Keys: keys(c.vpce)})
				require.NoError(t, err)
				assert.Equal(t, c.want, got.Decision, c.name)
			}
			inline := rec.ByType(typeInlinePermissionSet)
			if !sso {
				assert.Empty(t, inline)
				return
			}
			require.Len(t, inline, 1)
			assert.Equal(t, "people-permission-set", inline[0].Name)
			assert.Equal(t, humanPermissionSet, componenttest.InputString(inline[0], "permissionSetArn"))
			assert.Equal(t, humanInstance, componenttest.InputString(inline[0], "instanceArn"))
			assert.JSONEq(t, want.MustJSON(), componenttest.InputString(inline[0], "inlinePolicy"))
		})
	}
}

func TestHumanAccessPolicyExplicitProvider(t *testing.T) {
	t.Parallel()
	rec, err := componenttest.RunWithExplicitProvider(t, "us-east-1", func(ctx *pulumi.Context, p *aws.Provider) error {
		args := humanArgs()
		args.SsoInstanceArn, args.PermissionSetArn = humanInstance, humanPermissionSet
		_, err := NewHumanAccessPolicy(ctx, "people", args, pulumi.Provider(p))
		return err
	})
	require.NoError(t, err)
	componenttest.AssertChildrenInherit(t, rec, HumanAccessPolicyType, "people", 2)
}

func TestHumanAccessPolicyRejects(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		mutate func(a *HumanAccessPolicyArgs)
		want   []string
	}{
		{"region", func(a *HumanAccessPolicyArgs) { a.Region = "moon-1" }, []string{`Region = "moon-1"`}},
		{"no endpoint", func(a *HumanAccessPolicyArgs) { a.Hub = network.HubRef{} }, []string{`Hub.EndpointIds["sagemaker.api"] is not set`,
			`Hub.EndpointIds["studio"] is not set`}},
		{"no studio endpoint", func(a *HumanAccessPolicyArgs) {
			a.Hub = network.HubRef{EndpointIds: map[string]pulumi.StringInput{"sagemaker.api": pulumi.String(humanVpce)}}
		}, []string{`Hub.EndpointIds["studio"] is not set`, "must have a studio endpoint"}},
		{"hub in another region", func(a *HumanAccessPolicyArgs) { a.Hub.Region = "eu-west-1" }, []string{`Hub.Region = "eu-west-1"`}},
		{"no domains", func(a *HumanAccessPolicyArgs) { a.DomainIds = nil }, []string{"DomainIds is not set"}},
		{"tag key", func(a *HumanAccessPolicyArgs) { a.ProfileTagKey = "a{b}" }, []string{`ProfileTagKey = "a{b}"`}},
		{"permission set alone", func(a *HumanAccessPolicyArgs) { a.PermissionSetArn = humanPermissionSet }, []string{"set together with SsoInstanceArn"}},
		{"bad ARNs", func(a *HumanAccessPolicyArgs) { a.SsoInstanceArn, a.PermissionSetArn = "arn:x", "arn:y" },
			[]string{`SsoInstanceArn = "arn:x"`, `PermissionSetArn = "arn:y"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := humanArgs()
			tc.mutate(args)
			rec, err := humanRun(t, args)
			componenttest.AssertRejected(t, rec, err, tc.want...)
		})
	}
}

const typeCustomerManagedAttachment = "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment"

// TestHumanAccessPolicyCarriesTheDenyGuard: the deny guard's policies follow the human policy in
// PolicyArns (key order) and, with a permission set, are attached to it by name, one stable child
// per guard key; without a permission set nothing is attached.
func TestHumanAccessPolicyCarriesTheDenyGuard(t *testing.T) {
	t.Parallel()
	for _, sso := range []bool{false, true} {
		t.Run(map[bool]string{false: "IAM roles", true: "with permission set"}[sso], func(t *testing.T) {
			t.Parallel()
			var arns []string
			got := make(chan []string, 1)
			rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
				args := humanArgs()
				args.DenyGuard = map[string]security.DenyGuardPolicy{
					"deny-subnets":  {Name: pulumi.String("gr-deny-subnets-1a2b3c").ToStringOutput(), Arn: pulumi.String("arn:aws:iam::123456789012:policy/gr-deny-subnets-1a2b3c").ToStringOutput()},
					"deny-settings": {Name: pulumi.String("gr-deny-settings-4d5e6f").ToStringOutput(), Arn: pulumi.String("arn:aws:iam::123456789012:policy/gr-deny-settings-4d5e6f").ToStringOutput()},
				}
				if sso {
					args.SsoInstanceArn, args.PermissionSetArn = humanInstance, humanPermissionSet
				}
				h, err := NewHumanAccessPolicy(ctx, "people", args)
				if err == nil {
					h.PolicyArns.ApplyT(func(v []string) string { got <- v; return "" })
				}
				return err
			})
			require.NoError(t, err)
			arns = <-got
			pol := componenttest.FindOne(t, rec, componenttest.TypeIamPolicy, "people")
			assert.Equal(t, []string{recorder.Lookup(pol.Outputs, "arn").StringValue(),
				"arn:aws:iam::123456789012:policy/gr-deny-settings-4d5e6f", "arn:aws:iam::123456789012:policy/gr-deny-subnets-1a2b3c"}, arns)
			att := rec.ByType(typeCustomerManagedAttachment)
			if !sso {
				assert.Empty(t, att)
				return
			}
			require.Len(t, att, 2)
			byName := map[string]recorder.Resource{}
			for _, a := range att {
				byName[a.Name] = a
			}
			for key, policy := range map[string]string{"deny-subnets": "gr-deny-subnets-1a2b3c", "deny-settings": "gr-deny-settings-4d5e6f"} {
				a, ok := byName["people-permission-set-"+key]
				require.True(t, ok, key)
				assert.Equal(t, humanPermissionSet, componenttest.InputString(a, "permissionSetArn"))
				assert.Equal(t, humanInstance, componenttest.InputString(a, "instanceArn"))
				assert.Equal(t, policy, a.Input("customerManagedPolicyReference.name").StringValue())
				assert.Equal(t, "/", a.Input("customerManagedPolicyReference.path").StringValue())
			}
		})
	}
	// A guard entry without its outputs is refused before anything is registered.
	rec, err := componenttest.RunDev(t, func(ctx *pulumi.Context) error {
		args := humanArgs()
		args.DenyGuard = map[string]security.DenyGuardPolicy{"deny-subnets": {}}
		_, err := NewHumanAccessPolicy(ctx, "people", args)
		return err
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "DenyGuard[deny-subnets]")
	assert.Empty(t, rec.ByType(componenttest.TypeIamPolicy))
}
