// Package components holds the Pulumi components of the SageMaker VpcOnly landing zone.
//
// The network components build a hub-and-spoke network with no path to the internet:
//
//   - EndpointHub (vpconly:network:EndpointHub): a hub VPC of isolated subnets, the interface VPC
//     endpoints of the endpoint catalog (EndpointCatalog) with private DNS off and endpoint
//     policies limited to the account or organization, one Route 53 private hosted zone per
//     service hostname answering with an alias to the hub endpoint, and a Transit Gateway with
//     its own route table (no default association or propagation).
//   - SpokeVpc (vpconly:network:SpokeVpc): a workload VPC of isolated subnets whose only non-local
//     route is the hub CIDR via the Transit Gateway, an S3 gateway endpoint with a restrictive
//     policy, a KMS-encrypted VPC flow log, and associations with the hub's hosted zones.
//
// Neither creates an internet gateway, NAT gateway, Elastic IP, egress-only gateway, public subnet
// or default route; neither uses awsx (awsx:ec2:Vpc always attaches an internet gateway).
//
// The supply components replace the internet for packages and images:
//
//   - PackageSupply (vpconly:supply:PackageSupply): a KMS-encrypted CodeArtifact domain, a PyPI
//     repository whose upstream has the external connection to public PyPI, resource policies
//     that admit the account or organization only through the hub's CodeArtifact endpoints, an
//     optional allow-list, and the Studio lifecycle configurations that point pip at it.
//   - ImageSupply (vpconly:supply:ImageSupply): private ECR repositories for team images, an
//     optional ECR Public pull-through cache and an optional Studio custom image.
//
// The CIDR helpers (SubnetCidrs, DefaultSubnetPrefix, UsableIPs, Overlaps) are pure functions
// that the configuration validation shares with the components.
package components
