// Package access holds how people and the corporate network get in:
//
//   - CorporateAccess (vpconly:access:CorporateAccess): the Site-to-Site VPN or Direct Connect
//     gateway association with the hub's Transit Gateway, and its own route table.
//   - ResolverEndpoints (vpconly:access:ResolverEndpoints): Route 53 Resolver inbound endpoints
//     (the corporate DNS forwards the hub's zones to them) and outbound forwarding rules.
//   - ResolverRuleShare (vpconly:access:ResolverRuleShare): the forwarding rules shared with the
//     spokes' accounts.
//   - HumanAccessPolicy (vpconly:access:HumanAccessPolicy): the data scientists' IAM policy: a
//     presigned Studio URL only through the hub's SageMaker API and Studio endpoints.
package access
