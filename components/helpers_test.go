package components

// Test helpers shared by the component tests: resource type tokens, running a program under the
// one recording mock (internal/recorder), finding and reading recorded resources, and the
// explicit-provider check every component gets.

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"

	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// Resource type tokens the tests look for.
const (
	typeAwsProvider             = "pulumi:providers:aws"
	typeVpc                     = "aws:ec2/vpc:Vpc"
	typeSubnet                  = "aws:ec2/subnet:Subnet"
	typeRouteTable              = "aws:ec2/routeTable:RouteTable"
	typeRouteTableAssociation   = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	typeRoute                   = "aws:ec2/route:Route"
	typeSecurityGroup           = "aws:ec2/securityGroup:SecurityGroup"
	typeIngressRule             = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	typeEgressRule              = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	typeSecurityGroupRule       = "aws:ec2/securityGroupRule:SecurityGroupRule"
	typeVpcEndpoint             = "aws:ec2/vpcEndpoint:VpcEndpoint"
	typeZone                    = "aws:route53/zone:Zone"
	typeRecord                  = "aws:route53/record:Record"
	typeZoneAssociation         = "aws:route53/zoneAssociation:ZoneAssociation"
	typeTransitGateway          = "aws:ec2transitgateway/transitGateway:TransitGateway"
	typeTgwRouteTable           = "aws:ec2transitgateway/routeTable:RouteTable"
	typeTgwAttachment           = "aws:ec2transitgateway/vpcAttachment:VpcAttachment"
	typeTgwAssociation          = "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation"
	typeTgwPropagation          = "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation"
	typeKmsKey                  = "aws:kms/key:Key"
	typeLogGroup                = "aws:cloudwatch/logGroup:LogGroup"
	typeFlowLog                 = "aws:ec2/flowLog:FlowLog"
	typeIamRole                 = "aws:iam/role:Role"
	typeIamPolicy               = "aws:iam/policy:Policy"
	typeIamRolePolicy           = "aws:iam/rolePolicy:RolePolicy"
	typeIamRolePolicyAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	typeOrgPolicy               = "aws:organizations/policy:Policy"
	typeSageMakerDomain         = "aws:sagemaker/domain:Domain"
	typeUserProfile             = "aws:sagemaker/userProfile:UserProfile"
	typeBudget                  = "aws:budgets/budget:Budget"
)

// runStack runs program under the recording mock as stack in us-east-1.
func runStack(t *testing.T, stack string, program pulumi.RunFunc) (*recorder.Recording, error) {
	t.Helper()
	return recorder.Run(recorder.Options{Stack: stack, Config: map[string]string{"aws:region": "us-east-1"}}, program)
}

// runDev runs program under the recording mock as stack "dev" in us-east-1.
func runDev(t *testing.T, program pulumi.RunFunc) (*recorder.Recording, error) {
	t.Helper()
	return runStack(t, "dev", program)
}

// findOne returns the recorded resource of type typ named name, failing the test without one.
func findOne(t *testing.T, rec *recorder.Recording, typ, name string) recorder.Resource {
	t.Helper()
	r, ok := rec.Find(typ, name)
	if !ok {
		t.Fatalf("no %s named %q; recorded types: %v", typ, name, rec.Types())
	}
	return r
}

// inputString is the string input at a dotted path, "" when it is not a string.
func inputString(r recorder.Resource, path string) string {
	if v := r.Input(path); v.IsString() {
		return v.StringValue()
	}
	return ""
}

// outputString is the string output at a dotted path, "" when it is not a string.
func outputString(r recorder.Resource, path string) string {
	if v := recorder.Lookup(r.Outputs, path); v.IsString() {
		return v.StringValue()
	}
	return ""
}

// providerOptions are the two ways of giving a component an explicit provider.
var providerOptions = []struct {
	name string
	opt  func(p *aws.Provider) pulumi.ResourceOption
}{
	{"Provider", func(p *aws.Provider) pulumi.ResourceOption { return pulumi.Provider(p) }},
	{"Providers", func(p *aws.Provider) pulumi.ResourceOption { return pulumi.Providers(p) }},
}

// runWithExplicitProvider registers an aws provider "explicit" in region and runs build with it.
func runWithExplicitProvider(t *testing.T, region string, build func(ctx *pulumi.Context, p *aws.Provider) error) (*recorder.Recording, error) {
	t.Helper()
	return runDev(t, func(ctx *pulumi.Context) error {
		p, err := aws.NewProvider(ctx, "explicit", &aws.ProviderArgs{Region: pulumi.String(region)})
		if err != nil {
			return err
		}
		return build(ctx, p)
	})
}

// assertChildrenInherit checks that every recorded resource other than the component (compType,
// compName) and the provider "explicit" is a child of the component whose name starts with
// compName+"-" (or is compName), and that every custom one uses the explicit provider. It returns
// how many children there are.
func assertChildrenInherit(t *testing.T, rec *recorder.Recording, compType, compName string) int {
	t.Helper()
	comp := findOne(t, rec, compType, compName)
	prov := findOne(t, rec, typeAwsProvider, "explicit")
	children := 0
	for _, r := range rec.Resources {
		if r.URN == comp.URN || r.URN == prov.URN {
			continue
		}
		children++
		assert.Equal(t, comp.URN, r.Parent, "%s %s parent", r.Type, r.Name)
		assert.True(t, r.Name == compName || strings.HasPrefix(r.Name, compName+"-"), "%s %s named after the component", r.Type, r.Name)
		if r.Custom {
			assert.True(t, strings.HasPrefix(r.Provider, prov.URN+"::"), "%s %s provider %q", r.Type, r.Name, r.Provider)
		}
	}
	return children
}

// assertRejected checks that a run failed with an error containing every string in want and
// registered nothing (validation happens before the first registration).
func assertRejected(t *testing.T, rec *recorder.Recording, err error, want ...string) {
	t.Helper()
	if assert.Error(t, err) {
		for _, w := range want {
			assert.ErrorContains(t, err, w)
		}
	}
	if rec != nil {
		assert.Empty(t, rec.Resources, "nothing may be registered when the arguments are invalid")
	}
}
