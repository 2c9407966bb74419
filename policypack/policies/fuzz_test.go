package policies

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// fuzzTypes are the types the fuzzer assigns: every type a policy looks at, plus an unrelated one.
var fuzzTypes = []string{
	typeNatGateway, typeInternetGateway, typeEgressOnlyIGW, typeIGWAttachment, typeAwsxVpc, typeVpc, typeDefaultVpc,
	typeSubnet, typeDefaultSubnet, typeRoute, typeRouteTable, typeDefaultRouteTable, typeTgwRoute, typeEip,
	typeEipAssociation, typeDomain, typeNotebookInstance, typeModel, typeVpcEndpoint, typeSecurityGroup,
	typeDefaultSecurityGroup, typeSecurityGroupRule, typeSGIngressRule, typeSGEgressRule, "vpconly:network:SpokeVpc",
	typeCarrierGateway, typeVpcIpv6Association, typeManagedPrefixList, typeManagedPrefixListEntry, typeTgwPrefixListReference,
	typeSecurityGroupAssoc, typeInstance, typeSpotFleetRequest, typeLaunchTemplate, typeNetworkInterface, typeEcsService,
	typeLB, typeELB, typeGlobalAccelerator, typeFunctionURL, typeLambda, typeRestAPI, typeAPIv2, typeInstanceConnectEndpoint,
	typeClientVpnRoute, typeClientVpnAuthorization, typeRdsInstance, typeTransferServer, typeAppRunner, typeAppSync,
	typeBPAOptions, typeBPAExclusion, typeResolverFirewallConfig, typeDataQualityJob, typeMonitoringScheduleNative, typePipeline,
	typeCfnStack, typeNativeCfnStack, typeCfnStackSet, typeNativeStackSet, typeCloudControl, "aws-native:ec2:SecurityGroup", "aws-native:ecs:Service",
	"aws-native:sagemaker:Pipeline", "aws-native:elasticloadbalancingv2:LoadBalancer",
}

// mangle turns decoded JSON into a property value, making values unknown or secret as the bits of
// seed dictate, so that every shape (unknown maps, secret arrays, numbers where strings belong...)
// reaches the policies.
func mangle(raw any, seed *uint64) property.Value {
	*seed = *seed*6364136223846793005 + 1442695040888963407
	r := *seed >> 59
	var v property.Value
	switch x := raw.(type) {
	case []any:
		vs := make([]property.Value, len(x))
		for i, e := range x {
			vs[i] = mangle(e, seed)
		}
		v = property.New(vs)
	case map[string]any:
		m := make(map[string]property.Value, len(x))
		for k, e := range x {
			m[k] = mangle(e, seed)
		}
		v = property.New(m)
	default:
		v = fromPlain(x)
	}
	switch r {
	case 0, 1:
		return property.New(property.Computed)
	case 2, 3, 4:
		return v.WithSecret(true)
	}
	return v
}

// FuzzEvaluate feeds arbitrary property maps, as every type, with and without provider default
// tags, to all policies: none may panic, and every violation must name a policy and a URN.
func FuzzEvaluate(f *testing.F) {
	seeds := []string{
		`{}`,
		`{"mapPublicIpOnLaunch": true, "tags": {"owner": "x"}}`,
		`{"destinationCidrBlock": "0.0.0.0/0", "routes": [{"cidrBlock": "::/0", "gatewayId": "igw-1"}, null, 3]}`,
		`{"appNetworkAccessType": "PublicInternetOnly", "defaultUserSettings": {"securityGroups": []}}`,
		`{"vpcConfig": {"subnets": [null, ""], "securityGroupIds": "sg"}, "tags": {"data-sensitivity": "regulated"}}`,
		`{"ingress": [{"cidrBlocks": ["0.0.0.0/0", 1, {"a": 1}]}], "egress": "x", "cidrIpv4": "10.0.0.1/33"}`,
		`{"natGateways": {"strategy": 5}, "subnetSpecs": [{"type": "Public"}, []]}`,
		`{"vpcEndpointType": "Interface", "securityGroupIds": null, "tags": []}`,
		`{"vpcId": ["vpc-1"], "subnetIds": "subnet-1", "retentionPolicy": {"homeEfsFileSystem": "Delete"}}`,
		`[1, 2]`,
		`"just a string"`,
	}
	for i, s := range seeds {
		f.Add([]byte(s), uint8(i), uint64(i)*977, []byte(`{"defaultTags": "{\"tags\": {\"owner\": \"o\"}}"}`))
	}
	f.Fuzz(func(t *testing.T, data []byte, typ uint8, seed uint64, provider []byte) {
		var raw, praw any
		_ = json.Unmarshal(data, &raw)
		_ = json.Unmarshal(provider, &praw)
		props := mangle(raw, &seed)
		pprops := mangle(praw, &seed)
		var pm, ppm property.Map
		if props.IsMap() {
			pm = props.AsMap()
		} else {
			pm = property.NewMap(map[string]property.Value{"value": props, "tags": props, "vpcId": props})
		}
		if pprops.IsMap() {
			ppm = pprops.AsMap()
		}
		var rs []Resource
		for i := 0; i < 3; i++ {
			tt := fuzzTypes[(int(typ)+i*7)%len(fuzzTypes)]
			rs = append(rs, Resource{URN: fmt.Sprintf("urn:%d", i), Type: tt, Name: fmt.Sprintf("r%d", i), Properties: pm,
				ProviderProperties: ppm, Parent: "urn:0", Dependencies: []string{"urn:0", "urn:1"},
				PropertyDependencies: map[string][]string{"vpcId": {"urn:2"}}})
		}
		rs = append(rs, Resource{URN: "urn:d", Type: typeDomain, Name: "d", Properties: pm, Dependencies: []string{"urn:0", "urn:1", "urn:2"}})
		if m, ok := raw.(map[string]any); ok {
			_, _ = ParseConfig(m) // may reject, must not panic
		}
		for _, cfg := range []Config{DefaultConfig(), {}} {
			for _, v := range Evaluate(rs, cfg) {
				if v.Policy == "" || v.URN == "" || v.Message == "" || v.Enforcement == "" {
					t.Fatalf("incomplete violation %+v", v)
				}
			}
		}
	})
}

// FuzzParsers feeds arbitrary text to the parsers of embedded documents, as a CloudFormation
// templateBody (JSON or YAML), a Cloud Control desiredState of every judged type, and a SageMaker
// pipelineDefinition: none may panic (they return no error: what they cannot parse they cannot
// judge), and every violation is complete.
func FuzzParsers(f *testing.F) {
	for _, seed := range []string{
		cfnJSON, cfnYAML, `{"Steps":[{"Name":"T","Type":"Training","Arguments":{"VpcConfig":{"Get":"Parameters.V"}}}]}`,
		`{"Steps":[{"Type":"Condition","Arguments":{"IfSteps":[{"Type":"Processing"}],"ElseSteps":{"x":1}}}]}`,
		"Resources:\n  A: !Ref\n  B: {Type: !GetAtt , Properties: !Sub [1, 2]}\n", "a: &x [*x, *x]\nb: *x\n",
		`{"Resources":{"R":{"Type":"AWS::EC2::Route","Properties":{"DestinationCidrBlock":{"Ref":"R"},"GatewayId":{"Fn::GetAtt":7}}}}}`,
		`{"MapPublicIpOnLaunch":"TRUE","SecurityGroupIngress":[null,{"CidrIp":["0.0.0.0/0"]}],"Scheme":{"a":1}}`,
		"", "null", "[]", "\t- !", "%YAML 1.2\n---\n!!binary x",
	} {
		f.Add(seed, uint8(len(seed)))
	}
	var types []string
	for k := range nativeTypes {
		types = append(types, k)
	}
	sort.Strings(types)
	f.Fuzz(func(t *testing.T, doc string, pick uint8) {
		_ = parseDocument(doc)
		_ = pipelineProblems(property.New(doc), pick%2 == 0)
		typeName := "AWS::" + strings.ReplaceAll(types[int(pick)%len(types)], ":", "::")
		rs := []Resource{
			{URN: "urn:cfn", Type: typeCfnStack, Name: "cfn", Properties: property.NewMap(map[string]property.Value{
				"templateBody": property.New(doc), "parameters": property.New(map[string]property.Value{"Open": property.New(doc)})})},
			{URN: "urn:cc", Type: typeCloudControl, Name: "cc", Properties: property.NewMap(map[string]property.Value{
				"typeName": property.New(typeName), "desiredState": property.New(doc)})},
			{URN: "urn:pipe", Type: typePipeline, Name: "pipe", Properties: property.NewMap(map[string]property.Value{
				"pipelineDefinition": property.New(doc).WithSecret(pick%3 == 0)})},
		}
		for _, v := range Evaluate(rs, DefaultConfig()) {
			if v.Policy == "" || v.URN == "" || v.Message == "" || v.Enforcement == "" {
				t.Fatalf("incomplete violation %+v", v)
			}
		}
	})
}
