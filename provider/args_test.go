package main

import (
	"reflect"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
)

// notArguments are the Args fields the package does not take, each with the reason: they hold
// resources of the Go program, which no other language can pass.
var notArguments = map[string]string{
	"Config.Stack":                    "the consumer's stack name, from the engine (as for a stack's program)",
	"HumanAccessPolicyArgs.DenyGuard": "Guardrails' policy resources by key: a Go program wires them; the LandingZone does it itself",
}

// TestEveryArgsFieldIsAnArgument: every exported field of a component's Args (and of the structs
// they hold) is in the schema (a pulumi tag), unless it holds a provider or a resource (pass the
// component an explicit provider instead) or is listed in notArguments: a field added to an Args
// struct without a tag fails here instead of silently missing from every other language.
func TestEveryArgsFieldIsAnArgument(t *testing.T) {
	t.Parallel()
	resourceT := reflect.TypeFor[pulumi.Resource]()
	seen := map[reflect.Type]bool{}
	var missing []string
	var walk func(t reflect.Type)
	walk = func(ty reflect.Type) {
		ty = valueType(ty)
		if ty.Kind() != reflect.Struct || seen[ty] || ty.PkgPath() == "" || ty.Implements(pulumiInput) {
			return
		}
		seen[ty] = true
		for i := 0; i < ty.NumField(); i++ {
			f := ty.Field(i)
			if !f.IsExported() {
				continue
			}
			if _, ok := f.Tag.Lookup("pulumi"); ok {
				walk(f.Type)
				continue
			}
			if et := valueType(f.Type); et.Implements(resourceT) || notArguments[ty.Name()+"."+f.Name] != "" {
				continue
			}
			missing = append(missing, ty.Name()+"."+f.Name)
		}
	}
	for _, b := range blocks() {
		walk(b.args)
	}
	assert.Empty(t, missing, "tag each with `pulumi:\"<name>,optional\"` (or list it in notArguments with the reason)")
	assert.Greater(t, len(seen), 20)
}
