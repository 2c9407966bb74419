package policies

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// mixedResources builds n resources shaped like a landing zone's (VPCs, subnets, route tables and
// routes, security groups, endpoints, domains, models, IAM roles, untaggable associations), with a
// provider carrying default tags and a sprinkle of violations and unknowns.
func mixedResources(n int) []Resource {
	provider := mp("region", s("us-east-1"), "defaultTags", obj("tags", goodTags))
	rs := make([]Resource, 0, n)
	for i := 0; len(rs) < n; i++ {
		vpcID := fmt.Sprintf("vpc-%d", i/16)
		var r Resource
		switch i % 14 {
		case 0:
			r = res(typeVpc, fmt.Sprintf("vpc-%d", i), "cidrBlock", s("10.1.0.0/16"), "enableDnsHostnames", b(true))
			r.ID = vpcID
		case 1:
			r = res(typeSubnet, fmt.Sprintf("subnet-%d", i), "vpcId", s(vpcID), "cidrBlock", s("10.1.0.0/24"), "mapPublicIpOnLaunch", b(i%97 == 1))
			r.ID = fmt.Sprintf("subnet-%d", i)
		case 2:
			r = res(typeRouteTable, fmt.Sprintf("rt-%d", i), "vpcId", s(vpcID), "routes", arr(obj("cidrBlock", s("10.0.0.0/8"), "transitGatewayId", s("tgw-1"))))
		case 3:
			r = res(typeRoute, fmt.Sprintf("route-%d", i), "routeTableId", unk, "destinationCidrBlock", s("10.0.0.0/16"), "transitGatewayId", s("tgw-1"))
		case 4:
			r = res(typeSecurityGroup, fmt.Sprintf("sg-%d", i), "vpcId", s(vpcID), "ingress", arr(obj("cidrBlocks", strs("10.0.0.0/16"), "fromPort", property.New(443.0))),
				"egress", arr(obj("prefixListIds", strs("pl-1"))))
		case 5:
			r = res(typeSGIngressRule, fmt.Sprintf("in-%d", i), "securityGroupId", unk, "cidrIpv4", s("10.0.0.0/24"), "fromPort", property.New(443.0))
		case 6:
			r = res(typeVpcEndpoint, fmt.Sprintf("ep-%d", i), "vpcId", s(vpcID), "vpcEndpointType", s("Interface"), "securityGroupIds", arr(unk),
				"serviceName", s("com.amazonaws.us-east-1.sagemaker.api"), "privateDnsEnabled", b(false))
		case 7:
			r = res(typeDomain, fmt.Sprintf("domain-%d", i), "vpcId", s(vpcID), "subnetIds", strs(fmt.Sprintf("subnet-%d", i-6)),
				"appNetworkAccessType", s("VpcOnly"), "defaultUserSettings", obj("securityGroups", strs("sg-1"), "executionRole", unk))
		case 8:
			r = res(typeModel, fmt.Sprintf("model-%d", i), "enableNetworkIsolation", b(true), "vpcConfig", obj("subnets", strs("subnet-1"), "securityGroupIds", strs("sg-1")))
		case 9:
			r = res("aws:iam/role:Role", fmt.Sprintf("role-%d", i), "assumeRolePolicy", secret(s(`{"Version":"2012-10-17"}`)))
		case 10:
			r = res("aws:ec2/routeTableAssociation:RouteTableAssociation", fmt.Sprintf("rta-%d", i), "subnetId", unk, "routeTableId", unk)
		case 11:
			r = res("vpconly:network:SpokeVpc", fmt.Sprintf("spoke-%d", i))
		case 12:
			r = res(typeCfnStack, fmt.Sprintf("cfn-%d", i), "templateBody", s(benchTemplate), "parameters", obj("VpcId", s(vpcID)))
		case 13:
			r = res(typePipeline, fmt.Sprintf("pipeline-%d", i), "pipelineName", s("p"), "pipelineDefinition", s(benchPipeline))
		}
		if r.Type != "vpconly:network:SpokeVpc" {
			r.ProviderProperties = provider
		}
		rs = append(rs, r)
	}
	return rs
}

// benchTemplate is a compliant CloudFormation template (YAML, short-form tags) of a few resources.
const benchTemplate = `Parameters:
  VpcId: {Type: AWS::EC2::VPC::Id}
Resources:
  Sub:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: !Ref VpcId, CidrBlock: 10.1.9.0/24, MapPublicIpOnLaunch: false}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      VpcId: !Ref VpcId
      GroupDescription: app
      SecurityGroupEgress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/8}]
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
      VpcConfig: {SubnetIds: [!Ref Sub], SecurityGroupIds: [!GetAtt Sg.GroupId]}
  Role: {Type: AWS::IAM::Role}
`

// benchPipeline is a compliant SageMaker pipeline definition of a processing and a training step.
const benchPipeline = `{"Version":"2020-12-01","Parameters":[{"Name":"Subnets","Type":"String"}],"Steps":[
{"Name":"Prep","Type":"Processing","Arguments":{"NetworkConfig":{"VpcConfig":{"Subnets":["subnet-1"],"SecurityGroupIds":["sg-1"]}}}},
{"Name":"Train","Type":"Training","Arguments":{"VpcConfig":{"Subnets":{"Get":"Parameters.Subnets"},"SecurityGroupIds":["sg-1"]}}}]}`

// BenchmarkEvaluate10k analyses 10,000 resources (CloudFormation templates and pipeline
// definitions among them) with every policy, the stack policies included.
func BenchmarkEvaluate10k(b *testing.B) {
	rs := mixedResources(10000)
	cfg := DefaultConfig()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = Evaluate(rs, cfg)
	}
}

// The benchmark's mix holds only the violations it plants (public subnets): the CloudFormation
// templates and pipelines in it are compliant and really parsed (a broken one would fire).
func TestBenchmarkMix(t *testing.T) {
	t.Parallel()
	rs := mixedResources(2800)
	vs := Evaluate(rs, DefaultConfig())
	if len(vs) == 0 || len(vs) > 100 {
		t.Fatalf("the mix should hold a few violations (public subnets), got %d", len(vs))
	}
	for _, v := range vs {
		if v.Policy != noPublicSubnet.Name {
			t.Fatalf("unexpected violation in the benchmark mix: %+v", v)
		}
	}
	views := 0
	for _, r := range expand(rs) {
		if r.isView() {
			views++
		}
	}
	if views < 3*200 {
		t.Fatalf("the templates' resources are viewed: got %d views", views)
	}
	broken := append([]Resource(nil), rs[:14]...)
	broken[12].Properties = broken[12].Properties.Set("templateBody", s(strings.Replace(benchTemplate, "MapPublicIpOnLaunch: false", "MapPublicIpOnLaunch: true", 1)))
	broken[13].Properties = broken[13].Properties.Set("pipelineDefinition", s(strings.Replace(benchPipeline, `"NetworkConfig"`, `"Other"`, 1)))
	got := fired(Evaluate(broken, DefaultConfig()))
	if strings.Join(got, ",") != "compute-in-vpc,no-public-subnet" {
		t.Fatalf("a broken template and pipeline in the mix fire: got %v", got)
	}
}

// The analysis must stay linear: 4x the resources may not cost much more than 4x the time. A
// wall-clock check is not deterministic on a shared machine, so the default `go test` does not
// run it: set POLICYPACK_TIMING=1 (see README, Tests). Not parallel on purpose: it times itself.
func TestEvaluateScalesLinearly(t *testing.T) {
	if os.Getenv("POLICYPACK_TIMING") == "" {
		t.Skip("wall-clock check; run with POLICYPACK_TIMING=1")
	}
	small, large := mixedResources(2500), mixedResources(10000)
	per := func(rs []Resource) float64 {
		r := testing.Benchmark(func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				_ = Evaluate(rs, DefaultConfig())
			}
		})
		return float64(r.NsPerOp()) / float64(len(rs))
	}
	if s, l := per(small), per(large); l > 3*s {
		t.Errorf("per-resource cost grew from %.0f ns to %.0f ns: not linear", s, l)
	}
}
