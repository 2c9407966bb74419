package policies

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// Patterns of the derivation README "Taggable types" describes: the type token a resource file
// registers, and a `Tags pulumi.StringMapInput` field (any alignment gofmt gives it) in its
// exported `<Resource>Args` struct.
var (
	registerRe = regexp.MustCompile(`ctx\.RegisterResource\("(aws:[^"]+)"`)
	argsRe     = regexp.MustCompile(`(?s)\ntype [A-Z]\w*Args struct \{(.*?)\n\}`)
	tagsRe     = regexp.MustCompile(`(?m)^\s*Tags\s+pulumi\.StringMapInput\b`)
)

// deriveTaggable reads the pulumi-aws Go SDK's go/aws tree and returns the taggable types, sorted.
func deriveTaggable(sdk string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(sdk, "go", "aws", "*", "*.go"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		m := registerRe.FindSubmatch(b)
		if m == nil {
			continue
		}
		if a := argsRe.FindSubmatch(b); a != nil && tagsRe.Match(a[1]) {
			out = append(out, string(m[1]))
		}
	}
	sort.Strings(out)
	return out, nil
}

// TestTaggableTypesMatchTheSDK re-derives taggable.go from the pinned pulumi-aws SDK source (the
// module cache `go test` filled) and fails on any difference; UPDATE_TAGGABLE=1 rewrites the
// file. Without the go tool or the module source it skips, saying why.
func TestTaggableTypesMatchTheSDK(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/pulumi/pulumi-aws/sdk/v6").Output()
	sdk := strings.TrimSpace(string(out))
	if err != nil || sdk == "" {
		t.Skipf("pulumi-aws SDK source not found (go list: %v)", err)
	}
	want, err := deriveTaggable(sdk)
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 500 {
		t.Fatalf("derived only %d taggable types from %s: the derivation no longer matches the SDK's layout", len(want), sdk)
	}
	if os.Getenv("UPDATE_TAGGABLE") == "1" {
		if err := os.WriteFile("taggable.go", renderTaggable(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	var missing, extra []string
	set := map[string]bool{}
	for _, w := range want {
		set[w] = true
		if _, ok := taggableTypes[w]; !ok {
			missing = append(missing, w)
		}
	}
	for k := range taggableTypes {
		if !set[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	if len(missing)+len(extra) > 0 {
		t.Errorf("taggable.go differs from the SDK (UPDATE_TAGGABLE=1 go test ./policypack/policies -run TestTaggableTypesMatchTheSDK):\nmissing %d: %v\nextra %d: %v",
			len(missing), missing, len(extra), extra)
	}
}

// The derivation itself, on fixtures: an aligned Tags field counts, a private args struct and a
// Tags of another type do not.
func TestDeriveTaggable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write := func(pkg, name, body string) {
		t.Helper()
		p := filepath.Join(dir, "go", "aws", pkg)
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, name+".go"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("route53", "profilesProfile", "package route53\ntype profilesProfileArgs struct {\n\tTags map[string]string\n}\n"+
		"type ProfilesProfileArgs struct {\n\tName pulumi.StringPtrInput\n\tTags     pulumi.StringMapInput\n\tTimeouts X\n}\n"+
		`func f() { ctx.RegisterResource("aws:route53/profilesProfile:ProfilesProfile", name, args, &r) }`+"\n")
	write("ec2", "route", "package ec2\ntype RouteArgs struct {\n\tRouteTableId pulumi.StringInput\n}\n"+
		`func f() { ctx.RegisterResource("aws:ec2/route:Route", name, args, &r) }`+"\n")
	write("ec2", "odd", "package ec2\ntype OddArgs struct {\n\tTags pulumi.StringArrayInput\n}\n"+
		`func f() { ctx.RegisterResource("aws:ec2/odd:Odd", name, args, &r) }`+"\n")
	got, err := deriveTaggable(dir)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != "[aws:route53/profilesProfile:ProfilesProfile]" {
		t.Errorf("derived %v", got)
	}
}

// renderTaggable is taggable.go for types (sorted).
func renderTaggable(types []string) []byte {
	var b bytes.Buffer
	b.WriteString(`// Code generated from the pulumi-aws v6.83.2 Go SDK; DO NOT EDIT.
//
// Regenerate: UPDATE_TAGGABLE=1 go test ./policypack/policies -run TestTaggableTypesMatchTheSDK
// (for every go/aws/<pkg>/<resource>.go in the pulumi-aws sdk module, the token of its
// ctx.RegisterResource("aws:...") call when its exported <Resource>Args struct has a
// ` + "`Tags pulumi.StringMapInput`" + ` field; see README.md, "Taggable types").

package policies

// taggableTypes is the set of AWS resource types whose inputs accept ` + "`tags`" + `, so that the AWS
// provider's defaultTags apply to them.
var taggableTypes = map[string]struct{}{
`)
	for _, ty := range types {
		fmt.Fprintf(&b, "\t%q: {},\n", ty)
	}
	b.WriteString("}\n")
	return b.Bytes()
}
