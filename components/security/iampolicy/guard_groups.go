package iampolicy

// Access groups: the execution roles' permission statements (StudioAccessPolicy) by concern.
// Like GuardGroups, each group has managed policies of its own named after its key, so that one
// more bucket, key, log group or repository updates one policy in place and never renames one.
const (
	AccessGroupSageMaker = "sagemaker"
	AccessGroupS3        = "s3"
	AccessGroupKms       = "kms"
	AccessGroupLogs      = "logs"
	AccessGroupEcr       = "ecr"
)

// AccessGroups returns the groups of StudioAccessPolicy's statements, in document order. The
// sagemaker group is always present; the others only when their list is not empty.
func AccessGroups() []Group {
	return []Group{
		{Key: AccessGroupSageMaker, Sids: []string{"StudioSageMakerWork", "VpcJobNetworkInterfaces", "SageMakerMetrics"}},
		{Key: AccessGroupS3, Sids: []string{"ListConfiguredBuckets", "ReadWriteConfiguredBucketObjects"}},
		{Key: AccessGroupKms, Sids: []string{"UseConfiguredKmsKeys", "GrantConfiguredKmsKeysToAwsResources"}},
		{Key: AccessGroupLogs, Sids: []string{"WriteConfiguredLogGroups"}},
		{Key: AccessGroupEcr, Sids: []string{"PullConfiguredEcrRepositories", "EcrAuthorizationToken"}},
	}
}
