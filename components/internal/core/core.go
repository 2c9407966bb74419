package core

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
)

// mergeTags merges tag maps into a child's tags, later maps winning.
func MergeTags(tagMaps ...map[string]string) pulumi.StringMap {
	out := pulumi.StringMap{}
	for _, m := range tagMaps {
		for k, v := range m {
			out[k] = pulumi.String(v)
		}
	}
	return out
}

// nameTags returns base plus a Name tag of name, unless base sets Name itself.
func NameTags(base map[string]string, name string) pulumi.StringMap {
	return MergeTags(map[string]string{"Name": name}, base)
}

// sortedKeys returns the keys of m, sorted: the stable iteration order for child names.
func SortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

// dedupe returns ids without repeats, in first-seen order.
func Dedupe(ids []string) []string {
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
func UnsetInput(in pulumi.Input) bool {
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
func PolicyJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps, slices, strings and bools: cannot fail
	}
	return string(b)
}

// partitionOf returns the partition of a Region (iampolicy.PartitionOf) and its DNS suffix:
// "amazonaws.com.cn" in aws-cn, "amazonaws.com" otherwise (aws, aws-us-gov). The ISO partitions
// have DNS suffixes of their own that the landing zone does not model.
func PartitionOf(region string) (partition, dnsSuffix string) {
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
	RegionRe       = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$`)
	VpcIDRe        = regexp.MustCompile(`^vpc-[0-9a-zA-Z]{1,17}$`)
	SubnetIDRe     = regexp.MustCompile(`^subnet-[0-9a-zA-Z]{1,17}$`)
	SgIDRe         = regexp.MustCompile(`^sg-[0-9a-zA-Z]{1,17}$`)
	VpceIDRe       = regexp.MustCompile(`^vpce-[0-9a-zA-Z]{1,17}$`)
	PrefixListIDRe = regexp.MustCompile(`^pl-[0-9a-zA-Z]+$`)
	BucketNameRe   = regexp.MustCompile(iampolicy.BucketNamePattern)
	KmsKeyArnRe    = regexp.MustCompile(iampolicy.KmsKeyArnPattern)
)

// problems collects validation errors, so that a constructor reports every problem at once
// (errors.Join) before it registers anything. Each error names the component and the field,
// echoes the value and says what is allowed.
type Problems struct {
	Prefix     string // `Kind "name"`
	kind, name string
	Errs       []error
}

func NewProblems(kind, name string) *Problems {
	return &Problems{Prefix: fmt.Sprintf("%s %q", kind, name), kind: kind, name: name}
}

// bad records an invalid value, echoed in Go syntax (strings quoted, numbers bare).
func (p *Problems) Bad(field string, value any, want string) {
	p.Errs = append(p.Errs, &arg.Error{Component: p.kind, Name: p.name, Field: field, Value: value, Allowed: want})
}

// missing records a required field that is not set.
func (p *Problems) Missing(field, want string) {
	p.Errs = append(p.Errs, &arg.Error{Component: p.kind, Name: p.name, Field: field, Missing: true, Allowed: want})
}

// wrap records an error of a nested validation (it already names its fields).
func (p *Problems) Wrap(err error) {
	if err != nil {
		p.Errs = append(p.Errs, fmt.Errorf("%s: %w", p.Prefix, err))
	}
}

// err is every recorded problem, or nil.
func (p *Problems) Err() error { return errors.Join(p.Errs...) }

var (
	AccountIDRe = regexp.MustCompile(`^\d{12}$`)
)

// checkRoleName records a component name too long for the role auto-named "<name><suffix>-<random>".
func (p *Problems) CheckRoleName(name, suffix string) {
	if max := arg.IAMRoleNameMaxLength - arg.PulumiAutoNameSuffixLength - len(suffix); len(name) > max {
		p.Bad("name", name, fmt.Sprintf("at most %d characters, so that the IAM role %q fits IAM's %d with Pulumi's %d-character suffix",
			max, name+suffix+"-xxxxxxx", arg.IAMRoleNameMaxLength, arg.PulumiAutoNameSuffixLength))
	}
}

var (
	LogGroupArnRe      = regexp.MustCompile(iampolicy.LogGroupArnPattern)
	EcrRepositoryArnRe = regexp.MustCompile(iampolicy.EcrRepositoryArnPattern)
)

var RetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
	1096, 1827, 2192, 2557, 2922, 3288, 3653}

const (

	// studioKeyDeletionWindowDays is the longest KMS deletion window: a key destroyed outside prod
	// can still be recovered with CancelKeyDeletion for 30 days, and with it the retained home EFS.
	KeyDeletionWindowDays = 30
)

// studioKnownString returns the value of a plain pulumi.String input (a literal); values wired
// from other resources are checked by AWS instead.
func KnownString(in pulumi.StringInput) (string, bool) {
	if s, ok := in.(pulumi.String); ok {
		return string(s), true
	}
	return "", false
}

// checkString checks a string input that may be wired from another resource: nil is missing,
// a zero-value Output is refused, a literal must match re.
func (p *Problems) CheckString(field string, in pulumi.StringInput, re *regexp.Regexp, want string) {
	if in == nil {
		p.Missing(field, want)
		return
	}
	if UnsetInput(in) {
		p.Bad(field, "zero-value Output", want+" (a zero-value Output never resolves: was it read from a map that lacks the key?)")
		return
	}
	if s, ok := KnownString(in); ok && !re.MatchString(s) {
		p.Bad(field, s, want)
	}
}

type PolicyStatement struct {
	Sid       string                    `json:"Sid"`
	Effect    string                    `json:"Effect"`
	Principal map[string]string         `json:"Principal"`
	Action    []string                  `json:"Action"`
	Resource  string                    `json:"Resource"`
	Condition map[string]map[string]any `json:"Condition,omitempty"`
}
