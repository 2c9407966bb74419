// Package studio holds StudioDomain (vpconly:sagemaker:StudioDomain): a SageMaker AI Studio domain
// in VpcOnly mode in a spoke's subnets, with its own rotating KMS key for the home EFS, its user
// profiles, and the supply wiring (lifecycle configurations, custom images) from package supply.
// JobNetworkConfig is what the domain tells the jobs its users launch.
package studio
