// Package access holds how people and the corporate network get in:
//
//   - CorporateAccess (vpconly:access:CorporateAccess): a Site-to-Site VPN, a Direct Connect
//     gateway association or an existing attachment on the hub's Transit Gateway, with a route
//     table of its own so that only the hub and the on-premises spokes reach the corporate network.
//   - ResolverEndpoints (vpconly:access:ResolverEndpoints): Route 53 Resolver inbound endpoints
//     (the corporate DNS forwards the hub's zones to them) and outbound forwarding rules.
//   - ResolverRuleShare (vpconly:access:ResolverRuleShare): the forwarding rules shared with the
//     spokes' accounts.
//   - HumanAccessPolicy (vpconly:access:HumanAccessPolicy): the data scientists' IAM policy: a
//     presigned Studio URL only through the hub's SageMaker API and Studio endpoints.
package access
