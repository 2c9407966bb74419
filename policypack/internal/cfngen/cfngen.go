// Package cfngen derives the policy pack's CloudFormation/aws-native property names from the
// CloudFormation resource specification, so that no property is renamed by hand.
//
// Input:
//   - the specification (the full one, or the committed excerpt testdata/cfnspec-excerpt.json,
//     which has the same shape): https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-resource-specification-format.html
//   - judged.txt: every property the pack's rules read, per CloudFormation type, in pulumi-aws
//     names (the pack's model), with a value that opens an internet path and one that does not;
//   - exceptions.txt: the reviewed places where the names genuinely differ, with a reason.
//
// For each judged path, each segment's CloudFormation name is the spec property that matches the
// pulumi-aws name case-insensitively (following nested property types), or the exception's name;
// an unmatched segment, an exception naming a property the spec lacks, and an unused exception are
// errors. The aws-native name is LowerCamel of the CloudFormation name: pulumi-aws-native derives
// its names from the CloudFormation schemas in camelCase
// (https://www.pulumi.com/registry/packages/aws-native/, "generated from the AWS Cloud Control API
// resource schemas"), and the pack reads templates the same way.
//
// Output: the Go table policypack/policies/zz_generated_cfnnames.go and the excerpt of the spec
// for exactly the judged types. Regenerate with
//
//	go run ./policypack/internal/cfngen/cmd/cfngen -spec /path/to/specification.json
package cfngen

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"go/format"
	"sort"
	"strings"
)

// Spec is the part of the CloudFormation resource specification the generator reads.
type Spec struct {
	Source                       string                  `json:"Source,omitempty"`
	ResourceSpecificationVersion string                  `json:"ResourceSpecificationVersion"`
	PropertyTypes                map[string]PropertyType `json:"PropertyTypes"`
	ResourceTypes                map[string]PropertyType `json:"ResourceTypes"`
}

// PropertyType is a resource type or a nested property type: its properties.
type PropertyType struct {
	Properties map[string]Property `json:"Properties"`
}

// Property is one property's type information.
type Property struct {
	Type              string `json:"Type,omitempty"`
	ItemType          string `json:"ItemType,omitempty"`
	PrimitiveType     string `json:"PrimitiveType,omitempty"`
	PrimitiveItemType string `json:"PrimitiveItemType,omitempty"`
}

// nested names the property type a property leads to ("" for a primitive).
func (p Property) nested() string {
	switch {
	case p.ItemType != "":
		return p.ItemType
	case p.Type != "" && p.Type != "List" && p.Type != "Map":
		return p.Type
	}
	return ""
}

// Row is one judged property: its CloudFormation type, its path in pulumi-aws names, in
// CloudFormation names and in aws-native names (dot-separated), an opening and a closing value
// (JSON in pulumi-aws terms; "" means absent) and the other judged properties it needs set.
type Row struct {
	CfnType, Pulumi, Cfn, Native string
	Open, Closed                 string
	With                         [][2]string // pulumi-aws path, JSON value
	// NameOnly rows ("-" for both values) are read by stack-level rules through references
	// (a security group rule's group, a prefix list): their names are checked, not a verdict.
	NameOnly bool
	// JSON marks a property of spec type Json (a policy document, a definition): a template
	// gives it as a document whose keys are not property names, so they are kept as written.
	JSON bool
}

// NameOnly is the value of both columns of a name-only row in judged.txt.
const NameOnly = "-"

// Spelling separates a pulumi-aws path from the name of a second CloudFormation spelling of the
// same property (definition@string: DefinitionString besides Definition); such a path always has
// an exception, and only its last segment may carry one.
const Spelling = "@"

// Absent is the value keyword for "property not set" in judged.txt.
const Absent = "absent"

type exception struct {
	cfn, reason string
	used        bool
}

// Generate derives the table from the spec and the two lists; it returns the Go source of the
// table and the spec excerpt (JSON).
func Generate(specJSON []byte, source, judged, exceptions string) (goSrc, excerpt []byte, err error) {
	var spec Spec
	if err := json.Unmarshal(specJSON, &spec); err != nil {
		return nil, nil, fmt.Errorf("spec: %w", err)
	}
	if source == "" {
		source = spec.Source
	}
	if source == "" {
		return nil, nil, fmt.Errorf("spec: no source given; pass -source (the package and file the spec came from)")
	}
	exc, err := parseExceptions(exceptions)
	if err != nil {
		return nil, nil, err
	}
	rows, err := parseJudged(judged)
	if err != nil {
		return nil, nil, err
	}
	out := Spec{Source: source, ResourceSpecificationVersion: spec.ResourceSpecificationVersion,
		PropertyTypes: map[string]PropertyType{}, ResourceTypes: map[string]PropertyType{}}
	var errs []string
	judgedPaths := map[string]bool{}
	for _, r := range rows {
		judgedPaths[r.CfnType+" "+r.Pulumi] = true
	}
	for i := range rows {
		r := &rows[i]
		rt, ok := spec.ResourceTypes[r.CfnType]
		if !ok {
			errs = append(errs, fmt.Sprintf("judged.txt: type %s is not in the spec (version %s)", r.CfnType, spec.ResourceSpecificationVersion))
			continue
		}
		out.ResourceTypes[r.CfnType] = rt
		for _, w := range r.With {
			if !judgedPaths[r.CfnType+" "+w[0]] {
				errs = append(errs, fmt.Sprintf("judged.txt: %s %s: with %s is not a judged path of the type; list it too", r.CfnType, r.Pulumi, w[0]))
			}
		}
		props, owner := rt.Properties, r.CfnType
		var cfn, native, sofar []string
		key := r.Pulumi // with its @spelling, the exception's key
		r.Pulumi, _, _ = strings.Cut(r.Pulumi, Spelling)
		for n, seg := range strings.Split(key, ".") {
			sofar = append(sofar, seg)
			seg, _, _ = strings.Cut(seg, Spelling)
			name, found := "", false
			if e, ok := exc[r.CfnType+" "+strings.Join(sofar, ".")]; ok {
				e.used = true
				if _, found = props[e.cfn]; found {
					name = e.cfn
				} else {
					errs = append(errs, fmt.Sprintf("exceptions.txt: %s %s names %s, which %s does not have", r.CfnType, strings.Join(sofar, "."), e.cfn, owner))
					break
				}
			} else if strings.Contains(sofar[len(sofar)-1], Spelling) {
				errs = append(errs, fmt.Sprintf("judged.txt: %s %s: a second spelling needs an exception naming it", r.CfnType, strings.Join(sofar, ".")))
				break
			} else {
				for k := range props {
					if strings.EqualFold(k, seg) {
						name, found = k, true
					}
				}
			}
			if !found {
				errs = append(errs, fmt.Sprintf("judged.txt: %s %s: no property of %s matches %q case-insensitively (it has %s); add an exception with a reason",
					r.CfnType, r.Pulumi, owner, seg, strings.Join(sortedKeys(props), ", ")))
				break
			}
			cfn, native = append(cfn, name), append(native, LowerCamel(name))
			next := props[name].nested()
			if n == strings.Count(key, ".") {
				r.JSON = props[name].PrimitiveType == "Json"
				break
			}
			if next == "" {
				errs = append(errs, fmt.Sprintf("judged.txt: %s %s: %s is a primitive, it has no %s", r.CfnType, r.Pulumi, name, strings.Join(sofar, ".")))
				break
			}
			owner = r.CfnType + "." + next
			if next == "Tag" {
				owner = "Tag"
			}
			pt, ok := spec.PropertyTypes[owner]
			if !ok {
				errs = append(errs, fmt.Sprintf("spec: property type %s is missing", owner))
				break
			}
			out.PropertyTypes[owner], props = pt, pt.Properties
		}
		r.Cfn, r.Native = strings.Join(cfn, "."), strings.Join(native, ".")
	}
	for _, k := range sortedKeys(exc) {
		if !exc[k].used {
			errs = append(errs, fmt.Sprintf("exceptions.txt: %s -> %s is not used by any judged property; remove it", k, exc[k].cfn))
		}
	}
	if len(errs) > 0 {
		return nil, nil, fmt.Errorf("%s", strings.Join(errs, "\n"))
	}
	if excerpt, err = json.MarshalIndent(out, "", " "); err != nil {
		return nil, nil, err
	}
	goSrc, err = render(rows, source, spec.ResourceSpecificationVersion)
	return goSrc, append(excerpt, '\n'), err
}

func render(rows []Row, source, version string) ([]byte, error) {
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by policypack/internal/cfngen from %s (resource specification %s); DO NOT EDIT.\n\n", source, version)
	b.WriteString("package policies\n\n")
	b.WriteString("// cfnProps are the properties the rules read on CloudFormation types, in pulumi-aws,\n")
	b.WriteString("// CloudFormation and aws-native names, with an opening and a closing value (JSON; \"\" is absent)\n")
	b.WriteString("// unless nameOnly.\n")
	b.WriteString("var cfnProps = []cfnProp{\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "{cfnType: %q, pulumi: %q, cfn: %q, native: %q", r.CfnType, r.Pulumi, r.Cfn, r.Native)
		if r.NameOnly {
			b.WriteString(", nameOnly: true")
		} else {
			fmt.Fprintf(&b, ", open: %q, closed: %q", r.Open, r.Closed)
		}
		if r.JSON {
			b.WriteString(", json: true")
		}
		if len(r.With) > 0 {
			b.WriteString(", with: [][2]string{")
			for _, w := range r.With {
				fmt.Fprintf(&b, "{%q, %q},", w[0], w[1])
			}
			b.WriteString("}")
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}

// lines yields the non-comment, non-blank lines of a list with their numbers.
func lines(s string) (out [][2]any) {
	for i, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, [2]any{i + 1, l})
		}
	}
	return out
}

func parseExceptions(s string) (map[string]*exception, error) {
	out := map[string]*exception{}
	for _, nl := range lines(s) {
		n, l := nl[0].(int), nl[1].(string)
		f := strings.Fields(l)
		if len(f) < 4 {
			return nil, fmt.Errorf("exceptions.txt:%d: %q: want TYPE PULUMI-PATH CFN-NAME REASON...", n, l)
		}
		key := f[0] + " " + f[1]
		if _, dup := out[key]; dup {
			return nil, fmt.Errorf("exceptions.txt:%d: %s is listed twice", n, key)
		}
		out[key] = &exception{cfn: f[2], reason: strings.Join(f[3:], " ")}
	}
	return out, nil
}

func parseJudged(s string) ([]Row, error) {
	var out []Row
	seen := map[string]bool{}
	value := func(n int, v string) (string, error) {
		if v == Absent {
			return "", nil
		}
		if !json.Valid([]byte(v)) {
			return "", fmt.Errorf("judged.txt:%d: value %q is not JSON (or %q)", n, v, Absent)
		}
		return v, nil
	}
	for _, nl := range lines(s) {
		n, l := nl[0].(int), nl[1].(string)
		f := strings.Fields(l)
		if len(f) < 4 || !strings.HasPrefix(f[0], "AWS::") {
			return nil, fmt.Errorf("judged.txt:%d: %q: want AWS::TYPE PULUMI-PATH OPEN CLOSED [PATH=VALUE...]", n, l)
		}
		r := Row{CfnType: f[0], Pulumi: f[1]}
		if seen[f[0]+" "+f[1]] {
			return nil, fmt.Errorf("judged.txt:%d: %s %s is listed twice", n, f[0], f[1])
		}
		seen[f[0]+" "+f[1]] = true
		var err error
		if f[2] == NameOnly && f[3] == NameOnly && len(f) == 4 {
			r.NameOnly = true
			out = append(out, r)
			continue
		}
		if r.Open, err = value(n, f[2]); err != nil {
			return nil, err
		}
		if r.Closed, err = value(n, f[3]); err != nil {
			return nil, err
		}
		if r.Open == r.Closed {
			return nil, fmt.Errorf("judged.txt:%d: the open and closed values are both %q; they must differ", n, f[2])
		}
		for _, w := range f[4:] {
			k, v, ok := strings.Cut(w, "=")
			if !ok {
				return nil, fmt.Errorf("judged.txt:%d: %q: want PATH=JSON", n, w)
			}
			if v, err = value(n, v); err != nil || v == "" {
				return nil, fmt.Errorf("judged.txt:%d: %q: want PATH=JSON", n, w)
			}
			r.With = append(r.With, [2]string{k, v})
		}
		out = append(out, r)
	}
	return out, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// LowerCamel turns a CloudFormation property name into the camelCase one pulumi uses:
// SubnetId -> subnetId, VPCOptions -> vpcOptions, DBSubnetGroupName -> dbSubnetGroupName.
func LowerCamel(k string) string {
	n := 0
	for n < len(k) && k[n] >= 'A' && k[n] <= 'Z' {
		n++
	}
	switch {
	case n == 0:
		return k
	case n == 1 || n == len(k):
		return strings.ToLower(k[:n]) + k[n:]
	case k[n] >= 'a' && k[n] <= 'z':
		return strings.ToLower(k[:n-1]) + k[n-1:]
	}
	return strings.ToLower(k[:n]) + k[n:]
}

// The reviewed lists, embedded so that the command and the drift test read the same text.
var (
	//go:embed judged.txt
	judgedList string
	//go:embed exceptions.txt
	exceptionList string
)

// GenerateFromLists is Generate with the committed judged.txt and exceptions.txt.
func GenerateFromLists(specJSON []byte, source string) (goSrc, excerpt []byte, err error) {
	return Generate(specJSON, source, judgedList, exceptionList)
}

// Where the outputs live, from the repository root.
const (
	TablePath   = "policypack/policies/zz_generated_cfnnames.go"
	ExcerptPath = "policypack/internal/cfngen/testdata/cfnspec-excerpt.json"
)
