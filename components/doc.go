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
// The CIDR helpers (SubnetCidrs, DefaultSubnetPrefix, UsableIPs, Overlaps) are pure functions
// that the configuration validation shares with the components.
package components
