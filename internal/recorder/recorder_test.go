package recorder

import (
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type comp struct{ pulumi.ResourceState }

func TestRunRecordsParentsDependenciesAndOptions(t *testing.T) {
	t.Parallel()
	rec, err := Run(Options{Stack: "s"}, func(ctx *pulumi.Context) error {
		c := &comp{}
		if err := ctx.RegisterComponentResource("test:index:Comp", "c", c); err != nil {
			return err
		}
		vpc, err := ec2.NewVpc(ctx, "c-vpc", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")},
			pulumi.Parent(c), pulumi.Protect(true))
		if err != nil {
			return err
		}
		_, err = ec2.NewSubnet(ctx, "c-subnet", &ec2.SubnetArgs{VpcId: vpc.ID(), CidrBlock: pulumi.String("10.0.0.0/24")},
			pulumi.Parent(c))
		return err
	})
	if !assert.NoError(t, err) {
		return
	}
	c, _ := rec.Find("test:index:Comp", "c")
	vpc, _ := rec.Find("aws:ec2/vpc:Vpc", "c-vpc")
	sub, _ := rec.Find("aws:ec2/subnet:Subnet", "c-subnet")
	assert.False(t, c.Custom)
	assert.Equal(t, c.URN, vpc.Parent, "the parent is the component's URN as recorded")
	assert.True(t, vpc.Protect)
	assert.Contains(t, sub.Dependencies, vpc.URN)
	assert.Equal(t, vpc.ID, sub.Input("vpcId").StringValue(), "IDs flow between resources")
	assert.Regexp(t, `^vpc-[0-9a-f]{12}$`, vpc.ID)
	byID, ok := rec.ByID(vpc.ID)
	assert.True(t, ok)
	assert.Equal(t, "c-vpc", byID.Name)
	assert.Equal(t, []string{"aws:ec2/subnet:Subnet", "aws:ec2/vpc:Vpc", "test:index:Comp"}, rec.Types())
	assert.Len(t, rec.ByType("aws:ec2/subnet:Subnet"), 1)
}

func TestLookupWalksObjectsArraysAndSecrets(t *testing.T) {
	t.Parallel()
	m := resource.NewPropertyMapFromMap(map[string]any{
		"vpcConfig": map[string]any{"subnets": []any{"subnet-a", "subnet-b"}},
	})
	m["secret"] = resource.MakeSecret(resource.NewStringProperty("s3cr3t"))
	assert.Equal(t, "subnet-b", Lookup(m, "vpcConfig.subnets.1").StringValue())
	assert.Equal(t, []string{"subnet-a", "subnet-b"}, Strings(Lookup(m, "vpcConfig.subnets")))
	assert.Equal(t, "s3cr3t", Lookup(m, "secret").StringValue())
	for _, missing := range []string{"nope", "vpcConfig.nope", "vpcConfig.subnets.7", "vpcConfig.subnets.x", "secret.deeper"} {
		assert.True(t, Lookup(m, missing).IsNull(), missing)
	}
}

func TestStackReferencesNeedOutputs(t *testing.T) {
	t.Parallel()
	prog := func(ctx *pulumi.Context) error {
		ref, err := pulumi.NewStackReference(ctx, "org/p/s", nil)
		if err != nil {
			return err
		}
		ctx.Export("x", ref.GetStringOutput(pulumi.String("x")))
		return nil
	}
	_, err := Run(Options{StackOutputs: map[string]map[string]any{"org/p/s": {"x": "1"}}}, prog)
	assert.NoError(t, err)
	_, err = Run(Options{}, prog)
	if assert.Error(t, err) {
		assert.Contains(t, err.Error(), `no outputs for stack reference "org/p/s"`)
	}
}

// TestRunRecordsComponentProviders: a component's provider option (pulumi.Provider, or
// pulumi.ProviderMap) is recorded by package, even when the component has no children (the
// monitor receives it as RegisterResourceRequest.Providers); a nested component without its own
// option records none, a custom resource records its one provider, and a component without a
// provider option records none.
func TestRunRecordsComponentProviders(t *testing.T) {
	t.Parallel()
	rec, err := Run(Options{Stack: "s"}, func(ctx *pulumi.Context) error {
		p, err := aws.NewProvider(ctx, "acct", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
		if err != nil {
			return err
		}
		for name, opt := range map[string]pulumi.ResourceOption{
			"by-provider": pulumi.Provider(p),
			"by-map":      pulumi.ProviderMap(map[string]pulumi.ProviderResource{"aws": p}),
		} {
			if err := ctx.RegisterComponentResource("test:index:Comp", name, &comp{}, opt); err != nil {
				return err
			}
		}
		outer := &comp{}
		if err := ctx.RegisterComponentResource("test:index:Comp", "outer", outer, pulumi.Provider(p)); err != nil {
			return err
		}
		if err := ctx.RegisterComponentResource("test:index:Comp", "outer-inner", &comp{}, pulumi.Parent(outer)); err != nil {
			return err
		}
		if err := ctx.RegisterComponentResource("test:index:Comp", "plain", &comp{}); err != nil {
			return err
		}
		_, err = ec2.NewVpc(ctx, "outer-vpc", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")}, pulumi.Parent(outer))
		return err
	})
	require.NoError(t, err)
	prov, ok := rec.Find("pulumi:providers:aws", "acct")
	require.True(t, ok)
	ref := prov.URN + "::" + prov.ID
	for _, c := range []struct {
		typ, name, want string
	}{
		{"test:index:Comp", "by-provider", ref},
		{"test:index:Comp", "by-map", ref},
		{"test:index:Comp", "outer", ref},
		{"test:index:Comp", "outer-inner", ""},
		{"test:index:Comp", "plain", ""},
		{"aws:ec2/vpc:Vpc", "outer-vpc", ref},
	} {
		r, ok := rec.Find(c.typ, c.name)
		require.True(t, ok, c.name)
		assert.Equal(t, c.want, r.ProviderOf("aws"), c.name)
		assert.Empty(t, r.ProviderOf("kubernetes"), "%s: no provider of another package", c.name)
	}
}

// TestMocksAnswerEachProvidersAccount: what is made through an explicit aws provider pinned to
// one account (allowedAccountIds with one id, else an assumeRole roleArn) gets that account, in
// its caller identity (directly, through a parent's provider, or a component's) and in its fake
// ARNs and owner ids; the default provider and a provider that names no single account answer
// FakeAccountID.
func TestMocksAnswerEachProvidersAccount(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		args *aws.ProviderArgs // nil: the default provider
		want string
	}{
		{"default", nil, FakeAccountID},
		{"allowed", &aws.ProviderArgs{AllowedAccountIds: pulumi.ToStringArray([]string{"222222222222"})}, "222222222222"},
		{"allowed-wins", &aws.ProviderArgs{AllowedAccountIds: pulumi.ToStringArray([]string{"222222222222"}),
			AssumeRole: &aws.ProviderAssumeRoleArgs{RoleArn: pulumi.String("arn:aws:iam::333333333333:role/deploy")}}, "222222222222"},
		{"role", &aws.ProviderArgs{AssumeRole: &aws.ProviderAssumeRoleArgs{RoleArn: pulumi.String("arn:aws-cn:iam::444444444444:role/deploy")}}, "444444444444"},
		{"two-allowed", &aws.ProviderArgs{AllowedAccountIds: pulumi.ToStringArray([]string{"222222222222", "333333333333"})}, FakeAccountID},
		{"bad-role", &aws.ProviderArgs{AssumeRole: &aws.ProviderAssumeRoleArgs{RoleArn: pulumi.String("not-an-arn")}}, FakeAccountID},
		{"region-only", &aws.ProviderArgs{Region: pulumi.String("us-east-1")}, FakeAccountID},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, err := Run(Options{Stack: "s"}, func(ctx *pulumi.Context) error {
				var ropt pulumi.ResourceOption = pulumi.Parent(nil)
				var iopt pulumi.InvokeOption = pulumi.Parent(nil)
				if tc.args != nil {
					p, err := aws.NewProvider(ctx, "p", tc.args)
					if err != nil {
						return err
					}
					ropt, iopt = pulumi.Provider(p), pulumi.Provider(p)
				}
				direct := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, iopt).AccountId()
				c := &comp{}
				if err := ctx.RegisterComponentResource("test:index:Comp", "c", c, ropt); err != nil {
					return err
				}
				inner := &comp{}
				if err := ctx.RegisterComponentResource("test:index:Comp", "c-inner", inner, pulumi.Parent(c)); err != nil {
					return err
				}
				viaComp := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, pulumi.Parent(inner)).AccountId()
				vpc, err := ec2.NewVpc(ctx, "c-vpc", &ec2.VpcArgs{CidrBlock: pulumi.String("10.0.0.0/16")}, pulumi.Parent(inner))
				if err != nil {
					return err
				}
				inherited := aws.GetCallerIdentityOutput(ctx, aws.GetCallerIdentityOutputArgs{}, pulumi.Parent(vpc)).AccountId()
				// The answers, as a resource's inputs (the run waits for those).
				if _, err := ec2.NewVpc(ctx, "probe", &ec2.VpcArgs{Tags: pulumi.StringMap{"direct": direct,
					"through a component": viaComp, "through a parent": inherited}}); err != nil {
					return err
				}
				_, err = ec2.NewVpcEndpoint(ctx, "c-vpce", &ec2.VpcEndpointArgs{VpcId: vpc.ID(),
					ServiceName: pulumi.String("com.amazonaws.us-east-1.s3")}, pulumi.Parent(vpc))
				return err
			})
			require.NoError(t, err)
			probe, _ := rec.Find("aws:ec2/vpc:Vpc", "probe")
			for _, what := range []string{"direct", "through a component", "through a parent"} {
				assert.Equal(t, tc.want, Lookup(probe.Inputs, "tags."+what).StringValue(), "caller identity %s", what)
			}
			vpc, _ := rec.Find("aws:ec2/vpc:Vpc", "c-vpc")
			assert.Equal(t, tc.want, vpc.Account)
			assert.Equal(t, "arn:aws:ec2:us-east-1:"+tc.want+":vpc/"+vpc.ID, Lookup(vpc.Outputs, "arn").StringValue())
			vpce, _ := rec.Find("aws:ec2/vpcEndpoint:VpcEndpoint", "c-vpce")
			assert.Equal(t, tc.want, Lookup(vpce.Outputs, "ownerId").StringValue())
			if tc.args != nil {
				p, _ := rec.Find("pulumi:providers:aws", "p")
				assert.Equal(t, tc.want, p.Account, "the provider records the account it pins")
			}
		})
	}
}
