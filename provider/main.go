// Command provider is the landing zone as a Pulumi component package: a source-based plugin
// (PulumiPlugin.yaml, runtime: go) that any Pulumi language adds with
//
//	pulumi package add https://github.com/vpconly/sagemaker-landing-zone/provider@<tag>
//
// and then uses through the SDK the CLI generates in that language. It serves
// vpconly:index:LandingZone (the whole landing zone, its arguments the stack configuration model
// of package config) and the building-block components under the type tokens the Go API
// registers (bindings.go). See docs/any-language.md.
//
// Source-based plugin packages: https://www.pulumi.com/docs/iac/using-pulumi/extending-pulumi/build-a-component/
package main

import (
	"context"
	"fmt"
	"os"
)

// Name is the package name and its namespace: the first part of every type token, and the name
// the consumer's SDK is generated under (@vpconly/vpconly in TypeScript, ...).
const Name = "vpconly"

// Version is the plugin's version in the schema. A consumer pins the package by the git tag
// in `pulumi package add <repo>/provider@<tag>`, not by this string.
const Version = "0.1.0"

func main() {
	p, err := newProvider()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := p.Run(context.Background(), Name, Version); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
