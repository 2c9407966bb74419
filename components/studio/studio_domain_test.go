package studio

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/sagemaker"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/internal/componenttest"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

const (
	stDomainSG   = "sg-0d0a1b2c3d"
	stAliceSG    = "sg-0a11ce0001"
	stDomainRole = "arn:aws:iam::123456789012:role/studio-domain"
	stAliceRole  = "arn:aws:iam::123456789012:role/studio-alice"
)

// studioTestArgs is a valid dev domain with two users: alice with her own security group and
// role, bob with the domain's. Each call returns a fresh value that a test case may modify.
func StudioTestArgs() *StudioDomainArgs {
	return &StudioDomainArgs{
		DomainName:       "data-science",
		VpcId:            pulumi.String("vpc-0123456789"),
		SubnetIds:        pulumi.StringArray{pulumi.String("subnet-0aaa"), pulumi.String("subnet-0bbb")},
		SecurityGroupId:  pulumi.String(stDomainSG),
		ExecutionRoleArn: pulumi.String(stDomainRole),
		Users: []StudioUser{
			{Name: "alice", Owner: "alice@example.com", SecurityGroupId: pulumi.String(stAliceSG),
				ExecutionRoleArn: pulumi.String(stAliceRole), Tags: map[string]string{"team": "fraud"}},
			{Name: "bob", Owner: "bob@example.com"},
		},
		Tags: map[string]string{"cost-center": "ml-42"},
	}
}

func studioBoolPtr(b bool) *bool { return &b }

// studioCapture holds the component's resolved outputs, filled inside an Apply.
type studioCapture struct {
	Mu                                    sync.Mutex
	domainID, domainArn, url, efs, keyArn string
	securityGroupIDs                      []string
	userProfileArns                       map[string]string
	Job                                   JobNetworkConfig
	resolved                              bool
}

func StudioRun(t *testing.T, stack string, args *StudioDomainArgs, opts ...pulumi.ResourceOption) (*recorder.Recording, *studioCapture, error) {
	t.Helper()
	got := &studioCapture{}
	rec, err := componenttest.RunStack(t, stack,
		func(ctx *pulumi.Context) error {
			c, err := NewStudioDomain(ctx, "ds", args, opts...)
			if err != nil {
				return err
			}
			probe := pulumi.All(c.DomainId, c.DomainArn, c.Url, c.HomeEfsFileSystemId, c.KmsKeyArn,
				c.SecurityGroupIds, c.UserProfileArns, c.JobNetworkConfig).ApplyT(func(v []interface{}) string {
				got.Mu.Lock()
				defer got.Mu.Unlock()
				got.domainID, got.domainArn, got.url = v[0].(string), v[1].(string), v[2].(string)
				got.efs, got.keyArn = v[3].(string), v[4].(string)
				got.securityGroupIDs = v[5].([]string)
				got.userProfileArns = v[6].(map[string]string)
				got.Job = v[7].(JobNetworkConfig)
				got.resolved = true
				return "ok"
			})
			ctx.Export("probe", probe)
			return nil
		})
	return rec, got, err
}

func TestValidSageMakerName(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"alice", true},
		{"a", true},
		{"Data-Science-01", true},
		{"a--b", true},
		{strings.Repeat("a", 63), true},
		{strings.Repeat("a", 64), false},
		{"a" + strings.Repeat("-b", 31) + "-", false},
		{"", false},
		{"-alice", false},
		{"alice-", false},
		{"bad_name", false},
		{"alice.smith", false},
		{"alice smith", false},
	} {
		assert.Equal(t, tc.ok, arg.ValidSageMakerName(tc.name), "ValidSageMakerName(%q)", tc.name)
	}
}

// The domain is VpcOnly whatever the arguments; tag propagation is on and the home EFS uses the
// component's own rotating KMS key.
func TestStudioDomainAlwaysVpcOnly(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		stack string
		mod   func(*StudioDomainArgs)
	}{
		{"defaults", "dev", func(*StudioDomainArgs) {}},
		{"prod", "prod", func(a *StudioDomainArgs) { a.Protect = true }},
		{"sso", "dev", func(a *StudioDomainArgs) { a.AuthMode = "SSO" }},
		{"sharing on", "dev", func(a *StudioDomainArgs) {
			a.SharingS3OutputPath = "s3://team-share/notebooks"
			a.SharingKmsKeyArn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
		}},
		{"regulated no users", "dev", func(a *StudioDomainArgs) { a.Regulated = true; a.Users = nil }},
		{"delete home efs in dev", "dev", func(a *StudioDomainArgs) { a.RetainHomeEfs = studioBoolPtr(false) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := StudioTestArgs()
			tc.mod(args)
			rec, _, err := StudioRun(t, tc.stack, args)
			if !assert.NoError(t, err) {
				return
			}
			domains := rec.ByType(componenttest.TypeSageMakerDomain)
			if !assert.Len(t, domains, 1) {
				return
			}
			d := domains[0]
			assert.Equal(t, "VpcOnly", componenttest.InputString(d, "appNetworkAccessType"))
			assert.Equal(t, "ENABLED", componenttest.InputString(d, "tagPropagation"))
			key := componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "ds-home-efs")
			assert.Equal(t, recorder.Lookup(key.Outputs, "arn").StringValue(), componenttest.InputString(d, "kmsKeyId"))
			assert.True(t, key.Input("enableKeyRotation").BoolValue(), "key rotation")
			assert.Equal(t, float64(30), key.Input("deletionWindowInDays").NumberValue())
		})
	}
}

// No argument can reach AppNetworkAccessType: neither a field of the Args structs nor a
// transformation passed in the options.
func TestStudioDomainOffersNoWayToLeaveVpcOnly(t *testing.T) {
	t.Parallel()
	for _, typ := range []reflect.Type{reflect.TypeOf(StudioDomainArgs{}), reflect.TypeOf(StudioUser{})} {
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			lower := strings.ToLower(f.Name)
			for _, bad := range []string{"network", "access", "public", "internet", "vpconly"} {
				assert.NotContains(t, lower, bad, "%s.%s looks like a network access switch", typ.Name(), f.Name)
			}
			assert.NotContains(t, f.Type.PkgPath(), "sagemaker", "%s.%s passes raw SageMaker args through", typ.Name(), f.Name)
			assert.False(t, f.Type.Kind() == reflect.Interface && f.Type.NumMethod() == 0,
				"%s.%s is an untyped escape hatch", typ.Name(), f.Name)
		}
	}

	// Both would rewrite the domain's inputs if they ever ran; the component must refuse them.
	toPublic := func(a *pulumi.ResourceTransformationArgs) *pulumi.ResourceTransformationResult {
		if d, ok := a.Props.(*sagemaker.DomainArgs); ok {
			d.AppNetworkAccessType = pulumi.String("PublicInternetOnly")
		}
		return &pulumi.ResourceTransformationResult{Props: a.Props, Opts: a.Opts}
	}
	toPublicTransform := func(_ context.Context, a *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
		a.Props["appNetworkAccessType"] = pulumi.String("PublicInternetOnly")
		return &pulumi.ResourceTransformResult{Props: a.Props, Opts: a.Opts}
	}
	for _, tc := range []struct {
		name string
		opt  pulumi.ResourceOption
	}{
		{"transformations", pulumi.Transformations([]pulumi.ResourceTransformation{toPublic})},
		{"transforms", pulumi.Transforms([]pulumi.ResourceTransform{toPublicTransform})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, _, err := StudioRun(t, "dev", StudioTestArgs(), tc.opt)
			if assert.Error(t, err) {
				assert.Contains(t, err.Error(), "opts")
				assert.Contains(t, err.Error(), "VpcOnly")
			}
			assert.Empty(t, rec.ByType(componenttest.TypeSageMakerDomain))
		})
	}
}

// Every user setting carries a security group (VpcOnly requires them) and the domain uses the
// given subnets and nothing else.
func TestStudioDomainSecurityGroupsAndRolesOnEverySetting(t *testing.T) {
	t.Parallel()
	rec, _, err := StudioRun(t, "dev", StudioTestArgs())
	if !assert.NoError(t, err) {
		return
	}
	d := componenttest.FindOne(t, rec, componenttest.TypeSageMakerDomain, "ds")
	for _, path := range []string{"defaultUserSettings.securityGroups", "defaultSpaceSettings.securityGroups", "domainSettings.securityGroupIds"} {
		assert.Equal(t, []string{stDomainSG}, recorder.Strings(d.Input(path)), path)
	}
	assert.Equal(t, stDomainRole, componenttest.InputString(d, "defaultUserSettings.executionRole"))
	assert.Equal(t, stDomainRole, componenttest.InputString(d, "defaultSpaceSettings.executionRole"))
	assert.Equal(t, "vpc-0123456789", componenttest.InputString(d, "vpcId"))

	want := map[string]struct{ sg, role string }{
		"ds-alice": {stAliceSG, stAliceRole},
		"ds-bob":   {stDomainSG, stDomainRole},
	}
	profiles := rec.ByType(componenttest.TypeUserProfile)
	assert.Len(t, profiles, len(want))
	for _, p := range profiles {
		w, ok := want[p.Name]
		if !assert.True(t, ok, "unexpected profile %s", p.Name) {
			continue
		}
		assert.Equal(t, []string{w.sg}, recorder.Strings(p.Input("userSettings.securityGroups")), p.Name)
		assert.Equal(t, w.role, componenttest.InputString(p, "userSettings.executionRole"), p.Name)
	}
}

// The domain's subnets are exactly the spoke's isolated subnets it was given; a public subnet in
// the same VPC does not leak in, and the job network config names the same subnets.
func TestStudioDomainUsesOnlyTheIsolatedSubnets(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var jobSubnets []string
	rec, err := componenttest.RunDev(t,
		func(ctx *pulumi.Context) error {
			vpc, err := ec2.NewVpc(ctx, "spoke", &ec2.VpcArgs{CidrBlock: pulumi.String("10.1.0.0/16")})
			if err != nil {
				return err
			}
			isolated := pulumi.StringArray{}
			for i, az := range []string{"us-east-1a", "us-east-1b"} {
				s, err := ec2.NewSubnet(ctx, "isolated-"+az, &ec2.SubnetArgs{VpcId: vpc.ID(),
					CidrBlock: pulumi.String(fmt.Sprintf("10.1.%d.0/24", i)), AvailabilityZone: pulumi.String(az)})
				if err != nil {
					return err
				}
				isolated = append(isolated, s.ID().ToStringOutput())
			}
			if _, err := ec2.NewSubnet(ctx, "public-us-east-1a", &ec2.SubnetArgs{VpcId: vpc.ID(),
				CidrBlock: pulumi.String("10.1.100.0/24"), MapPublicIpOnLaunch: pulumi.Bool(true)}); err != nil {
				return err
			}
			args := StudioTestArgs()
			args.VpcId = vpc.ID().ToStringOutput()
			args.SubnetIds = isolated
			c, err := NewStudioDomain(ctx, "ds", args)
			if err != nil {
				return err
			}
			ctx.Export("subnets", c.JobNetworkConfig.Subnets().ApplyT(func(s []string) []string {
				mu.Lock()
				defer mu.Unlock()
				jobSubnets = s
				return s
			}))
			return nil
		})
	if !assert.NoError(t, err) {
		return
	}
	d := componenttest.FindOne(t, rec, componenttest.TypeSageMakerDomain, "ds")
	var names []string
	for _, id := range recorder.Strings(d.Input("subnetIds")) {
		s, ok := rec.ByID(id)
		if assert.True(t, ok, "subnet %s is not a recorded subnet", id) {
			names = append(names, s.Name)
			assert.False(t, s.Input("mapPublicIpOnLaunch").IsBool() && s.Input("mapPublicIpOnLaunch").BoolValue(), s.Name)
		}
	}
	assert.ElementsMatch(t, []string{"isolated-us-east-1a", "isolated-us-east-1b"}, names)
	vpc := componenttest.FindOne(t, rec, "aws:ec2/vpc:Vpc", "spoke")
	assert.Equal(t, vpc.ID, componenttest.InputString(d, "vpcId"))
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, recorder.Strings(d.Input("subnetIds")), jobSubnets)
}

// In prod the domain keeps Retain and the domain, its key and the user profiles are protected,
// whatever else changes; outside prod nothing is protected and only RetainHomeEfs=false deletes.
func TestStudioDomainHomeDirectoriesSurvive(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		stack     string
		mod       func(*StudioDomainArgs)
		protected bool
		retention string
	}{
		{"prod defaults", "prod", func(a *StudioDomainArgs) { a.Protect = true }, true, "Retain"},
		{"prod explicit retain", "prod", func(a *StudioDomainArgs) { a.Protect = true; a.RetainHomeEfs = studioBoolPtr(true) }, true, "Retain"},
		{"prod other subnets", "prod", func(a *StudioDomainArgs) {
			a.Protect = true
			a.SubnetIds = pulumi.StringArray{pulumi.String("subnet-0ccc"), pulumi.String("subnet-0ddd"), pulumi.String("subnet-0eee")}
		}, true, "Retain"},
		{"prod other security group", "prod", func(a *StudioDomainArgs) {
			a.Protect = true
			a.SecurityGroupId = pulumi.String("sg-0ffffff")
		}, true, "Retain"},
		{"prod sso regulated sharing", "prod", func(a *StudioDomainArgs) {
			a.Protect = true
			a.AuthMode = "SSO"
			a.Regulated = true
			a.SharingS3OutputPath = "s3://share-bucket"
			a.SharingKmsKeyArn = "arn:aws:kms:us-east-1:123456789012:alias/share"
			a.SourceIdentity = studioBoolPtr(false)
		}, true, "Retain"},
		{"dev defaults", "dev", func(*StudioDomainArgs) {}, false, "Retain"},
		{"dev delete home efs", "dev", func(a *StudioDomainArgs) { a.RetainHomeEfs = studioBoolPtr(false) }, false, "Delete"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := StudioTestArgs()
			tc.mod(args)
			rec, _, err := StudioRun(t, tc.stack, args)
			if !assert.NoError(t, err) {
				return
			}
			d := componenttest.FindOne(t, rec, componenttest.TypeSageMakerDomain, "ds")
			assert.Equal(t, tc.retention, componenttest.InputString(d, "retentionPolicy.homeEfsFileSystem"))
			assert.Equal(t, tc.protected, d.Protect, "domain protect")
			assert.False(t, d.DeleteBeforeReplace, "domain must never be deleted before its replacement exists")
			key := componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "ds-home-efs")
			assert.Equal(t, tc.protected, key.Protect, "key protect")
			assert.Equal(t, tc.protected, key.RetainOnDelete, "key retainOnDelete")
			profiles := rec.ByType(componenttest.TypeUserProfile)
			assert.Len(t, profiles, 2)
			for _, p := range profiles {
				assert.Equal(t, tc.protected, p.Protect, "%s protect", p.Name)
			}
		})
	}
}

// A pulumi.Protect given to the component reaches the stateful children even without Args.Protect.
func TestStudioDomainInheritsProtectFromOptions(t *testing.T) {
	t.Parallel()
	rec, _, err := StudioRun(t, "dev", StudioTestArgs(), pulumi.Protect(true))
	if !assert.NoError(t, err) {
		return
	}
	for _, typ := range []string{componenttest.TypeSageMakerDomain, componenttest.TypeKmsKey, componenttest.TypeUserProfile} {
		for _, r := range rec.ByType(typ) {
			assert.True(t, r.Protect, "%s %s", typ, r.Name)
		}
	}
}

func TestStudioDomainValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		mod  func(*StudioDomainArgs)
		want []string // each must appear in the error
	}{
		{"bad user name", func(a *StudioDomainArgs) { a.Users[1].Name = "bob_smith" },
			[]string{"Users[bob_smith].Name", `"bob_smith"`, arg.SageMakerNamePattern}},
		{"user name too long", func(a *StudioDomainArgs) { a.Users[1].Name = strings.Repeat("b", 64) },
			[]string{".Name", "at most 63"}},
		{"duplicate user", func(a *StudioDomainArgs) { a.Users[1].Name = "Alice" },
			[]string{"Users[Alice].Name", `"Alice"`, "Users[0] has it"}},
		{"empty user name", func(a *StudioDomainArgs) { a.Users[1].Name = "" }, []string{"Users[1].Name is not set"}},
		{"missing owner", func(a *StudioDomainArgs) { a.Users[0].Owner = " " }, []string{"Users[alice].Owner is not set"}},
		{"owner tag mismatch", func(a *StudioDomainArgs) { a.Users[1].Tags = map[string]string{"owner": "eve"} },
			[]string{"Users[bob].Tags[owner]", `"eve"`, `"bob@example.com"`}},
		{"bad user security group", func(a *StudioDomainArgs) { a.Users[1].SecurityGroupId = pulumi.String("default") },
			[]string{"Users[bob].SecurityGroupId", `"default"`}},
		{"bad user role", func(a *StudioDomainArgs) { a.Users[1].ExecutionRoleArn = pulumi.String("studio") },
			[]string{"Users[bob].ExecutionRoleArn", `"studio"`, "IAM role ARN"}},
		{"sso name without sso", func(a *StudioDomainArgs) { a.Users[1].SsoUserName = "bob" },
			[]string{"Users[bob].SsoUserName", `AuthMode is "SSO"`}},
		{"bad domain name", func(a *StudioDomainArgs) { a.DomainName = "data science" },
			[]string{"DomainName", `"data science"`, arg.SageMakerNamePattern}},
		{"no domain name", func(a *StudioDomainArgs) { a.DomainName = "" }, []string{"DomainName is not set"}},
		{"bad auth mode", func(a *StudioDomainArgs) { a.AuthMode = "OIDC" }, []string{"AuthMode", `"OIDC"`, `"IAM"`, `"SSO"`}},
		{"retain off in prod", func(a *StudioDomainArgs) { a.Protect = true; a.RetainHomeEfs = studioBoolPtr(false) },
			[]string{"RetainHomeEfs = false", "Protect"}},
		{"sharing without key", func(a *StudioDomainArgs) { a.SharingS3OutputPath = "s3://share" },
			[]string{"SharingKmsKeyArn is not set", "SharingS3OutputPath"}},
		{"sharing key without path", func(a *StudioDomainArgs) {
			a.SharingKmsKeyArn = "arn:aws:kms:us-east-1:123456789012:key/abc"
		}, []string{"SharingKmsKeyArn", "empty unless SharingS3OutputPath"}},
		{"sharing bad path", func(a *StudioDomainArgs) {
			a.SharingS3OutputPath = "https://share.s3.amazonaws.com"
			a.SharingKmsKeyArn = "arn:aws:kms:us-east-1:123456789012:key/abc"
		}, []string{"SharingS3OutputPath", `"https://share.s3.amazonaws.com"`, "s3://"}},
		{"sharing key not an arn", func(a *StudioDomainArgs) {
			a.SharingS3OutputPath = "s3://share"
			a.SharingKmsKeyArn = "alias/share"
		}, []string{"SharingKmsKeyArn", `"alias/share"`, "KMS key or alias ARN"}},
		{"missing vpc", func(a *StudioDomainArgs) { a.VpcId = nil }, []string{"VpcId is not set"}},
		{"missing security group", func(a *StudioDomainArgs) { a.SecurityGroupId = nil }, []string{"SecurityGroupId is not set"}},
		{"missing role", func(a *StudioDomainArgs) { a.ExecutionRoleArn = nil }, []string{"ExecutionRoleArn is not set"}},
		{"missing subnets", func(a *StudioDomainArgs) { a.SubnetIds = nil }, []string{"SubnetIds is not set"}},
		{"zero-value subnet output", func(a *StudioDomainArgs) { a.SubnetIds = pulumi.StringArrayOutput{} },
			[]string{"SubnetIds", "zero-value Output"}},
		{"zero-value vpc output", func(a *StudioDomainArgs) { a.VpcId = pulumi.StringOutput{} },
			[]string{"VpcId", "zero-value Output"}},
		{"zero-value user security group (missing map entry)", func(a *StudioDomainArgs) {
			a.Users[1].SecurityGroupId = map[string]pulumi.StringOutput{}["bob"]
		}, []string{"Users[bob].SecurityGroupId", "zero-value Output"}},
		{"no subnets", func(a *StudioDomainArgs) { a.SubnetIds = pulumi.StringArray{} }, []string{"SubnetIds", `"0 subnets"`}},
		{"too many subnets", func(a *StudioDomainArgs) {
			s := pulumi.StringArray{}
			for i := 0; i < 17; i++ {
				s = append(s, pulumi.String(fmt.Sprintf("subnet-%02d", i)))
			}
			a.SubnetIds = s
		}, []string{"SubnetIds", `"17 subnets"`, "1 to 16"}},
		{"duplicate subnet", func(a *StudioDomainArgs) {
			a.SubnetIds = pulumi.StringArray{pulumi.String("subnet-0aaa"), pulumi.String("subnet-0aaa")}
		}, []string{"SubnetIds[1]", `"subnet-0aaa"`}},
		{"all problems at once", func(a *StudioDomainArgs) {
			a.DomainName = "-x"
			a.Users[0].Name = "al ice"
			a.VpcId = pulumi.String("10.0.0.0/16")
		}, []string{"DomainName", "Users[al ice].Name", "VpcId", `"10.0.0.0/16"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := StudioTestArgs()
			tc.mod(args)
			rec, _, err := StudioRun(t, "dev", args)
			componenttest.AssertRejected(t, rec, err, tc.want...)
		})
	}
	t.Run("nil args", func(t *testing.T) {
		t.Parallel()
		_, _, err := StudioRun(t, "dev", nil)
		if assert.Error(t, err) {
			assert.Contains(t, err.Error(), "args is not set")
		}
	})
	t.Run("valid args pass", func(t *testing.T) {
		t.Parallel()
		assert.NoError(t, StudioTestArgs().Validate("ds"))
	})
}

// Profiles depend on the domain through DomainId alone (so a destroy deletes them first), and
// nothing carries a needless explicit dependency.
func TestStudioDomainDependencies(t *testing.T) {
	t.Parallel()
	rec, _, err := StudioRun(t, "dev", StudioTestArgs())
	if !assert.NoError(t, err) {
		return
	}
	d := componenttest.FindOne(t, rec, componenttest.TypeSageMakerDomain, "ds")
	key := componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "ds-home-efs")
	assert.Contains(t, d.Dependencies, key.URN, "the domain depends on its key through KmsKeyId")
	for _, p := range rec.ByType(componenttest.TypeUserProfile) {
		assert.Equal(t, []string{d.URN}, p.Dependencies, p.Name)
		assert.Equal(t, d.ID, componenttest.InputString(p, "domainId"), p.Name)
		assert.Equal(t, strings.TrimPrefix(p.Name, "ds-"), componenttest.InputString(p, "userProfileName"))
	}
	for _, r := range rec.Resources {
		if r.Type == componenttest.TypeUserProfile {
			continue
		}
		for _, dep := range r.Dependencies {
			dr, _ := rec.ByURN(dep)
			assert.NotEqual(t, componenttest.TypeUserProfile, dr.Type, "%s must not depend on a user profile", r.Name)
		}
	}
}

func TestStudioDomainProviderAndParents(t *testing.T) {
	t.Parallel()
	for _, tc := range componenttest.ProviderOptions {
		t.Run(tc.Name, func(t *testing.T) {
			t.Parallel()
			rec, err := componenttest.RunWithExplicitProvider(t, "eu-west-1", func(ctx *pulumi.Context, p *aws.Provider) error {
				_, err := NewStudioDomain(ctx, "ds", StudioTestArgs(), tc.Opt(p))
				return err
			})
			if !assert.NoError(t, err) {
				return
			}
			componenttest.AssertChildrenInherit(t, rec, StudioDomainType, "ds", 4)
		})
	}
}

func TestStudioDomainOutputs(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		regulated bool
	}{{"not regulated", false}, {"regulated", true}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := StudioTestArgs()
			args.Regulated = tc.regulated
			// bob shares alice's security group: the output lists it once.
			args.Users[1].SecurityGroupId = pulumi.String(stAliceSG)
			rec, got, err := StudioRun(t, "dev", args)
			if !assert.NoError(t, err) {
				return
			}
			got.Mu.Lock()
			defer got.Mu.Unlock()
			if !assert.True(t, got.resolved, "outputs resolved") {
				return
			}
			d := componenttest.FindOne(t, rec, componenttest.TypeSageMakerDomain, "ds")
			key := componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "ds-home-efs")
			assert.Equal(t, d.ID, got.domainID)
			assert.True(t, strings.HasPrefix(got.domainID, "d-"))
			assert.Equal(t, recorder.Lookup(d.Outputs, "arn").StringValue(), got.domainArn)
			assert.Equal(t, recorder.Lookup(d.Outputs, "url").StringValue(), got.url)
			assert.Equal(t, recorder.Lookup(d.Outputs, "homeEfsFileSystemId").StringValue(), got.efs)
			assert.Equal(t, recorder.Lookup(key.Outputs, "arn").StringValue(), got.keyArn)
			assert.Equal(t, []string{stDomainSG, stAliceSG}, got.securityGroupIDs)
			wantArns := map[string]string{}
			for _, p := range rec.ByType(componenttest.TypeUserProfile) {
				wantArns[componenttest.InputString(p, "userProfileName")] = recorder.Lookup(p.Outputs, "arn").StringValue()
			}
			assert.Equal(t, wantArns, got.userProfileArns)
			assert.Len(t, got.userProfileArns, 2)
			assert.Equal(t, JobNetworkConfig{
				Subnets:                               []string{"subnet-0aaa", "subnet-0bbb"},
				SecurityGroupIds:                      []string{stDomainSG},
				EnableNetworkIsolation:                tc.regulated,
				EnableInterContainerTrafficEncryption: tc.regulated,
			}, got.Job)
		})
	}
}

func TestStudioDomainSettings(t *testing.T) {
	t.Parallel()
	const shareKey = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	for _, tc := range []struct {
		name                      string
		mod                       func(*StudioDomainArgs)
		sharing, path, key        string
		identity, auth, ssoValue0 string
	}{
		{"defaults", func(*StudioDomainArgs) {}, "Disabled", "", "", "USER_PROFILE_NAME", "IAM", ""},
		{"sharing to a KMS-encrypted bucket", func(a *StudioDomainArgs) {
			a.SharingS3OutputPath = "s3://team-share/out"
			a.SharingKmsKeyArn = shareKey
		}, "Allowed", "s3://team-share/out", shareKey, "USER_PROFILE_NAME", "IAM", ""},
		{"source identity off", func(a *StudioDomainArgs) { a.SourceIdentity = studioBoolPtr(false) },
			"Disabled", "", "", "DISABLED", "IAM", ""},
		{"sso", func(a *StudioDomainArgs) { a.AuthMode = "SSO"; a.Users[0].SsoUserName = "asmith" },
			"Disabled", "", "", "USER_PROFILE_NAME", "SSO", "asmith"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			args := StudioTestArgs()
			tc.mod(args)
			rec, _, err := StudioRun(t, "dev", args)
			if !assert.NoError(t, err) {
				return
			}
			d := componenttest.FindOne(t, rec, componenttest.TypeSageMakerDomain, "ds")
			assert.Equal(t, tc.sharing, componenttest.InputString(d, "defaultUserSettings.sharingSettings.notebookOutputOption"))
			assert.Equal(t, tc.path, componenttest.InputString(d, "defaultUserSettings.sharingSettings.s3OutputPath"))
			assert.Equal(t, tc.key, componenttest.InputString(d, "defaultUserSettings.sharingSettings.s3KmsKeyId"))
			assert.Equal(t, tc.identity, componenttest.InputString(d, "domainSettings.executionRoleIdentityConfig"))
			assert.Equal(t, tc.auth, componenttest.InputString(d, "authMode"))
			alice := componenttest.FindOne(t, rec, componenttest.TypeUserProfile, "ds-alice")
			bob := componenttest.FindOne(t, rec, componenttest.TypeUserProfile, "ds-bob")
			assert.Equal(t, tc.ssoValue0, componenttest.InputString(alice, "singleSignOnUserValue"))
			if tc.auth == "SSO" {
				assert.Equal(t, "UserName", componenttest.InputString(alice, "singleSignOnUserIdentifier"))
				assert.Equal(t, "bob@example.com", componenttest.InputString(bob, "singleSignOnUserValue"), "SSO user name defaults to the owner")
			} else {
				assert.True(t, bob.Input("singleSignOnUserIdentifier").IsNull())
			}
		})
	}
}

func TestStudioDomainTags(t *testing.T) {
	t.Parallel()
	rec, _, err := StudioRun(t, "dev", StudioTestArgs())
	if !assert.NoError(t, err) {
		return
	}
	tags := func(r recorder.Resource) map[string]string {
		out := map[string]string{}
		v := r.Input("tags")
		if v.IsObject() {
			for k, e := range v.ObjectValue() {
				out[string(k)] = e.StringValue()
			}
		}
		return out
	}
	assert.Equal(t, map[string]string{"cost-center": "ml-42"}, tags(componenttest.FindOne(t, rec, componenttest.TypeSageMakerDomain, "ds")))
	assert.Equal(t, map[string]string{"cost-center": "ml-42"}, tags(componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "ds-home-efs")))
	assert.Equal(t, map[string]string{"cost-center": "ml-42", "team": "fraud", "owner": "alice@example.com"},
		tags(componenttest.FindOne(t, rec, componenttest.TypeUserProfile, "ds-alice")))
	assert.Equal(t, map[string]string{"cost-center": "ml-42", "owner": "bob@example.com"},
		tags(componenttest.FindOne(t, rec, componenttest.TypeUserProfile, "ds-bob")))
}

type studioTestPolicy struct {
	Statement []struct {
		Sid       string
		Effect    string
		Principal map[string]string
		Action    []string
		Resource  string
		Condition map[string]map[string]any
	}
}

func TestStudioHomeKeyPolicy(t *testing.T) {
	t.Parallel()
	t.Run("scoped to the account and SageMaker storage", func(t *testing.T) {
		t.Parallel()
		doc, err := StudioHomeKeyPolicy("111122223333", "aws", "amazonaws.com", "eu-west-1")
		if !assert.NoError(t, err) {
			return
		}
		var p studioTestPolicy
		if !assert.NoError(t, json.Unmarshal([]byte(doc), &p)) {
			return
		}
		assert.Len(t, p.Statement, 3)
		useActions := map[string]bool{"kms:Decrypt": true, "kms:Encrypt": true, "kms:GenerateDataKey*": true,
			"kms:ReEncrypt*": true, "kms:CreateGrant": true}
		for _, s := range p.Statement {
			assert.Equal(t, "Allow", s.Effect, s.Sid)
			assert.Equal(t, map[string]string{"AWS": "arn:aws:iam::111122223333:root"}, s.Principal, s.Sid)
			for _, a := range s.Action {
				assert.NotEqual(t, "kms:*", a, s.Sid)
				assert.NotEqual(t, "kms:Create*", a, s.Sid, "kms:Create* would include CreateGrant")
				if useActions[a] {
					eq := s.Condition["StringEquals"]
					assert.Equal(t, "111122223333", eq["kms:CallerAccount"], "%s: %s needs kms:CallerAccount", s.Sid, a)
					assert.ElementsMatch(t, []any{"sagemaker.eu-west-1.amazonaws.com",
						"elasticfilesystem.eu-west-1.amazonaws.com", "ec2.eu-west-1.amazonaws.com"},
						eq["kms:ViaService"], "%s: %s only via SageMaker storage", s.Sid, a)
				}
				if a == "kms:CreateGrant" {
					assert.Equal(t, true, s.Condition["Bool"]["kms:GrantIsForAWSResource"], s.Sid)
				}
			}
		}
	})
	t.Run("missing account is an error", func(t *testing.T) {
		t.Parallel()
		_, err := StudioHomeKeyPolicy("", "aws", "amazonaws.com", "eu-west-1")
		if assert.Error(t, err) {
			assert.Contains(t, err.Error(), `account ""`)
		}
	})
	t.Run("component uses the caller's account and region", func(t *testing.T) {
		t.Parallel()
		rec, _, err := StudioRun(t, "dev", StudioTestArgs())
		if !assert.NoError(t, err) {
			return
		}
		key := componenttest.FindOne(t, rec, componenttest.TypeKmsKey, "ds-home-efs")
		want, err := StudioHomeKeyPolicy(recorder.FakeAccountID, "aws", "amazonaws.com", recorder.FakeRegion)
		assert.NoError(t, err)
		assert.JSONEq(t, want, componenttest.InputString(key, "policy"))
	})
}

// TestStudioDomainJobNetworkConfigUsesTheJobGroup: with JobSecurityGroupId the domain hands the
// job group to jobs (and only it: Studio's groups let members reach the apps' ports), the domain's
// own inputs are the same as without it, and a malformed ID is refused.
func TestStudioDomainJobNetworkConfigUsesTheJobGroup(t *testing.T) {
	t.Parallel()
	const jobSG = "sg-0j0b0j0b0j0b0j0b1"
	without, _, err := StudioRun(t, "dev", StudioTestArgs())
	require.NoError(t, err)
	args := StudioTestArgs()
	args.Regulated = true
	args.JobSecurityGroupId = pulumi.String(jobSG)
	rec, got, err := StudioRun(t, "dev", args)
	require.NoError(t, err)
	got.Mu.Lock()
	assert.Equal(t, JobNetworkConfig{Subnets: []string{"subnet-0aaa", "subnet-0bbb"}, SecurityGroupIds: []string{jobSG},
		EnableNetworkIsolation: true, EnableInterContainerTrafficEncryption: true}, got.Job)
	got.Mu.Unlock()
	before, after := componenttest.FindOne(t, without, componenttest.TypeSageMakerDomain, "ds"), componenttest.FindOne(t, rec, componenttest.TypeSageMakerDomain, "ds")
	assert.True(t, before.Inputs.DeepEquals(after.Inputs), "the job group is no input of the domain")

	args = StudioTestArgs()
	args.JobSecurityGroupId = pulumi.String("sg_jobs")
	rec, _, err = StudioRun(t, "dev", args)
	componenttest.AssertRejected(t, rec, err, `JobSecurityGroupId = "sg_jobs"`)
}
