// Command cfngen regenerates policypack/policies/zz_generated_cfnnames.go and the spec excerpt
// policypack/internal/cfngen/testdata/cfnspec-excerpt.json (see package cfngen). Run it from the
// repository root:
//
//	npm pack @aws-cdk/cfnspec@2.72.1 && tar xzf aws-cdk-cfnspec-2.72.1.tgz
//	go run ./policypack/internal/cfngen/cmd/cfngen -spec package/spec/specification.json \
//	    -source "npm @aws-cdk/cfnspec@2.72.1 spec/specification.json"
//
// Without -spec it regenerates from the committed excerpt (after editing judged.txt, only for
// types and property types the excerpt already holds).
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/vpconly/sagemaker-landing-zone/policypack/internal/cfngen"
)

func main() {
	spec := flag.String("spec", cfngen.ExcerptPath, "the CloudFormation resource specification (JSON)")
	source := flag.String("source", "", "where the spec came from (package, version, file); kept from the excerpt when empty")
	goOut := flag.String("go", cfngen.TablePath, "the Go table to write")
	excerptOut := flag.String("excerpt", cfngen.ExcerptPath, "the spec excerpt to write")
	flag.Parse()
	if err := run(*spec, *source, *goOut, *excerptOut); err != nil {
		fmt.Fprintln(os.Stderr, "cfngen:", err)
		os.Exit(1)
	}
}

func run(spec, source, goOut, excerptOut string) error {
	b, err := os.ReadFile(spec)
	if err != nil {
		return err
	}
	src, excerpt, err := cfngen.GenerateFromLists(b, source)
	if err != nil {
		return err
	}
	if err := os.WriteFile(goOut, src, 0o644); err != nil {
		return err
	}
	return os.WriteFile(excerptOut, excerpt, 0o644)
}
