// Command pulumicheck runs the Pulumi CLI's own project and stack checks, with the CLI's own code,
// over project folders and stack files, without a backend or a cloud:
//
//   - workspace.LoadProject: Pulumi.yaml against the CLI's project schema (name, runtime and its
//     options, config declarations and their types);
//   - workspace.LoadProjectStack: each Pulumi.<stack>.yaml against the stack schema (keys, secure
//     values, the project namespace);
//   - workspace.ValidateStackConfigAndApplyProjectConfig: the check `pulumi preview` and `pulumi up`
//     run before the program starts — every key the project declares without a default (or value)
//     must be set by the stack, and every value must have the declared type;
//   - workspace.LoadProjectStackDeployment: each Pulumi.<stack>.deploy.yaml (Pulumi Deployments
//     settings) against its schema;
//   - workspace.LoadPluginProject and workspace.LoadPolicyPack: a folder with PulumiPlugin.yaml (a
//     source-based component package: what `pulumi package add` and `get-schema` read) or
//     PulumiPolicy.yaml (a policy pack: what `--policy-pack` reads) instead of Pulumi.yaml.
//
// It lives in the tools module, pinned to github.com/pulumi/pulumi/sdk/v3 v3.250.0: the SDK the
// Pulumi CLI v3.250.0 is built with, whose sdk/go/common/workspace holds these functions (later
// releases moved ValidateStackConfigAndApplyProjectConfig to pkg/v3/workspace). The root module
// therefore does not inherit this SDK version.
//
// Usage: pulumicheck [-stack FILE]... PROJECT_DIR
//
// Every Pulumi.<stack>.yaml in PROJECT_DIR is checked, and each -stack FILE as a stack of that
// project (its stack name is the file name between "Pulumi." and ".yaml"). It prints one JSON object
// per file, {"file", "stack", "kind", "error"}, "error" empty when the CLI accepts the file, and
// exits 0 when all were read (a rejected file is a result, not a failure), 1 when the project
// itself cannot be read.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pulumi/esc"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag"
	"github.com/pulumi/pulumi/sdk/v3/go/common/diag/colors"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/config"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
)

type result struct {
	File  string `json:"file"`
	Stack string `json:"stack"`
	Kind  string `json:"kind"` // project, stack, deployment, plugin or policy
	Error string `json:"error"`
}

type stackFiles []string

func (s *stackFiles) String() string     { return strings.Join(*s, ",") }
func (s *stackFiles) Set(v string) error { *s = append(*s, v); return nil }

func main() {
	var extra stackFiles
	flag.Var(&extra, "stack", "a stack file of the project outside its folder (repeatable)")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: pulumicheck [-stack FILE]... PROJECT_DIR")
		os.Exit(2)
	}
	results, err := check(flag.Arg(0), extra)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pulumicheck:", err)
		os.Exit(1)
	}
	enc := json.NewEncoder(os.Stdout)
	for _, r := range results {
		if err := enc.Encode(r); err != nil {
			fmt.Fprintln(os.Stderr, "pulumicheck:", err)
			os.Exit(1)
		}
	}
}

func check(dir string, extra []string) ([]result, error) {
	// A component package or a policy pack: one file, read as the CLI reads it.
	for _, other := range []struct {
		file, kind string
		load       func(string) error
	}{
		{"PulumiPlugin.yaml", "plugin", func(p string) error { _, err := workspace.LoadPluginProject(p); return err }},
		{"PulumiPolicy.yaml", "policy", func(p string) error { _, err := workspace.LoadPolicyPack(p); return err }},
	} {
		f := filepath.Join(dir, other.file)
		if _, err := os.Stat(f); err == nil {
			return []result{{File: f, Kind: other.kind, Error: errText(other.load(f))}}, nil
		}
	}
	projectFile := filepath.Join(dir, "Pulumi.yaml")
	project, err := workspace.LoadProject(projectFile)
	if err != nil {
		return []result{{File: projectFile, Kind: "project", Error: err.Error()}}, nil
	}
	out := []result{{File: projectFile, Kind: "project"}}
	files, err := filepath.Glob(filepath.Join(dir, "Pulumi.*.yaml"))
	if err != nil {
		return nil, err
	}
	files = append(files, extra...)
	sort.Strings(files[:len(files)-len(extra)])
	// The CLI writes its diagnostics (warnings about empty config, for instance) to a sink;
	// a warning is not a rejection, so they go to stderr.
	sink := diag.DefaultSink(os.Stderr, os.Stderr, diag.FormatOptions{Color: colors.Never})
	for _, f := range files {
		base := filepath.Base(f)
		name := strings.TrimSuffix(strings.TrimPrefix(base, "Pulumi."), ".yaml")
		if stack, ok := strings.CutSuffix(name, ".deploy"); ok {
			_, err := workspace.LoadProjectStackDeployment(f)
			out = append(out, result{File: f, Stack: stack, Kind: "deployment", Error: errText(err)})
			continue
		}
		ps, err := workspace.LoadProjectStack(sink, project, f)
		if err == nil {
			// What `pulumi preview` runs before the program (pkg/cmd/pulumi: getStackConfiguration).
			// No environment (ESC) is attached; secure values are checked without their plaintext.
			err = workspace.ValidateStackConfigAndApplyProjectConfig(context.Background(), name, project,
				esc.Value{}, ps.Config, config.NopEncrypter, config.NewBlindingDecrypter())
		}
		out = append(out, result{File: f, Stack: name, Kind: "stack", Error: errText(err)})
	}
	return out, nil
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
