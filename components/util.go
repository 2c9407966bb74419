package components

// Helpers shared by the components of this package: tag merging, policy JSON, sorted map keys,
// partition lookup, AWS ID patterns and the validation-problem collector.

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
)

// mergeTags merges tag maps into a child's tags, later maps winning.
func mergeTags(tagMaps ...map[string]string) pulumi.StringMap {
	out := pulumi.StringMap{}
	for _, m := range tagMaps {
		for k, v := range m {
			out[k] = pulumi.String(v)
		}
	}
	return out
}

// nameTags returns base plus a Name tag of name, unless base sets Name itself.
func nameTags(base map[string]string, name string) pulumi.StringMap {
	return mergeTags(map[string]string{"Name": name}, base)
}

// sortedKeys returns the keys of m, sorted: the stable iteration order for child names.
func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// dedupe returns ids without repeats, in first-seen order.
func dedupe(ids []string) []string {
	out := []string{}
	seen := map[string]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// unsetInput reports whether an input is nil or a zero-value Output (what a lookup of a missing
// key in a map of Outputs yields): registering a resource with one would never resolve.
func unsetInput(in pulumi.Input) bool {
	if in == nil {
		return true
	}
	v := reflect.ValueOf(in)
	if v.Kind() == reflect.Pointer {
		return v.IsNil()
	}
	if v.Kind() == reflect.Struct {
		if f := v.FieldByName("OutputState"); f.IsValid() && f.Kind() == reflect.Pointer && f.IsNil() {
			return true
		}
	}
	return false
}

// policyJSON marshals a policy document; maps marshal with sorted keys, so output is stable.
func policyJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps, slices, strings and bools: cannot fail
	}
	return string(b)
}

// partitionOf returns the partition of a Region (iampolicy.PartitionOf) and its DNS suffix:
// "amazonaws.com.cn" in aws-cn, "amazonaws.com" otherwise (aws, aws-us-gov). The ISO partitions
// have DNS suffixes of their own that the landing zone does not model.
func partitionOf(region string) (partition, dnsSuffix string) {
	partition = iampolicy.PartitionOf(region)
	if partition == "aws-cn" {
		return partition, "amazonaws.com.cn"
	}
	return partition, "amazonaws.com"
}

// Patterns of the AWS values the components check when they are given as plain strings. ID
// suffixes are at most iampolicy.MaxIDLength characters (17 hex digits; older IDs have 8), as
// the deny guard assumes.
var (
	regionRe       = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$`)
	vpcIDRe        = regexp.MustCompile(`^vpc-[0-9a-zA-Z]{1,17}$`)
	subnetIDRe     = regexp.MustCompile(`^subnet-[0-9a-zA-Z]{1,17}$`)
	sgIDRe         = regexp.MustCompile(`^sg-[0-9a-zA-Z]{1,17}$`)
	vpceIDRe       = regexp.MustCompile(`^vpce-[0-9a-zA-Z]{1,17}$`)
	prefixListIDRe = regexp.MustCompile(`^pl-[0-9a-zA-Z]+$`)
	bucketNameRe   = regexp.MustCompile(iampolicy.BucketNamePattern)
	kmsKeyArnRe    = regexp.MustCompile(iampolicy.KmsKeyArnPattern)
)

// problems collects validation errors, so that a constructor reports every problem at once
// (errors.Join) before it registers anything. Each error names the component and the field,
// echoes the value and says what is allowed.
type problems struct {
	prefix     string // `Kind "name"`
	kind, name string
	errs       []error
}

func newProblems(kind, name string) *problems {
	return &problems{prefix: fmt.Sprintf("%s %q", kind, name), kind: kind, name: name}
}

// bad records an invalid value, echoed in Go syntax (strings quoted, numbers bare).
func (p *problems) bad(field string, value any, want string) {
	p.errs = append(p.errs, &ArgError{Component: p.kind, Name: p.name, Field: field, Value: value, Allowed: want})
}

// missing records a required field that is not set.
func (p *problems) missing(field, want string) {
	p.errs = append(p.errs, &ArgError{Component: p.kind, Name: p.name, Field: field, Missing: true, Allowed: want})
}

// wrap records an error of a nested validation (it already names its fields).
func (p *problems) wrap(err error) {
	if err != nil {
		p.errs = append(p.errs, fmt.Errorf("%s: %w", p.prefix, err))
	}
}

// err is every recorded problem, or nil.
func (p *problems) err() error { return errors.Join(p.errs...) }
