package main

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	rpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const schemaFile = "schema.json"

// schemaJSON is the schema the provider serves over gRPC (what `pulumi package get-schema` and
// `pulumi package add` read), generated in-process.
func schemaJSON(t *testing.T) string {
	t.Helper()
	prov, err := newProvider()
	require.NoError(t, err)
	srv, err := p.RawServer(Name, Version, prov)(nil)
	require.NoError(t, err)
	resp, err := srv.GetSchema(context.Background(), &rpc.GetSchemaRequest{})
	require.NoError(t, err)
	return resp.GetSchema() + "\n"
}

func schemaMap(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(schemaJSON(t)), &m))
	return m
}

// TestSchemaIsCommitted: schema.json is the schema the provider serves; a change to an Args
// struct, a doc comment or a token fails here until UPDATE_SCHEMA=1 rewrites it, so the change
// is reviewed as a schema diff.
func TestSchemaIsCommitted(t *testing.T) {
	t.Parallel()
	got := schemaJSON(t)
	if os.Getenv("UPDATE_SCHEMA") != "" {
		require.NoError(t, os.WriteFile(schemaFile, []byte(got), 0o644))
	}
	want, err := os.ReadFile(schemaFile)
	require.NoError(t, err)
	require.Equal(t, string(want), got, "schema drift: review, then `UPDATE_SCHEMA=1 go test ./provider -run TestSchemaIsCommitted`")
}

// TestSchemaHasEveryComponentUnderItsGoToken: the resources are exactly the bindings, each under
// the token the Go API registers, all components.
func TestSchemaHasEveryComponentUnderItsGoToken(t *testing.T) {
	t.Parallel()
	res := schemaMap(t)["resources"].(map[string]any)
	var want, got []string
	for _, b := range blocks() {
		want = append(want, b.token)
	}
	for tok, r := range res {
		got = append(got, tok)
		assert.Equal(t, true, r.(map[string]any)["isComponent"], tok)
	}
	sort.Strings(want)
	sort.Strings(got)
	assert.Equal(t, want, got)
	assert.Contains(t, got, "vpconly:network:EndpointHub")
	assert.Contains(t, got, "vpconly:index:LandingZone")
}

// TestEveryInputIsDocumented: every component, every input and output property and every
// property of an object type has a description (the consumer's IDE help), from the Go doc
// comments.
func TestEveryInputIsDocumented(t *testing.T) {
	t.Parallel()
	s := schemaMap(t)
	var missing []string
	for tok, r := range s["resources"].(map[string]any) {
		r := r.(map[string]any)
		if r["description"] == "" || r["description"] == nil {
			missing = append(missing, tok)
		}
		for _, kind := range []string{"inputProperties", "properties"} {
			props, _ := r[kind].(map[string]any)
			for name, p := range props {
				if d, _ := p.(map[string]any)["description"].(string); d == "" {
					missing = append(missing, tok+" "+kind+" "+name)
				}
			}
		}
	}
	for tok, ty := range s["types"].(map[string]any) {
		props, _ := ty.(map[string]any)["properties"].(map[string]any)
		if len(props) == 0 {
			missing = append(missing, tok+" has no properties (an untagged struct)")
		}
		for name, p := range props {
			if d, _ := p.(map[string]any)["description"].(string); d == "" {
				missing = append(missing, tok+"."+name)
			}
		}
	}
	sort.Strings(missing)
	assert.Empty(t, missing, "add a doc comment to the Go field, then go generate ./provider")
}

// TestDescribeFillsFromGoDocs: the description of a property is its Go field's doc comment, and
// a field without one gets none (so TestEveryInputIsDocumented would fail).
func TestDescribeFillsFromGoDocs(t *testing.T) {
	t.Parallel()
	b := blocks()[1] // EndpointHub
	in := `{"resources":{"` + b.token + `":{"inputProperties":{"cidrBlock":{"type":"string"},"region":{"type":"string"}},"properties":{}}},"types":{}}`
	docs := map[string]string{typeKey(b.args) + ".CidrBlock": "the CIDR", typeKey(b.out): "a hub"}
	out, err := describe(in, []bound{b}, docs)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &m))
	r := m["resources"].(map[string]any)[b.token].(map[string]any)
	assert.Equal(t, "a hub", r["description"])
	props := r["inputProperties"].(map[string]any)
	assert.Equal(t, "the CIDR", props["cidrBlock"].(map[string]any)["description"])
	assert.NotContains(t, props["region"].(map[string]any), "description")
	_, err = describe(in, []bound{blocks()[2]}, docs)
	assert.Error(t, err, "a binding without its resource in the schema")
}

// TestPlainValuesPlainWiredIdsInputs: an input is plain in the schema exactly when its Go field
// is a plain value (a string, number, struct, list or map of them), at every level (the list and
// its items); a pulumi.Input field (an id wired from another resource) is an input a consumer may
// pass an Output to; in the components' arguments and the object types they use.
func TestPlainValuesPlainWiredIdsInputs(t *testing.T) {
	t.Parallel()
	s := schemaMap(t)
	res := s["resources"].(map[string]any)
	checked, wired := 0, 0
	var check func(path string, p map[string]any, ft reflect.Type)
	check = func(path string, p map[string]any, ft reflect.Type) {
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		plain, _ := p["plain"].(bool)
		want := !ft.Implements(pulumiInput)
		assert.Equal(t, want, plain, "plain of %s (%s)", path, ft)
		checked++
		if !want {
			wired++
			return
		}
		for _, k := range []string{"items", "additionalProperties"} {
			if inner, ok := p[k].(map[string]any); ok {
				check(path+"."+k, inner, ft.Elem())
			}
		}
	}
	for _, b := range blocks() {
		props := res[b.token].(map[string]any)["inputProperties"].(map[string]any)
		for i := 0; i < b.args.NumField(); i++ {
			f := b.args.Field(i)
			tag, ok := f.Tag.Lookup("pulumi")
			if !ok {
				continue
			}
			check(b.token+"."+f.Name, props[strings.Split(tag, ",")[0]].(map[string]any), f.Type)
		}
	}
	hubRef := s["types"].(map[string]any)["vpconly:network:HubRef"].(map[string]any)["properties"].(map[string]any)
	assert.Equal(t, true, hubRef["cidr"].(map[string]any)["plain"], "HubRef.Cidr is plain")
	assert.NotContains(t, hubRef["vpcId"].(map[string]any), "plain", "HubRef.VpcId is an input")
	assert.Greater(t, checked, 200)
	assert.Greater(t, wired, 20)
}
