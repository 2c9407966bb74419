// Package runtime holds the controls that keep the landing zone closed once it runs:
//
//   - BlockPublicAccess (vpconly:runtime:BlockPublicAccess): VPC Block Public Access for the
//     account and Region, with the exclusions the spokes need.
//   - DnsFirewall (vpconly:runtime:DnsFirewall): a Route 53 Resolver DNS Firewall that answers only
//     the hub's service names, with encrypted query logs.
//   - DetectiveControls (vpconly:runtime:DetectiveControls): AWS Config rules for internet routes
//     and gateways, with compliance changes logged.
//   - KpiDashboard (vpconly:runtime:KpiDashboard): metric filters, alarms and a dashboard.
//   - OrganizationGuardrails (vpconly:runtime:OrganizationGuardrails): service control policies
//     for the organization.
package runtime
