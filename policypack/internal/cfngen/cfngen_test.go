package cfngen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// repoFile reads a file by its path from the repository root (this package is three levels down).
func repoFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "..", filepath.FromSlash(path)))
	require.NoError(t, err)
	return b
}

// The committed table and excerpt are what the generator makes from the committed excerpt and
// lists: editing judged.txt or exceptions.txt without regenerating, or the table by hand, fails.
func TestGeneratedTableHasNoDrift(t *testing.T) {
	t.Parallel()
	excerpt := repoFile(t, ExcerptPath)
	src, again, err := GenerateFromLists(excerpt, "")
	require.NoError(t, err)
	assert.Equal(t, string(repoFile(t, TablePath)), string(src), "regenerate: go run ./policypack/internal/cfngen/cmd/cfngen")
	assert.Equal(t, string(excerpt), string(again), "the excerpt is a fixed point of the generator")
	assert.Contains(t, string(excerpt), `"Source": "npm @aws-cdk/cfnspec@2.72.1 spec/specification.json"`)
}

const miniSpec = `{"ResourceSpecificationVersion": "1.0.0",
 "ResourceTypes": {
  "AWS::X::Thing": {"Properties": {"PubliclyAccessible": {"PrimitiveType": "Boolean"}, "VPCConfig": {"Type": "Conf"},
    "Rules": {"Type": "List", "ItemType": "Rule"}, "AccessControl": {"PrimitiveType": "String"}, "Policy": {"PrimitiveType": "Json"}}}},
 "PropertyTypes": {
  "AWS::X::Thing.Conf": {"Properties": {"SubnetIds": {"Type": "List", "PrimitiveItemType": "String"}}},
  "AWS::X::Thing.Rule": {"Properties": {"CidrIp": {"PrimitiveType": "String"}}},
  "AWS::X::Unused.Conf": {"Properties": {}}}}`

func TestGenerate(t *testing.T) {
	t.Parallel()
	ok := func(judged, exc string) string {
		src, excerpt, err := Generate([]byte(miniSpec), "test", judged, exc)
		require.NoError(t, err)
		assert.NotContains(t, string(excerpt), "AWS::X::Unused", "the excerpt holds only what was followed")
		return string(src)
	}
	src := ok("AWS::X::Thing publiclyAccessible true false\nAWS::X::Thing vpcConfig.subnetIds absent [\"s\"]\n"+
		"AWS::X::Thing rules.cidrIpv4 \"0.0.0.0/0\" \"10.0.0.0/8\"\nAWS::X::Thing acl - -\nAWS::X::Thing policy {} absent\nAWS::X::Thing acl@policy - -\n",
		"AWS::X::Thing rules.cidrIpv4 CidrIp the model says cidrIpv4\nAWS::X::Thing acl AccessControl canned ACL\nAWS::X::Thing acl@policy Policy a second spelling\n")
	for _, want := range []string{
		`pulumi: "publiclyAccessible", cfn: "PubliclyAccessible", native: "publiclyAccessible", open: "true", closed: "false"`,
		`pulumi: "vpcConfig.subnetIds", cfn: "VPCConfig.SubnetIds", native: "vpcConfig.subnetIds", open: "", closed: "[\"s\"]"`,
		`pulumi: "rules.cidrIpv4", cfn: "Rules.CidrIp", native: "rules.cidrIp"`,
		`pulumi: "acl", cfn: "AccessControl", native: "accessControl", nameOnly: true}`,
		`pulumi: "policy", cfn: "Policy", native: "policy", open: "{}", closed: "", json: true}`,
		`pulumi: "acl", cfn: "Policy", native: "policy", nameOnly: true, json: true}`,
	} {
		assert.Contains(t, src, want)
	}

	for name, tc := range map[string]struct{ judged, exc, want string }{
		"unmatched property":         {"AWS::X::Thing acl - -", "", `no property of AWS::X::Thing matches "acl" case-insensitively`},
		"unmatched nested property":  {"AWS::X::Thing rules.cidrIpv4 - -", "", `no property of AWS::X::Thing.Rule matches "cidrIpv4"`},
		"unused exception":           {"AWS::X::Thing publiclyAccessible true false", "AWS::X::Thing acl AccessControl canned ACL", "AWS::X::Thing acl -> AccessControl is not used"},
		"exception names nothing":    {"AWS::X::Thing acl - -", "AWS::X::Thing acl Acl canned ACL", "names Acl, which AWS::X::Thing does not have"},
		"exception without reason":   {"AWS::X::Thing acl - -", "AWS::X::Thing acl AccessControl", "want TYPE PULUMI-PATH CFN-NAME REASON"},
		"type not in the spec":       {"AWS::X::Other publiclyAccessible true false", "", "type AWS::X::Other is not in the spec"},
		"path through a primitive":   {"AWS::X::Thing publiclyAccessible.x true false", "", "PubliclyAccessible is a primitive"},
		"value not JSON":             {"AWS::X::Thing publiclyAccessible yes false", "", `value "yes" is not JSON`},
		"values equal":               {"AWS::X::Thing publiclyAccessible true true", "", "must differ"},
		"listed twice":               {"AWS::X::Thing publiclyAccessible true false\nAWS::X::Thing publiclyAccessible true false", "", "listed twice"},
		"with an unlisted path":      {"AWS::X::Thing publiclyAccessible true false vpcConfig.subnetIds=[\"s\"]", "", "with vpcConfig.subnetIds is not a judged path"},
		"spelling without exception": {"AWS::X::Thing policy@text - -", "", "a second spelling needs an exception"},
		"short line":                 {"AWS::X::Thing publiclyAccessible true", "", "want AWS::TYPE PULUMI-PATH OPEN CLOSED"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, _, err := Generate([]byte(miniSpec), "test", tc.judged, tc.exc)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	_, _, err := Generate([]byte(miniSpec), "", "AWS::X::Thing publiclyAccessible true false", "")
	assert.ErrorContains(t, err, "no source given", "the excerpt must say where the spec came from")
}

// The committed lists parse, and every exception gives a reason of a few words.
func TestCommittedLists(t *testing.T) {
	t.Parallel()
	rows, err := parseJudged(judgedList)
	require.NoError(t, err)
	assert.NotEmpty(t, rows)
	exc, err := parseExceptions(exceptionList)
	require.NoError(t, err)
	for k, e := range exc {
		assert.GreaterOrEqual(t, len(strings.Fields(e.reason)), 4, "exception %s needs a reason", k)
	}
}

func TestLowerCamel(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"SubnetId": "subnetId", "VPCOptions": "vpcOptions", "DBSubnetGroupName": "dbSubnetGroupName",
		"CidrIp": "cidrIp", "VPC": "vpc", "subnetId": "subnetId", "": "", "A": "a", "IPv6": "iPv6", "VPCZoneIdentifier": "vpcZoneIdentifier"} {
		assert.Equal(t, want, LowerCamel(in), in)
	}
}
