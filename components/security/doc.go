// Package security holds the components that decide what a workload may reach and do:
//
//   - StudioSecurityGroups (vpconly:security:StudioSecurityGroups): the Studio domain's security
//     group and, optionally, one per user; rules only to the hub's endpoints, the S3 prefix list
//     and (for on-premises spokes) the corporate CIDRs on HTTPS.
//   - JobSecurityGroup (vpconly:security:JobSecurityGroup): the group for training, processing and
//     inference jobs launched from Studio.
//   - Guardrails (vpconly:security:Guardrails): execution roles trusted only by SageMaker AI, the
//     deny guard that refuses any job or app outside the spoke's subnets and groups, and the
//     optional service control policies.
//
// Package security/iampolicy builds the IAM documents themselves from typed values.
package security
