package policies

import (
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

func pv(x any) property.Value {
	switch x := x.(type) {
	case property.Value:
		return x
	case map[string]any:
		m := map[string]property.Value{}
		for k, e := range x {
			m[k] = pv(e)
		}
		return property.New(m)
	case []any:
		vs := make([]property.Value, len(x))
		for i, e := range x {
			vs[i] = pv(e)
		}
		return property.New(vs)
	}
	return fromPlain(x)
}

func res1(typ string, props map[string]any) Resource {
	m := map[string]property.Value{}
	for k, e := range props {
		m[k] = pv(e)
	}
	return rsc(typ, "r", m)
}

func cfn(body string) Resource {
	return res1(typeCfnStack, map[string]any{"templateBody": body})
}

var computed = property.New(property.Computed)

// classCases: each class of issue 21, a failing and a passing case, with the policy that decides.
// Shared with the protocol test through ClassCases.
func classCases() []struct {
	name, policy string
	r            Resource
	fail         bool
} {
	type c = struct {
		name, policy string
		r            Resource
		fail         bool
	}
	vpc := map[string]any{"subnetIds": []any{"subnet-1"}, "securityGroupIds": []any{"sg-1"}}
	return []c{
		// Defaults that mean public.
		{"redshift publiclyAccessible unset (pulumi-aws default true)", "no-internet-entry-point", res1(typeRedshiftCluster, map[string]any{"clusterSubnetGroupName": "g"}), true},
		{"redshift publiclyAccessible false", "no-internet-entry-point", res1(typeRedshiftCluster, map[string]any{"clusterSubnetGroupName": "g", "publiclyAccessible": false}), false},
		{"redshift publiclyAccessible unknown", "no-internet-entry-point", res1(typeRedshiftCluster, map[string]any{"clusterSubnetGroupName": "g", "publiclyAccessible": computed}), true},
		{"eks endpointPublicAccess unset", "no-internet-entry-point", res1(typeEksCluster, map[string]any{"vpcConfig": vpc}), true},
		{"eks endpointPublicAccess false", "no-internet-entry-point", res1(typeEksCluster, map[string]any{"vpcConfig": map[string]any{"subnetIds": []any{"s"}, "endpointPublicAccess": false}}), false},
		{"cfn dms PubliclyAccessible unset (CloudFormation default true)", "no-internet-entry-point", cfn(`{"Resources":{"D":{"Type":"AWS::DMS::ReplicationInstance","Properties":{"ReplicationSubnetGroupIdentifier":"g"}}}}`), true},
		{"pulumi-aws dms publiclyAccessible unset (default false)", "no-internet-entry-point", res1(typeDmsInstance, map[string]any{"replicationSubnetGroupId": "g"}), false},
		// Entry points.
		{"msk public access", "no-internet-entry-point", res1(typeMskCluster, map[string]any{"brokerNodeGroupInfo": map[string]any{"connectivityInfo": map[string]any{"publicAccess": map[string]any{"type": "SERVICE_PROVIDED_EIPS"}}}}), true},
		{"msk default", "no-internet-entry-point", res1(typeMskCluster, map[string]any{"brokerNodeGroupInfo": map[string]any{}}), false},
		{"neptune graph public", "no-internet-entry-point", res1(typeNeptuneGraph, map[string]any{"publicConnectivity": true}), true},
		{"aoss network policy public", "no-internet-entry-point", res1(typeAossSecurityPolicy, map[string]any{"type": "network", "policy": `[{"Rules":[],"AllowFromPublic":true}]`}), true},
		{"aoss network policy vpce", "no-internet-entry-point", res1(typeAossSecurityPolicy, map[string]any{"type": "network", "policy": `[{"Rules":[],"AllowFromPublic":false,"SourceVPCEs":["vpce-1"]}]`}), false},
		{"mwaa public webserver", "no-internet-entry-point", res1(typeMwaa, map[string]any{"webserverAccessMode": "PUBLIC_ONLY"}), true},
		{"mwaa default", "no-internet-entry-point", res1(typeMwaa, map[string]any{}), false},
		{"unreviewed container service", "reviewed-types", res1("aws:lightsail/containerService:ContainerService", nil), true},
		{"verified access", "reviewed-types", res1("aws:verifiedaccess/endpoint:Endpoint", nil), true},
		// Public addresses through other resources.
		{"launch configuration public ip", "no-public-ip", res1(typeLaunchConfiguration, map[string]any{"associatePublicIpAddress": true}), true},
		{"launch configuration private", "no-public-ip", res1(typeLaunchConfiguration, map[string]any{"associatePublicIpAddress": false}), false},
		{"batch job definition assignPublicIp", "no-public-ip", res1(typeBatchJobDefinition, map[string]any{"containerProperties": `{"networkConfiguration":{"assignPublicIp":"ENABLED"}}`}), true},
		{"batch job definition disabled", "no-public-ip", res1(typeBatchJobDefinition, map[string]any{"containerProperties": `{"networkConfiguration":{"assignPublicIp":"DISABLED"}}`}), false},
		{"eventbridge ecs target assignPublicIp", "no-public-ip", res1(typeEventTarget, map[string]any{"ecsTarget": map[string]any{"networkConfiguration": map[string]any{"assignPublicIp": true}}}), true},
		{"appstream fleet internet", "no-internet-entry-point", res1(typeAppStreamFleet, map[string]any{"enableDefaultInternetAccess": true}), true},
		{"appstream fleet default", "no-internet-entry-point", res1(typeAppStreamFleet, map[string]any{}), false},
		// Default-VPC placement.
		{"asg with only zones", "no-default-vpc", res1(typeASG, map[string]any{"availabilityZones": []any{"us-east-1a"}}), true},
		{"asg with subnets", "no-default-vpc", res1(typeASG, map[string]any{"vpcZoneIdentifiers": []any{"subnet-1"}}), false},
		{"instance with an empty subnet", "no-default-vpc", res1(typeInstance, map[string]any{"ami": "ami-1"}), true},
		// Compute outside the VPC.
		{"codebuild without vpc", "compute-in-vpc", res1(typeCodeBuild, map[string]any{}), true},
		{"codebuild in vpc", "compute-in-vpc", res1(typeCodeBuild, map[string]any{"vpcConfig": map[string]any{"vpcId": "v"}}), false},
		{"glue job without connections", "compute-in-vpc", res1(typeGlueJob, map[string]any{"connections": []any{}}), true},
		{"glue job with a connection", "compute-in-vpc", res1(typeGlueJob, map[string]any{"connections": []any{"vpc-conn"}}), false},
		// AWS-side egress.
		{"sns https subscription", "no-aws-egress", res1(typeSNSSubscription, map[string]any{"protocol": "https", "endpoint": "https://example.com"}), true},
		{"sns email subscription", "no-aws-egress", res1(typeSNSSubscription, map[string]any{"protocol": "email", "endpoint": "a@example.com"}), false},
		{"api destination", "reviewed-types", res1("aws:cloudwatch/eventApiDestination:EventApiDestination", nil), true},
		{"firehose http endpoint", "no-aws-egress", res1(typeFirehose, map[string]any{"destination": "http_endpoint"}), true},
		{"firehose s3", "no-aws-egress", res1(typeFirehose, map[string]any{"destination": "extended_s3"}), false},
		{"step functions http task", "no-aws-egress", res1(typeStateMachine, map[string]any{"definition": `{"States":{"A":{"Type":"Task","Resource":"arn:aws:states:::http:invoke"}}}`}), true},
		{"step functions lambda task", "no-aws-egress", res1(typeStateMachine, map[string]any{"definition": `{"States":{"A":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke"}}}`}), false},
		{"sftp connector", "reviewed-types", res1("aws:transfer/connector:Connector", nil), true},
		// Public data.
		{"bucket policy principal star", "no-public-data", res1(typeBucketPolicy, map[string]any{"policy": `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`}), true},
		{"bucket policy with vpce condition", "no-public-data", res1(typeBucketPolicy, map[string]any{"policy": `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}}]}`}), false},
		{"account block public access off", "no-public-data", res1(typeAccountBPA, map[string]any{"blockPublicAcls": true, "blockPublicPolicy": false, "ignorePublicAcls": true, "restrictPublicBuckets": true}), true},
		{"account block public access on", "no-public-data", res1(typeAccountBPA, map[string]any{"blockPublicAcls": true, "blockPublicPolicy": true, "ignorePublicAcls": true, "restrictPublicBuckets": true}), false},
		// aws-native without a mapping; aws-native through the reviewed translation.
		{"aws-native unmapped", "reviewed-types", res1("aws-native:amplify:Branch", nil), true},
		{"aws-native private through a module alias", "reviewed-types", res1("aws-native:amazonmq:Configuration", nil), false},
		{"aws-native redshift default", "no-internet-entry-point", res1("aws-native:redshift:Cluster", map[string]any{"clusterSubnetGroupName": "g"}), true},
		// CloudFormation values the evaluator now evaluates.
		{"cfn FindInMap", "no-open-security-group", cfn(`{"Mappings":{"M":{"prod":{"cidr":"0.0.0.0/0"}}},"Resources":{"S":{"Type":"AWS::EC2::SecurityGroupIngress","Properties":{"GroupId":"sg-1","IpProtocol":"tcp","FromPort":443,"ToPort":443,"CidrIp":{"Fn::FindInMap":["M","prod","cidr"]}}}}}`), true},
		{"cfn If on an evaluable condition", "no-open-security-group", cfn(`{"Parameters":{"Env":{"Type":"String","Default":"prod"}},"Conditions":{"IsProd":{"Fn::Equals":[{"Ref":"Env"},"prod"]}},"Resources":{"S":{"Type":"AWS::EC2::SecurityGroupIngress","Properties":{"GroupId":"sg-1","IpProtocol":"tcp","CidrIp":{"Fn::If":["IsProd","0.0.0.0/0","10.0.0.0/8"]}}}}}`), true},
		{"cfn If choosing the private branch", "no-open-security-group", cfn(`{"Parameters":{"Env":{"Type":"String","Default":"dev"}},"Conditions":{"IsProd":{"Fn::Equals":[{"Ref":"Env"},"prod"]}},"Resources":{"S":{"Type":"AWS::EC2::SecurityGroupIngress","Properties":{"GroupId":"sg-1","IpProtocol":"tcp","CidrIp":{"Fn::If":["IsProd","0.0.0.0/0","10.0.0.0/8"]}}}}}`), false},
		{"cfn Join of literals", "no-open-security-group", cfn(`{"Resources":{"S":{"Type":"AWS::EC2::SecurityGroupIngress","Properties":{"GroupId":"sg-1","IpProtocol":"tcp","CidrIp":{"Fn::Join":["",["0.0.0.0","/0"]]}}}}}`), true},
		{"cfn Sub with a variable map", "no-open-security-group", cfn(`{"Resources":{"S":{"Type":"AWS::EC2::SecurityGroupIngress","Properties":{"GroupId":"sg-1","IpProtocol":"tcp","CidrIp":{"Fn::Sub":["${A}/${B}",{"A":"0.0.0.0","B":"0"}]}}}}}`), true},
		{"cfn Select of Split", "no-open-security-group", cfn(`{"Resources":{"S":{"Type":"AWS::EC2::SecurityGroupIngress","Properties":{"GroupId":"sg-1","IpProtocol":"tcp","CidrIp":{"Fn::Select":[1,{"Fn::Split":[",","10.0.0.0/8,0.0.0.0/0"]}]}}}}}`), true},
		{"sam FunctionUrlConfig without auth", "no-internet-entry-point", cfn("Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      VpcConfig: {SubnetIds: [s], SecurityGroupIds: [g]}\n      FunctionUrlConfig: {AuthType: NONE}\n"), true},
		{"sam FunctionUrlConfig with IAM", "no-internet-entry-point", cfn("Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      VpcConfig: {SubnetIds: [s], SecurityGroupIds: [g]}\n      FunctionUrlConfig: {AuthType: AWS_IAM}\n"), false},
		{"sam HttpApi event", "no-internet-entry-point", cfn("Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      VpcConfig: {SubnetIds: [s], SecurityGroupIds: [g]}\n      Events:\n        Get: {Type: HttpApi}\n"), true},
		// False positives that are fixed.
		{"aurora member instance in cloudformation", "no-default-vpc", cfn(`{"Resources":{"I":{"Type":"AWS::RDS::DBInstance","Properties":{"DBClusterIdentifier":"c","Engine":"aurora-postgresql","PubliclyAccessible":false}}}}`), false},
		{"cloudformation dms with a subnet group", "no-default-vpc", cfn(`{"Resources":{"D":{"Type":"AWS::DMS::ReplicationInstance","Properties":{"ReplicationSubnetGroupIdentifier":"g","PubliclyAccessible":false}}}}`), false},
		{"cloudformation dms without a subnet group", "no-default-vpc", cfn(`{"Resources":{"D":{"Type":"AWS::DMS::ReplicationInstance","Properties":{"PubliclyAccessible":false}}}}`), true},
		{"resource behind a false Condition", "no-internet-gateway", cfn(`{"Parameters":{"Igw":{"Type":"String","Default":"no"}},"Conditions":{"WithIgw":{"Fn::Equals":[{"Ref":"Igw"},"yes"]}},"Resources":{"G":{"Type":"AWS::EC2::InternetGateway","Condition":"WithIgw"}}}`), false},
		{"resource behind a true Condition", "no-internet-gateway", cfn(`{"Parameters":{"Igw":{"Type":"String","Default":"yes"}},"Conditions":{"WithIgw":{"Fn::Equals":[{"Ref":"Igw"},"yes"]}},"Resources":{"G":{"Type":"AWS::EC2::InternetGateway","Condition":"WithIgw"}}}`), true},
		{"sam Globals VpcConfig", "compute-in-vpc", cfn("Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    VpcConfig: {SubnetIds: [s], SecurityGroupIds: [g]}\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: x}\n"), false},
		{"sam function without VpcConfig", "compute-in-vpc", cfn("Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties: {Handler: x}\n"), true},
		{"cdk disallow-all egress rule", "no-open-security-group", res1(typeSGEgressRule, map[string]any{"securityGroupId": "sg-1", "ipProtocol": "icmp", "fromPort": 252, "toPort": 86, "cidrIpv4": "255.255.255.255/32"}), false},
		{"egress to the vpc resolver", "no-open-security-group", res1(typeSGEgressRule, map[string]any{"securityGroupId": "sg-1", "ipProtocol": "udp", "fromPort": 53, "toPort": 53, "cidrIpv4": "169.254.169.253/32"}), false},
		{"egress to a public resolver", "no-open-security-group", res1(typeSGEgressRule, map[string]any{"securityGroupId": "sg-1", "ipProtocol": "udp", "fromPort": 53, "toPort": 53, "cidrIpv4": "8.8.8.8/32"}), true},
		// BPA bidirectional; a default route table is a route table.
		{"bpa block-ingress", "vpc-block-public-access", res1(typeBPAOptions, map[string]any{"internetGatewayBlockMode": "block-ingress"}), true},
		{"bpa block-bidirectional", "vpc-block-public-access", res1(typeBPAOptions, map[string]any{"internetGatewayBlockMode": "block-bidirectional"}), false},
		{"default route table with an internet route", "no-internet-route", res1(typeDefaultRouteTable, map[string]any{"defaultRouteTableId": "rtb-1", "routes": []any{map[string]any{"cidrBlock": "0.0.0.0/0", "gatewayId": "igw-1"}}}), true},
		{"default route table with a private route", "no-internet-route", res1(typeDefaultRouteTable, map[string]any{"defaultRouteTableId": "rtb-1", "routes": []any{map[string]any{"cidrBlock": "10.0.0.0/8", "transitGatewayId": "tgw-1"}}}), false},
	}
}

func TestIssue21Classes(t *testing.T) {
	t.Parallel()
	for _, tc := range classCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			vs := Evaluate([]Resource{tc.r}, DefaultConfig())
			got := policiesOf(vs)[tc.policy]
			if got != tc.fail {
				var msgs []string
				for _, v := range vs {
					msgs = append(msgs, v.Policy+": "+v.Message)
				}
				t.Errorf("%s reported %v, want %v; all: %s", tc.policy, got, tc.fail, strings.Join(msgs, "\n"))
			}
			if !tc.fail && policiesOf(vs)[reviewedTypes.Name] {
				t.Errorf("a passing case fails reviewed-types: %v", vs)
			}
		})
	}
}
