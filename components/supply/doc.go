// Package supply replaces the internet for packages and images:
//
//   - PackageSupply (vpconly:supply:PackageSupply): a KMS-encrypted CodeArtifact domain, a PyPI
//     repository whose upstream has the external connection to public PyPI, resource policies
//     that admit the account or organization only through the hub's CodeArtifact endpoints, an
//     optional allow-list, and the Studio lifecycle configurations that point pip at it.
//   - ImageSupply (vpconly:supply:ImageSupply): private ECR repositories for team images, an
//     optional ECR Public pull-through cache and an optional Studio custom image.
//   - PackageLifecycleConfigs and CustomStudioImage (vpconly:supply:...): the same wiring for a
//     workload account that consumes another account's supply.
//
// StudioSupply is what a StudioDomain takes from them.
package supply
