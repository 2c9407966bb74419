// Package deploy reads the Pulumi Deployments settings files of the stacks,
// Pulumi.<stack>.deploy.yaml: a `settings:` key holding the SDK's apitype.DeploymentSettings, the
// format `pulumi deployment settings pull/push` uses. sdk v3.263.0 has no loader for it in
// workspace any more, so this one decodes it strictly: YAML to JSON, then a json.Decoder with
// DisallowUnknownFields into the SDK type, so a misspelt or unsupported key is an error instead of
// a setting silently dropped.
package deploy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/encoding"
)

// File is the shape of a Pulumi.<stack>.deploy.yaml file.
type File struct {
	Settings apitype.DeploymentSettings `json:"settings"`
}

// Decode parses a deploy file strictly: unknown keys anywhere the SDK type decodes with the
// standard decoder, a missing `settings:` key, or trailing data are errors.
func Decode(data []byte) (apitype.DeploymentSettings, error) {
	var doc any
	if err := encoding.YAML.Unmarshal(data, &doc); err != nil {
		return apitype.DeploymentSettings{}, err
	}
	top, ok := doc.(map[string]any)
	if !ok {
		return apitype.DeploymentSettings{}, fmt.Errorf("deploy file: top level is %T; must be a mapping with a settings key", doc)
	}
	if _, ok := top["settings"]; !ok {
		return apitype.DeploymentSettings{}, fmt.Errorf("deploy file: no settings key (found %q)", keys(top))
	}
	// encoding/json matches keys case-insensitively ("roleARN" fills RoleARN's "roleArn"); the
	// CLI's YAML decoder does not, so exact key names are checked first.
	if err := exactKeys(doc, reflect.TypeOf(File{}), ""); err != nil {
		return apitype.DeploymentSettings{}, fmt.Errorf("deploy file: %w", err)
	}
	js, err := json.Marshal(doc)
	if err != nil {
		return apitype.DeploymentSettings{}, fmt.Errorf("deploy file: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.DisallowUnknownFields()
	var f File
	if err := dec.Decode(&f); err != nil {
		return apitype.DeploymentSettings{}, fmt.Errorf("deploy file: %w", err)
	}
	if dec.More() {
		return apitype.DeploymentSettings{}, fmt.Errorf("deploy file: trailing data after the settings object")
	}
	return f.Settings, nil
}

// Load reads and decodes the deploy file at path.
func Load(path string) (apitype.DeploymentSettings, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return apitype.DeploymentSettings{}, err
	}
	s, err := Decode(data)
	if err != nil {
		return s, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return s, nil
}

// FileName is the deploy file of a stack.
func FileName(stack string) string { return "Pulumi." + stack + ".deploy.yaml" }

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var jsonUnmarshaler = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()

// exactKeys reports the first key of v that is not spelt exactly as a JSON name of type t's
// fields. Types that decode themselves (json.Unmarshaler) are left to their own decoder.
func exactKeys(v any, t reflect.Type, path string) error {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) {
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return nil // a type mismatch; the JSON decoder reports it
		}
		fields := map[string]reflect.Type{}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fields[name] = f.Type
		}
		for _, k := range keys(m) {
			ft, ok := fields[k]
			if !ok {
				return fmt.Errorf("unknown field %q at %s", k, strings.TrimPrefix(path, "."))
			}
			if err := exactKeys(m[k], ft, path+"."+k); err != nil {
				return err
			}
		}
	case reflect.Map:
		if m, ok := v.(map[string]any); ok {
			for k, e := range m {
				if err := exactKeys(e, t.Elem(), path+"."+k); err != nil {
					return err
				}
			}
		}
	case reflect.Slice, reflect.Array:
		if l, ok := v.([]any); ok {
			for i, e := range l {
				if err := exactKeys(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
