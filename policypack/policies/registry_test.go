package policies

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// sdkTypes lists every resource type of the pinned pulumi-aws SDK (its ctx.RegisterResource
// calls). The module is in go.mod, so `go mod download` provides it; its absence is a failure.
func sdkTypes(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/pulumi/pulumi-aws/sdk/v6").Output()
	dir := strings.TrimSpace(string(out))
	if err != nil || dir == "" {
		t.Fatalf("pulumi-aws SDK source not found (go list: %v); run `go mod download github.com/pulumi/pulumi-aws/sdk/v6`", err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "go", "aws", "*", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range registerRe.FindAllSubmatch(b, -1) {
			seen[string(m[1])] = true
		}
	}
	var types []string
	for k := range seen {
		types = append(types, k)
	}
	sort.Strings(types)
	if len(types) < 1000 {
		t.Fatalf("found only %d resource types in %s: the SDK layout changed", len(types), dir)
	}
	return types
}

// Every type of the pinned SDK is reviewed, and the registry names no type the SDK lacks: a
// provider upgrade that adds types fails here until each is reviewed (one line in registry_aws.go).
func TestRegistryCoversTheSDK(t *testing.T) {
	t.Parallel()
	types := sdkTypes(t)
	set := map[string]bool{}
	var missing, extra []string
	for _, typ := range types {
		set[typ] = true
		if _, ok := awsTypes[typ]; !ok {
			missing = append(missing, typ)
		}
	}
	for typ := range awsTypes {
		if !set[typ] {
			extra = append(extra, typ)
		}
	}
	sort.Strings(extra)
	if len(missing) > 0 {
		t.Errorf("%d types of the pinned pulumi-aws SDK are not reviewed; add a line each to registry_aws.go: %s", len(missing), strings.Join(missing, ", "))
	}
	if len(extra) > 0 {
		t.Errorf("registry_aws.go lists types the SDK does not have: %s", strings.Join(extra, ", "))
	}
}

// Every judged entry names policies that exist; every type a rule reads is in the registry as
// judged (a rule for an unlisted type would never run); the aws-native/CloudFormation types the
// pack translates land on registered pulumi-aws types.
func TestRegistryIsConsistent(t *testing.T) {
	t.Parallel()
	for typ, e := range awsTypes {
		switch e.class {
		case Judged:
			if len(e.policies) == 0 {
				t.Errorf("%s is judged by no policy", typ)
			}
			for _, p := range e.policies {
				if _, ok := Lookup(p); !ok {
					t.Errorf("%s is judged by %q, which is not a policy", typ, p)
				}
			}
		case Private, Forbidden:
			if strings.TrimSpace(e.why) == "" {
				t.Errorf("%s has no reason", typ)
			}
		default:
			t.Errorf("%s has no classification", typ)
		}
	}
	for typ := range entryPoints {
		if e, ok := lookupType(typ); ok && !e.judgedBy(noInternetEntryPoint.Name) {
			t.Errorf("%s is an entry point of no-internet-entry-point but the registry says %s", typ, e)
		}
	}
	for typ := range computeOutside {
		if !awsTypes[typ].judgedBy(computeInVpc.Name) {
			t.Errorf("%s is judged by compute-in-vpc but the registry says %s", typ, awsTypes[typ])
		}
	}
	for key, m := range nativeTypes {
		if _, ok := lookupType(m.token); !ok && !strings.HasPrefix(m.token, nativePrefix) {
			t.Errorf("nativeTypes[%q] translates to %s, which the registry does not list", key, m.token)
		}
	}
}

func rsc(typ, name string, props map[string]property.Value) Resource {
	return Resource{URN: "urn:pulumi:dev::p::" + typ + "::" + name, Type: typ, Name: name, Properties: property.NewMap(props)}
}

func policiesOf(vs []Violation) map[string]bool {
	out := map[string]bool{}
	for _, v := range vs {
		out[v.Policy] = true
	}
	return out
}

// Default deny, for every provider: an unlisted type fails reviewed-types; a forbidden one too;
// the pack config admits either with a reason; a private one passes.
func TestReviewedTypesDefaultDeny(t *testing.T) {
	t.Parallel()
	tmpl := func(typ string) Resource {
		return rsc(typeCfnStack, "cfn", map[string]property.Value{"templateBody": property.New(
			`{"Resources": {"X": {"Type": "` + typ + `", "Properties": {}}}}`)})
	}
	cc := func(typ string) Resource {
		return rsc(typeCloudControl, "cc", map[string]property.Value{"typeName": property.New(typ), "desiredState": property.New(`{}`)})
	}
	admit := func(k string) Config {
		c := DefaultConfig()
		c.Admit = map[string]string{k: "reviewed by the platform team"}
		return c
	}
	cases := []struct {
		name string
		r    Resource
		cfg  Config
		want bool
	}{
		{"aws unlisted", rsc("aws:newservice/thing:Thing", "x", nil), DefaultConfig(), true},
		{"aws unlisted admitted", rsc("aws:newservice/thing:Thing", "x", nil), admit("aws:newservice/thing:Thing"), false},
		{"aws forbidden", rsc("aws:amplify/app:App", "x", nil), DefaultConfig(), true},
		{"aws forbidden admitted", rsc("aws:amplify/app:App", "x", nil), admit("aws:amplify/app:App"), false},
		{"aws private", rsc("aws:kms/key:Key", "x", nil), DefaultConfig(), false},
		{"aws-native unmapped", rsc("aws-native:amplify:App", "x", nil), DefaultConfig(), true},
		{"aws-native unmapped admitted", rsc("aws-native:amplify:App", "x", nil), admit("aws-native:amplify:App"), false},
		{"aws-native private by derived token", rsc("aws-native:kms:Key", "x", nil), DefaultConfig(), false},
		{"cloudformation unmapped", tmpl("AWS::Amplify::App"), DefaultConfig(), true},
		{"cloudformation unmapped admitted", tmpl("AWS::Amplify::App"), admit("AWS::Amplify::App"), false},
		{"cloudformation private", tmpl("AWS::KMS::Key"), DefaultConfig(), false},
		{"cloudformation private, other module (logs)", tmpl("AWS::Logs::LogGroup"), DefaultConfig(), false},
		{"cloudformation private, other module and prefix (events)", tmpl("AWS::Events::Rule"), DefaultConfig(), false},
		{"cloudformation private, other case (VPC)", tmpl("AWS::EC2::VPCEndpointService"), DefaultConfig(), false},
		{"cloudformation forbidden through its token is not derived", tmpl("AWS::Lightsail::Instance"), DefaultConfig(), true},
		{"cloud control unmapped", cc("AWS::Amplify::App"), DefaultConfig(), true},
		{"cloud control private", cc("AWS::CodeArtifact::PackageGroup"), DefaultConfig(), false},
		{"cloudformation template url", rsc(typeCfnStack, "cfn", map[string]property.Value{"templateUrl": property.New("https://s3/x")}), DefaultConfig(), true},
		{"cloudformation unknown body", rsc(typeCfnStack, "cfn", map[string]property.Value{"templateBody": property.New(property.Computed)}), DefaultConfig(), true},
		{"cloud control unknown state of a judged type", rsc(typeCloudControl, "cc", map[string]property.Value{"typeName": property.New("AWS::EC2::Subnet"), "desiredState": property.New(property.Computed)}), DefaultConfig(), true},
		{"cloud control unknown state of a private type", rsc(typeCloudControl, "cc", map[string]property.Value{"typeName": property.New("AWS::CodeArtifact::PackageGroup"), "desiredState": property.New(property.Computed)}), DefaultConfig(), false},
		{"component", rsc("vpconly:network:SpokeVpc", "x", nil), DefaultConfig(), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got := policiesOf(Evaluate([]Resource{tc.r}, tc.cfg))[reviewedTypes.Name]
			if got != tc.want {
				t.Errorf("reviewed-types reported %v, want %v (%v)", got, tc.want, Evaluate([]Resource{tc.r}, tc.cfg))
			}
		})
	}
}

func TestAdmitConfig(t *testing.T) {
	t.Parallel()
	cfg, err := ParseConfig(map[string]any{"reviewed-types": map[string]any{"admit": map[string]any{"aws:amplify/app:App": "internal tool"}}})
	if err != nil || cfg.Admit["aws:amplify/app:App"] != "internal tool" {
		t.Fatalf("admit not parsed: %v %v", cfg.Admit, err)
	}
	for _, bad := range []any{"x", map[string]any{"aws:amplify/app:App": ""}, map[string]any{"amplify": "why"}, map[string]any{"aws:a/b:B": 3}} {
		if _, err := ParseConfig(map[string]any{"reviewed-types": map[string]any{"admit": bad}}); err == nil || !strings.Contains(err.Error(), "reviewed-types.admit") {
			t.Errorf("admit %v: want an error naming reviewed-types.admit, got %v", bad, err)
		}
	}
}
