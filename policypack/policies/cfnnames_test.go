package policies

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// setPath sets a dot-separated path in a plain JSON object; jsonValue "" leaves it absent.
func setPath(m map[string]any, path, jsonValue string) {
	if jsonValue == "" {
		return
	}
	keys := strings.Split(path, ".")
	for _, k := range keys[:len(keys)-1] {
		next, ok := m[k].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[k] = next
		}
		m = next
	}
	var v any
	if err := json.Unmarshal([]byte(jsonValue), &v); err != nil {
		panic(err)
	}
	m[keys[len(keys)-1]] = v
}

// rowOf finds a row of the generated table.
func rowOf(cfnType, pulumi string) (cfnProp, bool) {
	for _, p := range cfnProps {
		if p.cfnType == cfnType && p.pulumi == pulumi {
			return p, true
		}
	}
	return cfnProp{}, false
}

// subjectRE matches the subject a message starts with (type, name, where in a template).
var subjectRE = regexp.MustCompile(`^\S+ "[^"]*"( \([^)]*\))?: `)

// verdict is what the policies say about the resources, without the subjects (which name the
// provider) and without required-tags (each provider spells tags its own way), as a set (a
// type pulumi-aws lacks is judged as itself and as its view, with the same messages).
func verdict(rs ...Resource) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range Evaluate(rs, DefaultConfig()) {
		m := v.Policy + ": " + subjectRE.ReplaceAllString(v.Message, "")
		if v.Policy == "required-tags" || seen[m] {
			continue
		}
		seen[m] = true
		out = append(out, m)
	}
	sort.Strings(out)
	return out
}

// One translation: for every judged property of the generated table, a pulumi-aws resource, a
// CloudFormation template and an aws-native resource with the same settings get the same verdict,
// with the opening value (which fails) and with the closing value (which fails less).
func TestCfnNamesJudgeAlike(t *testing.T) {
	t.Parallel()
	judgedRows := 0
	for _, p := range cfnProps {
		if p.nameOnly {
			continue
		}
		judgedRows++
		p := p
		t.Run(p.cfnType+" "+p.cfn, func(t *testing.T) {
			t.Parallel()
			nt, ok := nativeTypes[cfnKey(p.cfnType)]
			require.True(t, ok, "%s is in the generated table but not in nativeTypes", p.cfnType)
			build := func(value string) (pulumiRes, template, native Resource) {
				pul, cf, nat := map[string]any{}, map[string]any{}, map[string]any{}
				set := func(r cfnProp, v string) {
					setPath(pul, r.pulumi, v)
					setPath(cf, r.cfn, v)
					setPath(nat, r.native, v)
				}
				set(p, value)
				for _, w := range p.with {
					r, ok := rowOf(p.cfnType, w[0])
					require.True(t, ok, "with %s", w[0])
					set(r, w[1])
				}
				body, err := json.Marshal(map[string]any{"Resources": map[string]any{"X": map[string]any{"Type": p.cfnType, "Properties": cf}}})
				require.NoError(t, err)
				parts := strings.Split(p.cfnType, "::")
				nativeToken := nativePrefix + strings.ToLower(parts[1]) + ":" + parts[2]
				return rsc(nt.token, "x", fromPlain(pul).AsMap().AsMap()),
					tagged(res1(typeCfnStack, map[string]any{"templateBody": string(body)})),
					rsc(nativeToken, "x", fromPlain(nat).AsMap().AsMap())
			}
			po, co, no := build(p.open)
			pc, cc, nc := build(p.closed)
			if strings.HasPrefix(nt.token, nativePrefix) {
				po, pc = no, nc // a type pulumi-aws lacks: the rules read its aws-native view
			}
			open, closed := verdict(po), verdict(pc)
			assert.NotEqual(t, open, closed, "the property decides nothing: open %v, closed %v", open, closed)
			assert.NotEmpty(t, open, "the opening value %s fails", p.open)
			assert.Equal(t, open, verdict(co), "CloudFormation %s=%s", p.cfn, p.open)
			assert.Equal(t, open, verdict(no), "aws-native %s=%s", p.native, p.open)
			assert.Equal(t, closed, verdict(cc), "CloudFormation %s=%s", p.cfn, p.closed)
			assert.Equal(t, closed, verdict(nc), "aws-native %s=%s", p.native, p.closed)
		})
	}
	assert.Greater(t, judgedRows, 20)
}

// Every row of the table, name-only ones included, translates: a value under the aws-native name
// reaches the rules under the pulumi-aws name, and no longer under the aws-native one.
func TestCfnNamesTranslate(t *testing.T) {
	t.Parallel()
	for _, p := range cfnProps {
		nat := map[string]any{}
		setPath(nat, p.native, `"sentinel"`)
		tok, pm := translate(p.cfnType, fromPlain(nat))
		nt, ok := nativeTypes[cfnKey(p.cfnType)]
		if assert.True(t, ok, p.cfnType) {
			assert.Equal(t, nt.token, tok, p.cfnType)
		}
		v := prop(pm, strings.Split(p.pulumi, ".")...)
		assert.Equal(t, "sentinel", v.AsString(), "%s %s from %s", p.cfnType, p.pulumi, p.native)
		if p.native != p.pulumi {
			assert.True(t, absent(prop(pm, strings.Split(p.native, ".")...)), "%s: %s is renamed away", p.cfnType, p.native)
		}
	}
}

// Renames walk arrays and keep secrets.
func TestRenameIn(t *testing.T) {
	t.Parallel()
	v := property.New([]property.Value{obj("a", obj("from", s("1"))), s("x"), obj("a", obj("other", s("2")))}).WithSecret(true)
	got := renameIn(v, []string{"a"}, "from", "to")
	assert.True(t, got.Secret())
	list := got.AsArray().AsSlice()
	assert.Equal(t, "1", at(list[0], "a", "to").AsString())
	assert.True(t, absent(at(list[0], "a", "from")))
	assert.Equal(t, "x", list[1].AsString())
	assert.Equal(t, "2", at(list[2], "a", "other").AsString())
}

// The name-only rows are read through references by stack-level rules: a prefix list with the
// whole internet, used by a security group rule, fails alike in pulumi-aws and CloudFormation;
// unused, it passes.
func TestCfnNamesReferences(t *testing.T) {
	t.Parallel()
	for _, dir := range []struct{ cfnType, pulumiType, list string }{
		{"AWS::EC2::SecurityGroupIngress", typeSGIngressRule, "SourcePrefixListId"},
		{"AWS::EC2::SecurityGroupEgress", typeSGEgressRule, "DestinationPrefixListId"},
	} {
		for _, used := range []bool{true, false} {
			name := fmt.Sprintf("%s used=%v", dir.cfnType, used)
			rule := map[string]any{"GroupId": "sg-1", "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443}
			pulRule := map[string]any{"securityGroupId": "sg-1", "ipProtocol": "tcp", "fromPort": 443, "toPort": 443}
			if used {
				rule[dir.list] = map[string]any{"Ref": "PL"}
				pulRule["prefixListId"] = "pl-1"
			} else {
				rule["CidrIp"], pulRule["cidrIpv4"] = "10.0.0.0/8", "10.0.0.0/8"
			}
			body, err := json.Marshal(map[string]any{"Resources": map[string]any{
				"PL":   map[string]any{"Type": "AWS::EC2::PrefixList", "Properties": map[string]any{"PrefixListName": "pl", "AddressFamily": "IPv4", "MaxEntries": 1, "Entries": []any{map[string]any{"Cidr": "0.0.0.0/0"}}}},
				"Rule": map[string]any{"Type": dir.cfnType, "Properties": rule}}})
			require.NoError(t, err)
			fromCfnTemplate := verdict(tagged(res1(typeCfnStack, map[string]any{"templateBody": string(body)})))
			fromPulumi := verdict(
				tagged(res1(typeManagedPrefixList, map[string]any{"id": "pl-1", "name": "pl", "addressFamily": "IPv4", "maxEntries": 1, "entries": []any{map[string]any{"cidr": "0.0.0.0/0"}}})),
				res1(dir.pulumiType, pulRule))
			fired := func(v []string) bool {
				for _, m := range v {
					if strings.Contains(m, "uses the list") {
						return true
					}
				}
				return false
			}
			assert.Equal(t, used, fired(fromCfnTemplate), "%s: CloudFormation %v", name, fromCfnTemplate)
			assert.Equal(t, used, fired(fromPulumi), "%s: pulumi-aws %v", name, fromPulumi)
		}
	}
}

// withoutRows are the translated CloudFormation types that have no row in the generated table,
// each with why. A new nativeTypes entry fails until it gets rows (judged.txt) or a reason here.
var withoutRows = map[string]string{
	"ec2:internetgateway":                        "judged by its type alone",
	"ec2:egressonlyinternetgateway":              "judged by its type alone",
	"ec2:carriergateway":                         "judged by its type alone",
	"ec2:eip":                                    "judged by its type alone",
	"globalaccelerator:accelerator":              "judged by its type alone",
	"cloudfront:distribution":                    "judged by its type alone",
	"apigatewayv2:api":                           "judged by its type alone (HTTP and WebSocket APIs are always public)",
	"ec2:instanceconnectendpoint":                "judged by its type alone; not in resource specification 117.0.0",
	"ec2:vpcblockpublicaccessoptions":            "not in resource specification 117.0.0 (@aws-cdk/cfnspec's last); pulumi-aws names match CloudFormation's",
	"ec2:vpcblockpublicaccessexclusion":          "not in resource specification 117.0.0",
	"events:target":                              "an aws-native type with no CloudFormation resource (targets are a rule's property)",
	"sagemaker:processingjob":                    "an aws-native type not in resource specification 117.0.0",
	"appsync:graphqlapi":                         "Visibility is not in resource specification 117.0.0; names match",
	"ec2:securitygroup":                          "reshaped by code (cfnSecurityGroup): rule lists, not renames",
	"ec2:launchtemplate":                         "reshaped by code (lift of LaunchTemplateData)",
	"ec2:routetable":                             "its routes are separate AWS::EC2::Route resources in CloudFormation",
	"ec2:vpc":                                    "IPv6 comes from AWS::EC2::VPCCidrBlock in CloudFormation",
	"ecs:service":                                "reshaped by code (cfnEcsNetwork: awsvpcConfiguration)",
	"ecs:taskset":                                "reshaped by code (cfnEcsNetwork: awsvpcConfiguration)",
	"elasticloadbalancing:loadbalancer":          "reshaped by code (cfnScheme: Scheme to internal)",
	"kinesisfirehose:deliverystream":             "reshaped by code (cfnFirehose)",
	"sagemaker:pipeline":                         "reshaped by code (PipelineDefinitionBody)",
	"glue:job":                                   "Connections is a ConnectionsList object in CloudFormation, a list in pulumi-aws: to reshape",
	"scheduler:schedule":                         "AwsvpcConfiguration nesting differs from pulumi-aws: to reshape",
	"pipes:pipe":                                 "AwsvpcConfiguration nesting differs from pulumi-aws: to reshape",
	"rds:dbcluster":                              "private by construction in the registry: no property decides it",
	"sagemaker:modelbiasjobdefinition":           "rows to add (as DataQualityJobDefinition)",
	"sagemaker:modelexplainabilityjobdefinition": "rows to add (as DataQualityJobDefinition)",
	"sagemaker:modelqualityjobdefinition":        "rows to add (as DataQualityJobDefinition)",
	"serverless:function":                        "a SAM type: not in the resource specification; SAM passes Lambda's names",
	"serverless:api":                             "a SAM type: not in the resource specification",
	"serverless:httpapi":                         "a SAM type: not in the resource specification",
	"serverless:statemachine":                    "a SAM type: not in the resource specification",
}

func TestEveryTranslatedTypeHasRowsOrAReason(t *testing.T) {
	t.Parallel()
	rows := map[string]bool{}
	for _, p := range cfnProps {
		rows[cfnKey(p.cfnType)] = true
		_, ok := nativeTypes[cfnKey(p.cfnType)]
		assert.True(t, ok, "%s has rows but no translation in nativeTypes", p.cfnType)
	}
	for key := range nativeTypes {
		why, listed := withoutRows[key]
		switch {
		case rows[key] && listed:
			t.Errorf("%s has rows; remove it from withoutRows (%s)", key, why)
		case !rows[key] && !listed:
			t.Errorf("%s is translated but has no row in policypack/internal/cfngen/judged.txt and no reason in withoutRows", key)
		}
	}
	for key := range withoutRows {
		_, ok := nativeTypes[key]
		assert.True(t, ok, "withoutRows lists %s, which nativeTypes does not translate", key)
	}
}
