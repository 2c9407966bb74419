// Package core is what every component group shares and no consumer needs: the Problems builder
// behind each Validate method, tag and name helpers, the patterns of AWS ids, and the KMS-encrypted
// CloudWatch log group.
package core
