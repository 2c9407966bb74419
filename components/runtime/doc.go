// Package runtime holds the controls that keep the landing zone closed once it runs:
//
//   - BlockPublicAccess (vpconly:runtime:BlockPublicAccess): VPC Block Public Access on,
//     bidirectionally, for the provider's account and Region, with the configured exclusions only.
//   - DnsFirewall (vpconly:runtime:DnsFirewall): a Route 53 Resolver DNS Firewall allow-list with a
//     block-all fallback on every VPC of the landing zone (fail-closed), with encrypted query logs.
//   - DetectiveControls (vpconly:runtime:DetectiveControls): AWS Config rules for internet routes
//     and gateways, with compliance changes logged.
//   - KpiDashboard (vpconly:runtime:KpiDashboard): the FinOps KPIs' CloudWatch dashboard, its metric
//     filters, alarms on security events and the encrypted SNS topic they notify.
//   - OrganizationGuardrails (vpconly:runtime:OrganizationGuardrails): service control policies
//     for the organization.
package runtime
