package main

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

//go:generate env UPDATE_GODOCS=1 go test -run TestGoDocsAreCurrent .

// describe fills the schema's descriptions from the Go doc comments (goDocs, generated from the
// source by `go generate` and kept current by TestGoDocsAreCurrent): each component's from its Go
// type's, each input property's from its Args field's, each output's from its component field's,
// and each object type's and property's from the Go struct it was inferred from. The doc comments
// stay the one source: the consumer's IDE help in every language is the Go API's documentation.
//
// The LandingZone's arguments are the stack configuration, which config's loader validates with
// the stack's own messages (a missing required key names the key and what it holds): its
// properties are all optional in the schema, so that those messages are the ones a consumer gets.
func describe(schema string, bs []bound, docs map[string]string) (string, error) {
	var spec map[string]any
	if err := json.Unmarshal([]byte(schema), &spec); err != nil {
		return "", err
	}
	resources, _ := spec["resources"].(map[string]any)
	types, _ := spec["types"].(map[string]any)
	d := describer{docs: docs, types: types, seen: map[string]bool{}}
	for _, b := range bs {
		res, ok := resources[b.token].(map[string]any)
		if !ok {
			return "", fmt.Errorf("schema has no resource %s", b.token)
		}
		setDescription(res, docs[typeKey(b.out)])
		optional := b.token == LandingZoneType
		if optional {
			delete(res, "requiredInputs")
		}
		d.properties(res, "inputProperties", b.args, optional, true)
		d.properties(res, "properties", b.out, false, false)
	}
	out, err := json.MarshalIndent(spec, "", "  ")
	return string(out), err
}

type describer struct {
	docs  map[string]string
	types map[string]any
	seen  map[string]bool
}

// properties describes obj[key]'s properties from the fields of the Go struct t, and the object
// types they refer to from the Go structs of those fields.
func (d describer) properties(obj map[string]any, key string, t reflect.Type, optional, input bool) {
	props, _ := obj[key].(map[string]any)
	for name, p := range props {
		f, ok := fieldByTag(t, name)
		if !ok {
			continue
		}
		prop := p.(map[string]any)
		setDescription(prop, d.docs[typeKey(t)+"."+f.Name])
		if input {
			markPlain(prop, f.Type)
		}
		d.refs(prop, f.Type, optional, input)
	}
}

// refs follows a property's type (through arrays and maps) to the object type it names.
func (d describer) refs(prop map[string]any, t reflect.Type, optional, input bool) {
	t = valueType(t)
	for _, k := range []string{"items", "additionalProperties"} {
		if inner, ok := prop[k].(map[string]any); ok {
			d.refs(inner, t, optional, input)
		}
	}
	ref, _ := prop["$ref"].(string)
	tok, ok := strings.CutPrefix(ref, "#/types/")
	if !ok || d.seen[tok] || t.Kind() != reflect.Struct {
		return
	}
	d.seen[tok] = true
	obj, ok := d.types[tok].(map[string]any)
	if !ok {
		return
	}
	setDescription(obj, d.docs[typeKey(t)])
	if optional {
		delete(obj, "required")
	}
	d.properties(obj, "properties", t, optional, input)
}

// markPlain marks an input property plain when its Go type is a plain value (a string, number,
// bool, struct, or a list or map of them), through its items: the consumer's SDK then takes a
// value, not an Output, as the Go constructor does. A pulumi.Input field (an id wired from another
// resource) stays an input. (infer marks scalars plain, not lists, maps or objects.)
func markPlain(prop map[string]any, t reflect.Type) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Implements(pulumiInput) {
		return
	}
	prop["plain"] = true
	if t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		for _, k := range []string{"items", "additionalProperties"} {
			if inner, ok := prop[k].(map[string]any); ok {
				markPlain(inner, t.Elem())
			}
		}
	}
}

var pulumiInput = reflect.TypeFor[pulumi.Input]()

// setDescription sets a description, or none when there is no doc comment (the Pulumi CLI drops
// empty descriptions; the committed schema is the CLI's).
func setDescription(obj map[string]any, doc string) {
	if doc != "" {
		obj["description"] = doc
	}
}

// valueType is the struct (or scalar) type a field's values have: through pointers, slices,
// maps, and a typed pulumi Output (studio.JobNetworkConfigOutput) to its element type.
func valueType(t reflect.Type) reflect.Type {
	for {
		if t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
			continue
		}
		if o, ok := reflect.New(t).Elem().Interface().(interface{ ElementType() reflect.Type }); ok && t.Kind() == reflect.Struct {
			if e := o.ElementType(); e != t {
				t = e
				continue
			}
		}
		return t
	}
}

// fieldByTag is t's field whose pulumi tag names the property.
func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if tag, ok := f.Tag.Lookup("pulumi"); ok && strings.Split(tag, ",")[0] == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// typeKey names a Go type in goDocs: "<import path>.<Name>", and "provider.<Name>" for this
// package's own (whose path is "main" in the plugin binary and the import path in its tests).
func typeKey(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return docPackage(t.PkgPath()) + "." + t.Name()
}

// docPackage is a package's name in goDocs keys.
func docPackage(path string) string {
	if path == reflect.TypeFor[bound]().PkgPath() {
		return "provider"
	}
	return path
}
