package policies

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
)

const cfnJSON = `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": {"Open": {"Type": "String", "Default": "0.0.0.0/0"}},
  "Resources": {
    "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.9.0.0/16"}},
    "Igw": {"Type": "AWS::EC2::InternetGateway"},
    "Attach": {"Type": "AWS::EC2::VPCGatewayAttachment", "Properties": {"VpcId": {"Ref": "Vpc"}, "InternetGatewayId": {"Ref": "Igw"}}},
    "Public": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.9.0.0/24", "MapPublicIpOnLaunch": true}},
    "Default": {"Type": "AWS::EC2::Route", "Properties": {"RouteTableId": "rtb-1", "DestinationCidrBlock": {"Ref": "Open"}, "GatewayId": {"Ref": "Igw"}}},
    "Web": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"VpcId": {"Ref": "Vpc"}, "GroupDescription": "web",
      "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}]}},
    "Studio": {"Type": "AWS::SageMaker::Domain", "Properties": {"AppNetworkAccessType": "VpcOnly", "VpcId": {"Ref": "Vpc"},
      "SubnetIds": [{"Ref": "Public"}], "DefaultUserSettings": {"SecurityGroups": [{"Fn::GetAtt": ["Web", "GroupId"]}]}}},
    "Ignored": {"Type": "AWS::SNS::Topic"}
  }
}`

const cfnYAML = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Subnets: {Type: CommaDelimitedList}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
      Code: {ZipFile: !Sub "exports.handler = async () => 1"}
  Url:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !Ref Fn
      AuthType: NONE
  InVpc:
    Type: AWS::Lambda::Function
    Properties:
      VpcConfig:
        SubnetIds: !Ref Subnets
        SecurityGroupIds: [!ImportValue lz-sg]
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: !If [Internal, internal, internet-facing]
  Nlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: {Scheme: internal, Type: network}
  Pipe:
    Type: AWS::SageMaker::Pipeline
    Properties:
      PipelineDefinition:
        PipelineDefinitionBody: '{"Steps":[{"Name":"Train","Type":"Training","Arguments":{}}]}'
  Role:
    Type: AWS::IAM::Role
`

// Class 5: other providers and pass-throughs are judged by the same rules.
func TestPassThroughs(t *testing.T) {
	t.Parallel()
	stack := func(body property.Value) Resource {
		return tagged(res(typeCfnStack, "net", "templateBody", body))
	}
	cc := func(typeName, state string) Resource {
		return res(typeCloudControl, "cc", "typeName", s(typeName), "desiredState", s(state))
	}
	native := func(typ string, kv ...any) Resource { return tagged(res(typ, "native", kv...)) }
	runCases(t, []policyCase{
		{name: "cloudformation json template", rs: one(stack(s(cfnJSON))),
			want: []string{"no-internet-gateway", "no-internet-route", "no-open-security-group", "no-public-subnet", "sagemaker-domain-private-vpc"},
			contains: []string{
				`aws:cloudformation/stack:Stack "net" (templateBody Resources.Igw, AWS::EC2::InternetGateway): internet gateways`,
				`(templateBody Resources.Public, AWS::EC2::Subnet): mapPublicIpOnLaunch is true`,
				`(templateBody Resources.Default, AWS::EC2::Route): destinationCidrBlock is "0.0.0.0/0"`,
				`(templateBody Resources.Web, AWS::EC2::SecurityGroup): ingress[0].cidrBlocks[0] is "0.0.0.0/0"`,
				`(templateBody Resources.Studio, AWS::SageMaker::Domain): vpcId and subnetIds belong to VPC`,
			}},
		{name: "stack set template", rs: one(tagged(res(typeCfnStackSet, "set", "templateBody", s(`{"Resources":{"Nat":{"Type":"AWS::EC2::NatGateway","Properties":{"SubnetId":"subnet-1"}}}}`)))),
			want: []string{"no-nat-gateway"}, contains: []string{`aws:cloudformation/stackSet:StackSet "set" (templateBody Resources.Nat, AWS::EC2::NatGateway)`}},
		{name: "aws-native stack set parameters", rs: one(tagged(res(typeNativeStackSet, "set", "parameters", arr(obj("parameterKey", s("Dest"), "parameterValue", s("0.0.0.0/0"))),
			"templateBody", s(`{"Resources":{"R":{"Type":"AWS::EC2::Route","Properties":{"DestinationCidrBlock":{"Ref":"Dest"},"TransitGatewayId":"tgw-1"}}}}`)))),
			want: []string{"no-internet-route"}},
		{name: "parameter value overrides the default", rs: one(tagged(res(typeCfnStack, "net", "templateBody", s(`{"Parameters":{"Dest":{"Default":"0.0.0.0/0"}},
			"Resources":{"R":{"Type":"AWS::EC2::Route","Properties":{"DestinationCidrBlock":{"Ref":"Dest"},"TransitGatewayId":"tgw-1"}}}}`),
			"parameters", obj("Dest", s("10.0.0.0/8"))))), want: nil},
		{name: "cloudformation yaml template with short-form tags", rs: one(stack(s(cfnYAML))),
			want: []string{"compute-in-vpc", "no-internet-entry-point"},
			contains: []string{"Resources.Fn, AWS::Lambda::Function): vpcConfig is unset", `Resources.Url, AWS::Lambda::Url): authorizationType is "NONE"`, `step "Train" (Training)`,
				// Condition Internal is not defined: the scheme cannot be evaluated.
				"Resources.Alb, AWS::ElasticLoadBalancingV2::LoadBalancer): cannot prove private: internal is unknown"},
			absent: []string{"Resources.InVpc", "Resources.Nlb"}},
		{name: "secret template body", rs: one(stack(secret(s(`{"Resources":{"S":{"Type":"AWS::EC2::Subnet","Properties":{"MapPublicIpOnLaunch":"true"}}}}`)))),
			want: []string{"no-public-subnet"}, contains: []string{"mapPublicIpOnLaunch is [secret]"}},
		{name: "unknown or invalid template", rs: []Resource{stack(unk), tagged(res(typeCfnStack, "other", "templateBody", s("{[: not a template"))),
			tagged(res(typeCfnStack, "url", "templateUrl", s("https://example.com/t.json")))}, want: []string{"reviewed-types"},
			contains: []string{"cannot prove private: templateBody is unknown", "cannot prove private: the template is not in the program", "cannot prove private: templateBody is not a JSON or YAML document"}},
		{name: "compliant template", rs: one(stack(s(`Resources:
  Sub: {Type: "AWS::EC2::Subnet", Properties: {VpcId: !Ref AWS::NoValue, MapPublicIpOnLaunch: false}}
  Ep: {Type: "AWS::EC2::VPCEndpoint", Properties: {VpcEndpointType: Interface, SecurityGroupIds: [!Ref Sg]}}
  Sg: {Type: "AWS::EC2::SecurityGroup", Properties: {VpcId: vpc-1, SecurityGroupEgress: [{CidrIp: 10.0.0.0/8}]}}`))), want: nil},
		{name: "cloud control public subnet", rs: one(cc("AWS::EC2::Subnet", `{"VpcId":"vpc-1","CidrBlock":"10.0.1.0/24","MapPublicIpOnLaunch":true}`)),
			want: []string{"no-public-subnet"}, contains: []string{`aws:cloudcontrol/resource:Resource "cc" (desiredState, AWS::EC2::Subnet)`}},
		{name: "cloud control block public access off", rs: one(cc("AWS::EC2::VPCBlockPublicAccessOptions", `{"InternetGatewayBlockMode":"off"}`)),
			want: []string{"vpc-block-public-access"}},
		{name: "cloud control private subnet, unknown state", rs: []Resource{cc("AWS::EC2::Subnet", `{"VpcId":"vpc-1","MapPublicIpOnLaunch":false}`),
			res(typeCloudControl, "u", "typeName", s("AWS::EC2::InternetGateway"), "desiredState", unk)}, want: []string{"reviewed-types"},
			contains: []string{"cannot prove private: desiredState is [unknown]"}},
		{name: "aws-native internet gateway", rs: one(native("aws-native:ec2:InternetGateway")), want: []string{"no-internet-gateway"},
			contains: []string{`aws-native:ec2:InternetGateway "native": internet gateways`}},
		{name: "aws-native internet-facing load balancer", rs: one(native("aws-native:elasticloadbalancingv2:LoadBalancer", "scheme", s("Internet-Facing"))),
			want: []string{"no-internet-entry-point"}},
		{name: "aws-native internal load balancer", rs: one(native("aws-native:elasticloadbalancingv2:LoadBalancer", "scheme", s("internal"))), want: nil},
		{name: "aws-native public domain", rs: one(native("aws-native:sagemaker:Domain", "appNetworkAccessType", s("PublicInternetOnly"),
			"defaultUserSettings", obj("securityGroups", strs("sg-1")))), want: []string{"sagemaker-domain-vpc-only"}},
		{name: "aws-native vpc-only domain, case variant", rs: one(native("aws-native:sagemaker:Domain", "appNetworkAccessType", s("vpconly"),
			"defaultUserSettings", obj("securityGroups", strs("sg-1")))), want: nil},
		{name: "aws-native security group ingress rule", rs: one(native("aws-native:ec2:SecurityGroupIngress", "groupId", s("sg-1"), "cidrIp", s("0.0.0.0/0"))),
			want: []string{"no-open-security-group"}, contains: []string{`cidrIpv4 is "0.0.0.0/0"`}},
		{name: "aws-native model bias job without network", rs: one(native("aws-native:sagemaker:ModelBiasJobDefinition", "roleArn", s("arn"))),
			want: []string{"compute-in-vpc"}},
		{name: "aws-native monitoring schedule with inline job in vpc", rs: one(native("aws-native:sagemaker:MonitoringSchedule",
			"monitoringScheduleConfig", obj("monitoringJobDefinition", obj("networkConfig", obj("vpcConfig", obj("subnets", strs("s"), "securityGroupIds", strs("sg"))))))), want: nil},
		{name: "aws-native ecs service public, launch template public", rs: []Resource{
			native("aws-native:ecs:Service", "networkConfiguration", obj("awsvpcConfiguration", obj("assignPublicIp", s("ENABLED")))),
			native("aws-native:ec2:LaunchTemplate", "launchTemplateData", obj("networkInterfaces", arr(obj("associatePublicIpAddress", b(true)))))},
			want: []string{"no-public-ip"}},
		{name: "aws-native vpn gateway attachment is not an igw", rs: one(native("aws-native:ec2:VpcGatewayAttachment", "vpcId", s("vpc-1"), "vpnGatewayId", s("vgw-1"))), want: nil},
		{name: "aws-native tags as key/value list count", rs: one(res("aws-native:ec2:Vpc", "v", "cidrBlock", s("10.0.0.0/16"),
			"tags", arr(obj("key", s("owner"), "value", s("o")), obj("key", s("cost-center"), "value", s("c")), obj("key", s("data-sensitivity"), "value", s("internal"))))),
			want: nil},
	})
}

func TestLowerCamel(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"SubnetId": "subnetId", "VPCOptions": "vpcOptions", "DBSubnetGroupName": "dbSubnetGroupName",
		"CidrIp": "cidrIp", "VPC": "vpc", "subnetId": "subnetId", "": "", "A": "a", "IPv6": "iPv6"} {
		assert.Equal(t, want, lowerCamel(in), in)
	}
}

func TestParseDocumentShortTags(t *testing.T) {
	t.Parallel()
	v := parseDocument("A: !Ref X\nB: !GetAtt Y.Arn\nC: !Sub 'a-${AWS::Region}'\nD: !Join ['', [a, b]]\nE: 3\nF: yes\nG: ~\n")
	assert.Equal(t, "X", at(v, "A", "Ref").AsString())
	list, ok := elems(at(v, "B", "Fn::GetAtt"))
	if assert.True(t, ok) && assert.Len(t, list, 2) {
		assert.Equal(t, "Arn", list[1].AsString())
	}
	assert.True(t, at(v, "C", "Fn::Sub").IsString())
	assert.True(t, at(v, "D", "Fn::Join").IsArray())
	assert.Equal(t, 3.0, at(v, "E").AsNumber())
	assert.True(t, at(v, "G").IsNull())
	assert.True(t, parseDocument("[unclosed").IsNull())
	assert.True(t, parseDocument("a: &x [*x]").IsMap() || parseDocument("a: &x [*x]").IsNull(), "a recursive alias neither panics nor loops")
}
