package policies

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/property"
)

// The accessors below never panic, whatever the shape of a property map: property.Value's As*
// methods panic on the wrong type, so every read goes through an Is* check first. A secret is a
// flag on a value, not a wrapper, so secrets are read through transparently; show() is the only
// place a value is rendered into a message, and it prints secrets as [secret].
//
// Three outcomes matter to a policy: a known value, an unknown one (computed during preview: the
// policy cannot decide and must stay silent), and an absent or null one (the provider default
// applies).

// at walks keys through nested maps. A computed value on the way is returned as is (so the result
// is unknown); anything else that is not a map gives a null value.
func at(v property.Value, keys ...string) property.Value {
	for _, k := range keys {
		switch {
		case v.IsComputed():
			return v
		case v.IsMap():
			v = v.AsMap().Get(k)
		default:
			return property.Value{}
		}
	}
	return v
}

// prop reads a dotted-free key path from a resource's properties.
func prop(m property.Map, keys ...string) property.Value {
	return at(property.New(m), keys...)
}

func unknown(v property.Value) bool { return v.IsComputed() }

// absent reports a null or missing value (the provider default applies).
func absent(v property.Value) bool { return v.IsNull() }

// str returns a known string.
func str(v property.Value) (string, bool) {
	if v.IsString() {
		return v.AsString(), true
	}
	return "", false
}

// boolean returns a known boolean; the strings "true"/"false" are accepted too, as providers
// receive config-like inputs as strings.
func boolean(v property.Value) (bool, bool) {
	switch {
	case v.IsBool():
		return v.AsBool(), true
	case v.IsString():
		switch strings.ToLower(v.AsString()) {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

// elems returns the elements of a known array.
func elems(v property.Value) ([]property.Value, bool) {
	if v.IsArray() {
		return v.AsArray().AsSlice(), true
	}
	return nil, false
}

// nonEmptyList decides whether v is a list with at least one element: (has, decided). An unknown
// list, or a known list of only unknown elements, is undecided only when it is unknown as a whole;
// a list holding an unknown element has an element.
func nonEmptyList(v property.Value) (has, decided bool) {
	switch {
	case unknown(v):
		return false, false
	case absent(v):
		return false, true
	case v.IsArray():
		for _, e := range v.AsArray().AsSlice() {
			if unknown(e) {
				return true, true
			}
			if s, ok := str(e); ok && strings.TrimSpace(s) == "" {
				continue
			}
			if !absent(e) {
				return true, true
			}
		}
		return false, true
	}
	return false, true
}

// show renders a value for a message: secrets as [secret], unknowns as [unknown], strings quoted.
func show(v property.Value) string {
	if v.Secret() {
		return "[secret]"
	}
	switch {
	case v.IsComputed():
		return "[unknown]"
	case v.IsNull():
		return "null"
	case v.IsString():
		return fmt.Sprintf("%q", v.AsString())
	case v.IsBool():
		return fmt.Sprintf("%t", v.AsBool())
	case v.IsNumber():
		return fmt.Sprintf("%g", v.AsNumber())
	case v.IsArray():
		parts := make([]string, 0, v.AsArray().Len())
		for _, e := range v.AsArray().AsSlice() {
			parts = append(parts, show(e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case v.IsMap():
		return "{...}"
	}
	return "<value>"
}

// tagSet is what a policy knows about a resource's effective tags: known values by key, keys
// present with an unknown value, and whether the set as a whole is undecidable (tags unknown).
type tagSet struct {
	values  map[string]property.Value
	unknown bool
}

func (t tagSet) has(key string) (present, decided bool) {
	if v, ok := t.values[key]; ok {
		if unknown(v) {
			return true, true
		}
		if s, ok := str(v); ok {
			return strings.TrimSpace(s) != "", true
		}
		return !absent(v), true
	}
	return false, !t.unknown
}

// value returns a tag's known string value.
func (t tagSet) value(key string) (string, bool) {
	return str(t.values[key])
}

// effectiveTags merges the provider's defaultTags.tags under the resource's own tags, as the AWS
// provider does. defaultTags may arrive as an object or, for provider inputs, as a JSON string.
func effectiveTags(r *Resource) tagSet {
	t := tagSet{values: map[string]property.Value{}}
	merge := func(v property.Value) {
		switch {
		case unknown(v):
			t.unknown = true
		case v.IsMap():
			for k, e := range v.AsMap().All {
				t.values[k] = e
			}
		case v.IsArray(): // aws-native and CloudFormation: [{key, value}]
			for _, e := range v.AsArray().AsSlice() {
				k := at(e, "key")
				if absent(k) {
					k = at(e, "Key")
				}
				val := at(e, "value")
				if absent(val) {
					val = at(e, "Value")
				}
				if ks, ok := str(k); ok {
					t.values[ks] = val
				} else if unknown(k) || unknown(e) {
					t.unknown = true
				}
			}
		}
	}
	if r.ProviderProperties.Len() > 0 {
		dt := prop(r.ProviderProperties, "defaultTags")
		if s, ok := str(dt); ok {
			dt = parseJSONValue(s).WithSecret(dt.Secret())
		}
		merge(at(dt, "tags"))
	}
	merge(prop(r.Properties, "tags"))
	return t
}

// parseJSONValue decodes a JSON document into a property value; invalid JSON gives null.
func parseJSONValue(s string) property.Value {
	var raw any
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return property.Value{}
	}
	return fromPlain(raw)
}

// fromPlain converts decoded JSON (or YAML-like) data into a property value.
func fromPlain(raw any) property.Value {
	switch x := raw.(type) {
	case nil:
		return property.Value{}
	case bool:
		return property.New(x)
	case float64:
		return property.New(x)
	case int:
		return property.New(float64(x))
	case string:
		return property.New(x)
	case []any:
		vs := make([]property.Value, len(x))
		for i, e := range x {
			vs[i] = fromPlain(e)
		}
		return property.New(vs)
	case map[string]any:
		m := make(map[string]property.Value, len(x))
		for k, e := range x {
			m[k] = fromPlain(e)
		}
		return property.New(m)
	}
	return property.Value{}
}
