#!/usr/bin/env bash
# Stage the policy pack as a self-contained directory and publish it to Pulumi Cloud.
#
#   policypack/publish.sh <org>          # stage, build, then `pulumi policy publish <org>`
#   policypack/publish.sh --stage-only   # stage and build only; prints the staging directory
#
# Pulumi Cloud uploads the pack's directory alone, but in this repository the pack's main.go
# imports ./policies through the landing zone's module. The staged copy gets its own go.mod
# (module github.com/vpconly/sagemaker-landing-zone/policypack, so the import paths stay valid),
# without the tests (the test-only protocol driver lives in the landing zone's internal/packtest).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
stage="$(mktemp -d)/vpconly-landing-zone-policypack"
mkdir -p "$stage/policies" "$stage/config"
cp "$here/PulumiPolicy.yaml" "$here/main.go" "$here/README.md" "$stage/"
cp "$here/config/"*.json "$stage/config/"
find "$here/policies" -maxdepth 1 -name '*.go' ! -name '*_test.go' -exec cp {} "$stage/policies/" \;
sdk="$(cd "$root" && go list -m -f '{{.Version}}' github.com/pulumi/pulumi/sdk/v3)"
semver="$(cd "$root" && go list -m -f '{{.Version}}' github.com/blang/semver)"
yaml="$(cd "$root" && go list -m -f '{{.Version}}' gopkg.in/yaml.v3)"
cat > "$stage/go.mod" <<GOMOD
module github.com/vpconly/sagemaker-landing-zone/policypack

go 1.24

require (
	github.com/blang/semver $semver
	github.com/pulumi/pulumi/sdk/v3 $sdk
	gopkg.in/yaml.v3 $yaml
)
GOMOD
cp "$root/go.sum" "$stage/go.sum"
(cd "$stage" && go mod tidy && go build -o /dev/null .)
if [[ "${1:-}" == "--stage-only" ]]; then
	echo "$stage"
	exit 0
fi
cd "$stage" && pulumi policy publish "${1:?usage: publish.sh <org> | --stage-only}"
