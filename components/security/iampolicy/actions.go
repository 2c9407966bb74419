package iampolicy

import (
	"embed"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// The reference data: the Service Authorization Reference page "Actions, resources, and condition
// keys for Amazon SageMaker" (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html),
// parsed to action → condition keys and condition key → (description, type). A test checks the
// copies against the condition-key table of that page kept in testdata/.
//
//go:embed data/sagemaker-action-condition-keys.json data/sagemaker-condition-key-defs.json
var referenceData embed.FS

// Reference file names under data/.
const (
	ActionKeysFile = "data/sagemaker-action-condition-keys.json"
	KeyDefsFile    = "data/sagemaker-condition-key-defs.json"
)

// ServicePrefix is SageMaker's IAM service prefix.
const ServicePrefix = "sagemaker"

// Reference is the SageMaker actions and condition keys of the Service Authorization Reference.
type Reference struct {
	// ActionKeys maps an action name without prefix ("CreateTrainingJob") to its condition keys.
	ActionKeys map[string][]string
	// KeyTypes maps a condition key ("sagemaker:VpcSubnets") to its type ("ArrayOfString").
	KeyTypes map[string]string
}

var reference = mustLoadReference()

// SageMakerReference returns a copy of the embedded reference data (the guards are built from
// the original, which no caller can change).
func SageMakerReference() Reference {
	out := Reference{ActionKeys: make(map[string][]string, len(reference.ActionKeys)), KeyTypes: maps.Clone(reference.KeyTypes)}
	for a, keys := range reference.ActionKeys {
		out.ActionKeys[a] = slices.Clone(keys)
	}
	return out
}

func mustLoadReference() Reference {
	r, err := LoadReference(readEmbedded(ActionKeysFile), readEmbedded(KeyDefsFile))
	if err != nil {
		panic(err)
	}
	return r
}

func readEmbedded(name string) []byte {
	b, err := referenceData.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return b
}

// EmbeddedFile returns the bytes of an embedded reference file (ActionKeysFile or KeyDefsFile).
func EmbeddedFile(name string) ([]byte, error) { return referenceData.ReadFile(name) }

// LoadReference parses the two reference files.
func LoadReference(actionKeys, keyDefs []byte) (Reference, error) {
	r := Reference{ActionKeys: map[string][]string{}, KeyTypes: map[string]string{}}
	if err := json.Unmarshal(actionKeys, &r.ActionKeys); err != nil {
		return r, fmt.Errorf("iampolicy: parsing %s: %w", ActionKeysFile, err)
	}
	var defs map[string][]string
	if err := json.Unmarshal(keyDefs, &defs); err != nil {
		return r, fmt.Errorf("iampolicy: parsing %s: %w", KeyDefsFile, err)
	}
	for k, v := range defs {
		if len(v) != 2 {
			return r, fmt.Errorf("iampolicy: %s: key %q has %d fields: want [description, type]", KeyDefsFile, k, len(v))
		}
		r.KeyTypes[k] = v[1]
	}
	return r, nil
}

// splitAction splits "sagemaker:CreateTrainingJob" into its prefix and name.
func splitAction(action string) (prefix, name string, ok bool) {
	prefix, name, ok = strings.Cut(action, ":")
	return strings.ToLower(prefix), name, ok && prefix != "" && name != ""
}

// HasAction reports whether action ("sagemaker:CreateTrainingJob") is a SageMaker action of the
// reference. Action names compare case-insensitively, as IAM compares them.
func (r Reference) HasAction(action string) bool {
	_, ok := r.lookup(action)
	return ok
}

func (r Reference) lookup(action string) ([]string, bool) {
	prefix, name, ok := splitAction(action)
	if !ok || prefix != ServicePrefix {
		return nil, false
	}
	if keys, ok := r.ActionKeys[name]; ok {
		return keys, true
	}
	for n, keys := range r.ActionKeys {
		if strings.EqualFold(n, name) {
			return keys, true
		}
	}
	return nil, false
}

// IsGlobalKey reports whether key is an AWS global condition key ("aws:SourceVpce"), which is in
// the request context of every action when it applies (IAM User Guide, "AWS global condition
// context keys"). Service-specific keys ("aws:RequestTag/…" and "aws:TagKeys" are listed per
// action in the reference and are treated as such) are not.
func IsGlobalKey(key string) bool {
	k := strings.ToLower(key)
	if !strings.HasPrefix(k, "aws:") {
		return false
	}
	switch {
	case strings.HasPrefix(k, "aws:requesttag/"), k == "aws:tagkeys", strings.HasPrefix(k, "aws:resourcetag/"):
		return false
	}
	return true
}

// Supports reports whether the reference lists key for action, or key is a global key and the
// action exists. Keys compare case-insensitively (IAM User Guide, "IAM JSON policy elements:
// Condition": "Condition key names are not case-sensitive").
func (r Reference) Supports(action, key string) bool {
	keys, ok := r.lookup(action)
	if !ok {
		return false
	}
	if IsGlobalKey(key) {
		return true
	}
	for _, k := range keys {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

// ActionsSupporting returns the sorted, prefixed actions ("sagemaker:CreateDomain") whose
// reference entry lists key.
func (r Reference) ActionsSupporting(key string) []string {
	var out []string
	for name, keys := range r.ActionKeys {
		for _, k := range keys {
			if strings.EqualFold(k, key) {
				out = append(out, ServicePrefix+":"+name)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// ActionsSupporting is SageMakerReference().ActionsSupporting.
func ActionsSupporting(key string) []string { return reference.ActionsSupporting(key) }

// ConditionKeys returns every key a statement's condition tests, sorted.
func (s Statement) ConditionKeys() []string {
	seen := map[string]bool{}
	var out []string
	for _, keys := range s.Condition {
		for k := range keys {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

// Unsupported returns, for a statement, each "action × key" pair where the action does not
// support the key according to the reference (a condition on an unsupported key is never in the
// request context, so a deny that requires it never fires, and one that requires its absence
// always fires). Actions with a wildcard, or of another service, are reported as such.
func (r Reference) Unsupported(s Statement) []string {
	var out []string
	for _, a := range s.Action {
		if strings.ContainsAny(a, "*?") {
			out = append(out, fmt.Sprintf("%s: wildcard actions cannot be checked against the reference", a))
			continue
		}
		if !r.HasAction(a) {
			out = append(out, fmt.Sprintf("%s: not a SageMaker action of the reference", a))
			continue
		}
		for _, k := range s.ConditionKeys() {
			if !r.Supports(a, k) {
				out = append(out, fmt.Sprintf("%s does not support %s", a, k))
			}
		}
	}
	return out
}
