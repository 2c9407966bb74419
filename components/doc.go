// Package components is the root of the landing zone's Pulumi components. It holds no code: each
// group of components is a sub-package named after the module of its type tokens
// (vpconly:<module>:<Type>), and the program (package landingzone) or your own program imports
// the groups it needs.
//
//   - network (vpconly:network): EndpointHub, SpokeVpc, HubShare, HubDnsProfile; the endpoint
//     catalog, CIDR planning, peering, HubRef (a hub consumed from another stack).
//   - security (vpconly:security): StudioSecurityGroups, JobSecurityGroup, Guardrails; the IAM
//     documents are in security/iampolicy.
//   - studio (vpconly:sagemaker): StudioDomain, a VpcOnly SageMaker AI domain and its users.
//   - supply (vpconly:supply): PackageSupply, ImageSupply, PackageLifecycleConfigs,
//     CustomStudioImage: packages and images without the internet.
//   - access (vpconly:access): CorporateAccess, ResolverEndpoints, ResolverRuleShare,
//     HumanAccessPolicy: how people and the corporate DNS get in.
//   - runtime (vpconly:runtime): BlockPublicAccess, DnsFirewall, DetectiveControls, KpiDashboard,
//     OrganizationGuardrails: controls that keep the zone closed once it runs.
//   - finops (vpconly:finops): NetworkBudget.
//   - arg: the error every Validate method returns (*arg.Error, listed by arg.Errors) and the
//     name rules several groups share.
//
// Imports go one way: arg <- internal/core <- network <- security <- {access, runtime};
// network <- supply <- studio; finops needs only arg and internal/core. A group never imports
// config, landingzone, cost or the policy pack (tests/architecture_test.go checks it).
package components
