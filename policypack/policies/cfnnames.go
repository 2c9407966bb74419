package policies

import (
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/vpconly/sagemaker-landing-zone/policypack/internal/cfngen"
)

// One translation, generated: cfnProps (zz_generated_cfnnames.go, from the CloudFormation
// resource specification by policypack/internal/cfngen) names every property the rules read on a
// CloudFormation type in pulumi-aws, CloudFormation and aws-native names. A template's property
// names are read as their lowerCamel form (cfngen.LowerCamel), which is the aws-native name; where
// it differs from the pulumi-aws name the rules read, the view renames it (cfnRenames). Reviewed
// differences and their reasons live in policypack/internal/cfngen/exceptions.txt; structural
// reshaping (security group rule lists, Scheme, awsvpcConfiguration...) is in passthrough.go.

// cfnProp is one row of the generated table.
type cfnProp struct {
	cfnType, pulumi, cfn, native string
	open, closed                 string      // JSON; "" is absent
	with                         [][2]string // other judged paths and values the verdict needs
	nameOnly                     bool        // read through references by stack-level rules
	json                         bool        // a document (spec type Json): its keys are kept as written
}

// cfnRename moves key from to key to in the object(s) at path (aws-native names); arrays on the
// way are walked element by element.
type cfnRename struct {
	path     []string
	from, to string
}

// cfnRenames are the renames per cfnKey, deepest first, so that every path is still in aws-native
// names when it is applied.
var cfnRenames = buildRenames(cfnProps)

func buildRenames(props []cfnProp) map[string][]cfnRename {
	out := map[string][]cfnRename{}
	seen := map[string]bool{}
	for _, p := range props {
		key := cfnKey(p.cfnType)
		pul, nat := strings.Split(p.pulumi, "."), strings.Split(p.native, ".")
		for i := range nat {
			if i >= len(pul) || pul[i] == nat[i] {
				continue
			}
			id := key + " " + strings.Join(nat[:i+1], ".")
			if seen[id] {
				continue
			}
			seen[id] = true
			out[key] = append(out[key], cfnRename{path: nat[:i], from: nat[i], to: pul[i]})
		}
	}
	for _, l := range out {
		sort.SliceStable(l, func(i, j int) bool { return len(l[i].path) > len(l[j].path) })
	}
	return out
}

// applyRenames renames the aws-native names of one CloudFormation type to pulumi-aws ones.
func applyRenames(key string, m property.Map) property.Map {
	for _, r := range cfnRenames[key] {
		m = renameIn(property.New(m), r.path, r.from, r.to).AsMap()
	}
	return m
}

func renameIn(v property.Value, path []string, from, to string) property.Value {
	switch {
	case v.IsArray():
		list := v.AsArray().AsSlice()
		out := make([]property.Value, len(list))
		for i, e := range list {
			out[i] = renameIn(e, path, from, to)
		}
		return property.New(out).WithSecret(v.Secret())
	case !v.IsMap():
		return v
	}
	m := v.AsMap()
	if len(path) == 0 {
		if x, ok := m.GetOk(from); ok {
			m = m.Delete(from).Set(to, x)
		}
	} else if x, ok := m.GetOk(path[0]); ok {
		m = m.Set(path[0], renameIn(x, path[1:], from, to))
	}
	return property.New(m).WithSecret(v.Secret())
}

// cfnDocuments are, per cfnKey, the top-level CloudFormation properties the rules read that are
// documents (spec type Json: a bucket policy, a state machine definition): a template's keys
// inside them are not property names and keep their spelling (Statement, Principal, AWS).
var cfnDocuments = buildDocuments(cfnProps)

func buildDocuments(props []cfnProp) map[string][]string {
	out := map[string][]string{}
	for _, p := range props {
		if p.json && !strings.Contains(p.cfn, ".") {
			out[cfnKey(p.cfnType)] = append(out[cfnKey(p.cfnType)], p.cfn)
		}
	}
	return out
}

// lowerCamel is the name a template property is read under (its aws-native name).
func lowerCamel(k string) string { return cfngen.LowerCamel(k) }
