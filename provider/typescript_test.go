//go:build typescript

package main

// The TypeScript proof, outside the default test run because it needs npm (the registry) and
// about a minute: the committed schema.json bound and turned into the TypeScript SDK by the
// Pulumi codegen (pkg/v3, the version pulumi-go-provider brings), then the example consumer
// (examples/typescript-landing-zone/index.ts) type-checked against it with the TypeScript
// compiler from npm; a consumer with a misspelled property must fail the same check.
//
//	go test -tags typescript ./provider -run TestTypeScript
//
// (docs/any-language.md). The build tag keeps the codegen's compile and npm out of `go test ./...`.

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/stretchr/testify/require"
)

// Pinned npm packages of the check: the Node SDK at the Go SDK's version, and TypeScript 5.
var npmPackages = []string{"@pulumi/pulumi@3.263.0", "typescript@5.8.3", "@types/node@20.19.0"}

func TestTypeScriptConsumerTypeChecks(t *testing.T) {
	raw, err := os.ReadFile(schemaFile)
	require.NoError(t, err)
	var spec schema.PackageSpec
	require.NoError(t, json.Unmarshal(raw, &spec))
	loader := schema.NewPluginLoader(nil)
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{})
	require.NoError(t, err)
	require.False(t, diags.HasErrors(), "schema.json does not bind: %v", diags)
	files, err := nodejs.GeneratePackage("sagemaker-landing-zone-test", pkg, nil, nil, true, loader)
	require.NoError(t, err)

	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, "sdks", "vpconly", name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, content, 0o644))
	}
	example, err := os.ReadFile(filepath.Join("..", "examples", "typescript-landing-zone", "index.ts"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "index.ts"), example, 0o644))
	bad := []byte(`import * as vpconly from "@vpconly/vpconly";
new vpconly.LandingZone("lz", { spokes: [{ nam: "typo", cidr: "10.2.0.0/20" }] });
`)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.ts"), bad, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name":"lz-ts-check","private":true}`), 0o644))

	npm := exec.Command("npm", append([]string{"install", "--no-audit", "--no-fund", "--loglevel=error"}, npmPackages...)...)
	npm.Dir = dir
	out, err := npm.CombinedOutput()
	require.NoError(t, err, "npm install: %s", out)

	tsc := func(file string) ([]byte, error) {
		cfg := map[string]any{
			"compilerOptions": map[string]any{
				"strict": true, "noEmit": true, "target": "es2020", "module": "commonjs",
				"moduleResolution": "node", "experimentalDecorators": true, "skipLibCheck": true,
				"baseUrl": ".", "paths": map[string]any{"@vpconly/vpconly": []string{"sdks/vpconly/index.ts"}},
			},
			"files": []string{file},
		}
		b, _ := json.Marshal(cfg)
		name := "tsconfig." + file + ".json"
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o644))
		cmd := exec.Command(filepath.Join(dir, "node_modules", ".bin", "tsc"), "-p", name)
		cmd.Dir = dir
		return cmd.CombinedOutput()
	}
	out, err = tsc("index.ts")
	require.NoError(t, err, "the example does not type-check against the generated SDK:\n%s", out)
	out, err = tsc("bad.ts")
	require.Error(t, err, "a misspelled property must fail the check")
	require.Contains(t, string(out), "nam", "tsc names the misspelled property")
	t.Logf("generated SDK: %d files; example type-checks; the misspelled consumer fails:\n%s", len(files), out)
}
