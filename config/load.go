package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Getter reads one fully qualified config key, as pulumi.Context.GetConfig does.
type Getter func(key string) (string, bool)

// Load reads the stack's configuration from the Pulumi engine, fills in defaults and validates
// it. Every problem comes back at once; nothing is registered before it returns.
func Load(ctx *pulumi.Context) (*Config, error) {
	return FromGetter(ctx.Stack(), ctx.GetConfig)
}

// FromGetter decodes, resolves and validates a configuration from raw config values (JSON for
// structured keys, as the engine passes them). It is Load without a pulumi.Context.
func FromGetter(stack string, get Getter) (*Config, error) {
	c, err := decodeConfig(stack, get)
	if err != nil {
		return nil, err
	}
	if err := Validate(c); err != nil {
		return nil, err
	}
	return c, nil
}

// decodeConfig decodes the raw values and resolves defaults, without validating.
// Decode decodes and resolves a configuration from raw config values without validating it
// (FromGetter validates too).
func Decode(stack string, get Getter) (*Config, error) { return decodeConfig(stack, get) }

func decodeConfig(stack string, get Getter) (*Config, error) {
	c := &Config{Stack: stack}
	var errs []error
	c.Region, _ = get("aws:region")
	if c.Region == "" {
		errs = append(errs, &Error{Key: "aws:region", Value: nil, Allowed: "an AWS region name such as us-east-1 (set it with `pulumi config set aws:region us-east-1`)"})
	}
	// Each top-level key decodes into the matching field of Config; the json tag is the key.
	rv := reflect.ValueOf(c).Elem()
	rt := rv.Type()
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		key := strings.Split(f.Tag.Get("json"), ",")[0]
		if key == "" || key == "-" {
			continue
		}
		raw, ok := get(Project + ":" + key)
		if ok && !required[key] && isEmptyJSON(raw) {
			// Pulumi.yaml gives every optional key a default of {} or [] (the Pulumi CLI refuses
			// a stack that leaves a declared key without default unset), so an empty object or
			// list means what leaving the key unset means.
			ok = false
		}
		if !ok {
			if required[key] {
				errs = append(errs, &Error{Key: Project + ":" + key, Value: nil, Allowed: requiredHelp[key]})
			}
			continue
		}
		if err := decode(raw, rv.Field(i).Addr().Interface()); err != nil {
			errs = append(errs, &Error{Key: Project + ":" + key, Value: json.RawMessage(raw), Allowed: err.Error()})
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	c.Resolve()
	return c, nil
}

// required keys are reported missing before anything else is checked. domains is required too,
// but Validate reports its absence with the other problems (Config.Domains).
var required = map[string]bool{"tags": true, "availabilityZones": true, "hub": true, "spokes": true}

var requiredHelp = map[string]string{
	"tags":              "an object {owner, costCenter, dataSensitivity}; it is required",
	"availabilityZones": "a list of at least 2 availability zone names; it is required",
	"hub":               "an object {cidr, azCount?, subnetPrefixLength?, endpoints?}; it is required",
	"spokes":            "a list of spokes {name, cidr, ...}; at least one is required",
}

// decode parses a config value into dst. Plain strings are taken as they are for string
// fields; everything else is JSON, decoded strictly (unknown fields are errors).
// isEmptyJSON reports whether raw is an empty JSON object or list ({} or [], any white space).
func isEmptyJSON(raw string) bool {
	t := strings.Join(strings.Fields(raw), "")
	return t == "{}" || t == "[]"
}

func decode(raw string, dst any) error {
	if s, ok := dst.(*string); ok {
		*s = raw
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			field := te.Field
			if field == "" {
				field = "the value"
			}
			return fmt.Errorf("%s must be %s (got JSON %s)", field, describe(te.Type), te.Value)
		}
		return fmt.Errorf("a value of this shape: %s (%v)", shape(dst), err)
	}
	if dec.More() {
		return fmt.Errorf("a single value")
	}
	return nil
}

func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map, reflect.Pointer:
		return "an object"
	}
	return t.String()
}

// shape names the JSON fields a struct accepts, so an unknown-field error says what is allowed.
func shape(dst any) string {
	t := reflect.TypeOf(dst)
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return describe(t)
	}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		if n := strings.Split(t.Field(i).Tag.Get("json"), ",")[0]; n != "" && n != "-" {
			names = append(names, n)
		}
	}
	return "{" + strings.Join(names, ", ") + "}"
}
