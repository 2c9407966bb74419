// Package arg holds what every component group shares about arguments: *Error, the one error type
// every Validate method and constructor returns for a bad argument (which component, which
// field, the bad value and what is allowed; Errors lists them from a joined error so a caller can
// map fields back to its own configuration keys), and the name rules several groups apply
// (SageMaker AI resource names, tag values, e-mail addresses, IAM role name lengths).
package arg
