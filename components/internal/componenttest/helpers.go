package componenttest

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// Resource type tokens the tests look for.
const (
	TypeAwsProvider             = "pulumi:providers:aws"
	TypeVpc                     = "aws:ec2/vpc:Vpc"
	TypeSubnet                  = "aws:ec2/subnet:Subnet"
	TypeRouteTable              = "aws:ec2/routeTable:RouteTable"
	TypeRouteTableAssociation   = "aws:ec2/routeTableAssociation:RouteTableAssociation"
	TypeRoute                   = "aws:ec2/route:Route"
	TypeSecurityGroup           = "aws:ec2/securityGroup:SecurityGroup"
	TypeIngressRule             = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
	TypeEgressRule              = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"
	TypeSecurityGroupRule       = "aws:ec2/securityGroupRule:SecurityGroupRule"
	TypeVpcEndpoint             = "aws:ec2/vpcEndpoint:VpcEndpoint"
	TypeZone                    = "aws:route53/zone:Zone"
	TypeRecord                  = "aws:route53/record:Record"
	TypeZoneAssociation         = "aws:route53/zoneAssociation:ZoneAssociation"
	TypeTransitGateway          = "aws:ec2transitgateway/transitGateway:TransitGateway"
	TypeTgwRouteTable           = "aws:ec2transitgateway/routeTable:RouteTable"
	TypeTgwAttachment           = "aws:ec2transitgateway/vpcAttachment:VpcAttachment"
	TypeTgwAssociation          = "aws:ec2transitgateway/routeTableAssociation:RouteTableAssociation"
	TypeTgwPropagation          = "aws:ec2transitgateway/routeTablePropagation:RouteTablePropagation"
	TypeKmsKey                  = "aws:kms/key:Key"
	TypeLogGroup                = "aws:cloudwatch/logGroup:LogGroup"
	TypeFlowLog                 = "aws:ec2/flowLog:FlowLog"
	TypeIamRole                 = "aws:iam/role:Role"
	TypeIamPolicy               = "aws:iam/policy:Policy"
	TypeIamRolePolicy           = "aws:iam/rolePolicy:RolePolicy"
	TypeIamRolePolicyAttachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	TypeOrgPolicy               = "aws:organizations/policy:Policy"
	TypeOrgAttachment           = "aws:organizations/policyAttachment:PolicyAttachment"
	TypeSageMakerDomain         = "aws:sagemaker/domain:Domain"
	TypeUserProfile             = "aws:sagemaker/userProfile:UserProfile"
	TypeBudget                  = "aws:budgets/budget:Budget"
)

// runStack runs program under the recording mock as stack in us-east-1.
func RunStack(t *testing.T, stack string, program pulumi.RunFunc) (*recorder.Recording, error) {
	t.Helper()
	return recorder.Run(recorder.Options{Stack: stack, Config: map[string]string{"aws:region": "us-east-1"}}, program)
}

// runDev runs program under the recording mock as stack "dev" in us-east-1.
func RunDev(t *testing.T, program pulumi.RunFunc) (*recorder.Recording, error) {
	t.Helper()
	return RunStack(t, "dev", program)
}

// findOne returns the recorded resource of type typ named name, failing the test without one.
func FindOne(t *testing.T, rec *recorder.Recording, typ, name string) recorder.Resource {
	t.Helper()
	r, ok := rec.Find(typ, name)
	if !ok {
		t.Fatalf("no %s named %q; recorded types: %v", typ, name, rec.Types())
	}
	return r
}

// inputString is the string input at a dotted path, "" when it is not a string.
func InputString(r recorder.Resource, path string) string {
	if v := r.Input(path); v.IsString() {
		return v.StringValue()
	}
	return ""
}

// outputString is the string output at a dotted path, "" when it is not a string.
func OutputString(r recorder.Resource, path string) string {
	if v := recorder.Lookup(r.Outputs, path); v.IsString() {
		return v.StringValue()
	}
	return ""
}

// providerOptions are the two ways of giving a component an explicit provider.
var ProviderOptions = []struct {
	Name string
	Opt  func(p *aws.Provider) pulumi.ResourceOption
}{
	{"Provider", func(p *aws.Provider) pulumi.ResourceOption { return pulumi.Provider(p) }},
	{"Providers", func(p *aws.Provider) pulumi.ResourceOption { return pulumi.Providers(p) }},
}

// runWithExplicitProvider registers an aws provider "explicit" in region and runs build with it.
func RunWithExplicitProvider(t *testing.T, region string, build func(ctx *pulumi.Context, p *aws.Provider) error) (*recorder.Recording, error) {
	t.Helper()
	return RunDev(t, func(ctx *pulumi.Context) error {
		p, err := aws.NewProvider(ctx, "explicit", &aws.ProviderArgs{Region: pulumi.String(region)})
		if err != nil {
			return err
		}
		return build(ctx, p)
	})
}

// assertChildrenInherit checks that every recorded resource other than the component (compType,
// compName) and the provider "explicit" is a child of the component whose name starts with
// compName+"-" (or is compName), that every custom one uses the explicit provider, and that
// there are exactly want children.
func AssertChildrenInherit(t *testing.T, rec *recorder.Recording, compType, compName string, want int) {
	t.Helper()
	comp := FindOne(t, rec, compType, compName)
	prov := FindOne(t, rec, TypeAwsProvider, "explicit")
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
	assert.Equal(t, want, children, "children of %s %s", compType, compName)
}

// assertRejected checks that a run failed with an error containing every string in want and
// registered nothing (validation happens before the first registration).
func AssertRejected(t *testing.T, rec *recorder.Recording, err error, want ...string) {
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

// netForbidden are the resource types that would give a VPC a path to or from the internet.
var NetForbidden = []string{
	"aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip",
	"aws:ec2/egressOnlyInternetGateway:EgressOnlyInternetGateway", "aws:ec2/internetGatewayAttachment:InternetGatewayAttachment",
	"aws:ec2/vpnGateway:VpnGateway", "awsx:ec2:Vpc",
}

var NetAZs = []string{"us-east-1a", "us-east-1b", "us-east-1c"}

// inputBool returns the bool at path and whether it is set at all.
func InputBool(r recorder.Resource, path string) (bool, bool) {
	if v := r.Input(path); v.IsBool() {
		return v.BoolValue(), true
	}
	return false, false
}

// inputNumber is the number input at path, -1 when it is not a number.
func InputNumber(r recorder.Resource, path string) float64 {
	if v := r.Input(path); v.IsNumber() {
		return v.NumberValue()
	}
	return -1
}

// countTypes counts the recorded resources by type.
func CountTypes(rec *recorder.Recording) map[string]int {
	out := map[string]int{}
	for _, r := range rec.Resources {
		out[r.Type]++
	}
	return out
}

// netIDsInAZOrder returns the IDs of the resources named prefix+az, in azs order (registration
// order is not deterministic).
func NetIDsInAZOrder(t *testing.T, rec *recorder.Recording, typ, prefix string, azs []string) []string {
	t.Helper()
	var out []string
	for _, az := range azs {
		out = append(out, FindOne(t, rec, typ, prefix+az).ID)
	}
	return out
}

// netDoc parses a policy document.
type NetDoc struct {
	Version   string
	Statement []netStmt
}

type netStmt struct {
	Sid         string
	Effect      string
	Principal   any
	Action      any
	NotAction   any
	Resource    any
	NotResource any
	Condition   map[string]map[string]any
}

func NetParse(t *testing.T, s string) NetDoc {
	t.Helper()
	var d NetDoc
	if !assert.NoError(t, json.Unmarshal([]byte(s), &d), "policy %s", s) {
		return d
	}
	assert.Equal(t, "2012-10-17", d.Version)
	return d
}

func NetList(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// iamAllows evaluates the document with internal/iamsim, the project's one IAM evaluator, and
// reports whether the request (action on resource, with single-valued context keys) is allowed:
// an Allow statement matches and no Deny does. iamsim evaluates identity statements, so the
// Principal element is dropped: narrow a resource or trust policy to one principal first
// (netOnlyPrincipal). An operator iamsim does not model fails the test rather than guessing.
func IamAllows(t *testing.T, d NetDoc, action, resource string, context map[string]string) bool {
	t.Helper()
	stmts := make([]map[string]any, 0, len(d.Statement))
	for _, s := range d.Statement {
		m := map[string]any{"Sid": s.Sid, "Effect": s.Effect}
		for k, v := range map[string]any{"Action": s.Action, "NotAction": s.NotAction, "Resource": s.Resource,
			"NotResource": s.NotResource} {
			if v != nil {
				m[k] = v
			}
		}
		if len(s.Condition) > 0 {
			m["Condition"] = s.Condition
		}
		stmts = append(stmts, m)
	}
	b, err := json.Marshal(map[string]any{"Version": d.Version, "Statement": stmts})
	require.NoError(t, err)
	p, err := iamsim.Parse(b)
	require.NoError(t, err)
	keys := map[string][]string{}
	for k, v := range context {
		keys[k] = []string{v}
	}
	res, err := p.Evaluate(iamsim.Request{Action: action, Resource: resource, Keys: keys})
	require.NoError(t, err)
	return res.Decision == iamsim.Allow
}

// workloadAndNetworkProviders registers the two providers of the cross-account tests: "workload"
// (a spoke's account) and "network" (the hub's), both in us-east-1.
func WorkloadAndNetworkProviders(ctx *pulumi.Context) (workload, network *aws.Provider, err error) {
	if workload, err = aws.NewProvider(ctx, "workload", &aws.ProviderArgs{Region: pulumi.String("us-east-1")}); err != nil {
		return nil, nil, err
	}
	network, err = aws.NewProvider(ctx, "network", &aws.ProviderArgs{Region: pulumi.String("us-east-1")})
	return workload, network, err
}

// Run runs an example's program under the recording mock in us-east-1, as pulumi.Run would under
// an engine, printing the error if the program fails.
func Run(program pulumi.RunFunc) *recorder.Recording {
	rec, err := recorder.Run(recorder.Options{Stack: "example", Config: map[string]string{"aws:region": "us-east-1"}}, program)
	if err != nil {
		fmt.Println("error:", err)
	}
	return rec
}

// PrintCounts prints how many resources of each type token were registered, for the given types.
func PrintCounts(rec *recorder.Recording, types ...string) {
	for _, t := range types {
		fmt.Printf("%s: %d\n", t, len(rec.ByType(t)))
	}
}
