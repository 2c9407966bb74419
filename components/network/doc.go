// Package network builds the landing zone's network: a hub of interface VPC endpoints shared with
// isolated spokes, and nothing that reaches the internet.
//
//   - EndpointHub (vpconly:network:EndpointHub): a hub VPC of isolated subnets, the interface VPC
//     endpoints of the endpoint catalog (EndpointCatalog) with private DNS off and endpoint
//     policies limited to the account or organization, one Route 53 private hosted zone per
//     service hostname answering with an alias to the hub endpoint, and a Transit Gateway with
//     its own route table (no default association or propagation), or VPC peering.
//   - SpokeVpc (vpconly:network:SpokeVpc): a workload VPC of isolated subnets whose only non-local
//     route is the hub CIDR via the Transit Gateway (or peering), an S3 gateway endpoint with a
//     restrictive policy, a KMS-encrypted VPC flow log, and associations with the hub's zones.
//   - HubShare (vpconly:network:HubShare) shares the Transit Gateway with other accounts through
//     AWS RAM; HubDnsProfile (vpconly:network:HubDnsProfile) shares the hub's zones as one
//     Route 53 Profile.
//
// HubRef is the hub as a spoke needs it; HubRefFromStack reads it from the hub's stack outputs
// (HubKey* names them). The CIDR helpers (SubnetCidrs, UsableIPs, Overlaps) are pure functions the
// configuration validation shares. Neither component creates an internet gateway, NAT gateway,
// Elastic IP, egress-only gateway, public subnet or default route, and neither uses awsx
// (awsx:ec2:Vpc always attaches an internet gateway).
package network
