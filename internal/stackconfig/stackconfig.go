// Package stackconfig turns a project's Pulumi.yaml and a stack file (Pulumi.<stack>.yaml) into
// the flat config map the Pulumi engine hands a program: fully qualified keys to raw values,
// structured values as JSON, project-level defaults applied where the stack sets nothing. The
// offline plan and the whole-program tests feed that map to the program under mocks, so they run
// exactly what `pulumi up` runs with the same stack file.
package stackconfig

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	"gopkg.in/yaml.v3"
)

// Project is the part of Pulumi.yaml the loader reads.
type Project struct {
	Name   string                                 `yaml:"name"`
	Config map[string]workspace.ProjectConfigType `yaml:"config"`
}

// LoadProject reads dir/Pulumi.yaml.
func LoadProject(dir string) (*Project, error) {
	b, err := os.ReadFile(filepath.Join(dir, "Pulumi.yaml"))
	if err != nil {
		return nil, err
	}
	var p Project
	if err := yaml.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("Pulumi.yaml: %w", err)
	}
	if p.Name == "" {
		return nil, errors.New("Pulumi.yaml: name is required")
	}
	return &p, nil
}

// Load returns the config map of stack in dir (dir/Pulumi.<stack>.yaml).
func Load(dir, stack string) (map[string]string, error) {
	return LoadFile(dir, filepath.Join(dir, "Pulumi."+stack+".yaml"))
}

// StackName derives the stack name from a stack file path (Pulumi.<stack>.yaml); other file
// names give "custom".
func StackName(path string) string {
	base := filepath.Base(path)
	const prefix, suffix = "Pulumi.", ".yaml"
	if len(base) > len(prefix)+len(suffix) && strings.HasPrefix(base, prefix) && strings.HasSuffix(base, suffix) {
		if s := base[len(prefix) : len(base)-len(suffix)]; !strings.Contains(s, ".") {
			return s
		}
	}
	return "custom"
}

// LoadFile returns the config map of the stack file at path, with the project in dir.
func LoadFile(dir, path string) (map[string]string, error) {
	proj, err := LoadProject(dir)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var stack struct {
		Config map[string]any `yaml:"config"`
	}
	if err := yaml.Unmarshal(b, &stack); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := map[string]string{}
	var errs []error
	for key, val := range stack.Config {
		full := qualify(proj.Name, key)
		if m, ok := val.(map[string]any); ok && len(m) == 1 && m["secure"] != nil {
			errs = append(errs, fmt.Errorf("%s: %s is a secret; the offline loader cannot decrypt secrets", path, full))
			continue
		}
		if ns, name, _ := strings.Cut(full, ":"); ns == proj.Name {
			decl, ok := proj.Config[name]
			if !ok {
				errs = append(errs, fmt.Errorf("%s: %s is not declared in Pulumi.yaml's config block (declared: %s)",
					path, full, strings.Join(declared(proj), ", ")))
				continue
			}
			if decl.Type != nil && !workspace.ValidateConfigValue(*decl.Type, decl.Items, normalize(val)) {
				errs = append(errs, fmt.Errorf("%s: %s must be of type %s", path, full,
					workspace.InferFullTypeName(*decl.Type, decl.Items)))
				continue
			}
		}
		s, err := raw(val)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %s: %w", path, full, err))
			continue
		}
		out[full] = s
	}
	// Project-level defaults fill what the stack leaves out, as the engine does.
	for name, decl := range proj.Config {
		full := qualify(proj.Name, name)
		if _, set := out[full]; set || decl.Default == nil {
			continue
		}
		s, err := raw(decl.Default)
		if err != nil {
			errs = append(errs, fmt.Errorf("Pulumi.yaml: default of %s: %w", full, err))
			continue
		}
		out[full] = s
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

func declared(p *Project) []string {
	var out []string
	for k := range p.Config {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// qualify prefixes a bare key with the project namespace; a key in Pulumi.yaml may already be
// qualified (aws:region).
func qualify(project, key string) string {
	if strings.Contains(key, ":") {
		return key
	}
	return project + ":" + key
}

// raw renders a YAML value as the engine passes it to a program: strings as they are, numbers
// and booleans in their plain form, objects and lists as JSON.
func raw(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case int:
		return strconv.Itoa(v), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case nil:
		return "", nil
	}
	b, err := json.Marshal(normalize(v))
	return string(b), err
}

// normalize turns yaml.v3's map[string]interface{} trees into JSON-able values.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[k] = normalize(e)
		}
		return m
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[fmt.Sprint(k)] = normalize(e)
		}
		return m
	case []any:
		s := make([]any, len(v))
		for i, e := range v {
			s[i] = normalize(e)
		}
		return s
	}
	return v
}
