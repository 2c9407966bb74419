package policies

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// fuzzTypes are the types the fuzzer assigns: every type a policy looks at, plus an unrelated one.
var fuzzTypes = []string{
	typeNatGateway, typeInternetGateway, typeEgressOnlyIGW, typeIGWAttachment, typeAwsxVpc, typeVpc, typeDefaultVpc,
	typeSubnet, typeDefaultSubnet, typeRoute, typeRouteTable, typeDefaultRouteTable, typeTgwRoute, typeEip,
	typeEipAssociation, typeDomain, typeNotebookInstance, typeModel, typeVpcEndpoint, typeSecurityGroup,
	typeDefaultSecurityGroup, typeSecurityGroupRule, typeSGIngressRule, typeSGEgressRule, "vpconly:network:SpokeVpc",
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
