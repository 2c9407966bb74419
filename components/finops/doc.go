// Package finops holds NetworkBudget (vpconly:finops:NetworkBudget): an AWS Budgets cost budget
// over the services the landing zone's network bills (NetworkBudgetServices), with e-mail and
// optional SNS notifications at each threshold.
package finops
