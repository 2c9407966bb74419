package iampolicy

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
)

// Organization guardrails: service control policy statements that make AWS itself refuse an
// internet path in the accounts they are attached to, whatever tool or console the caller uses.
// They are the runtime counterpart of the policy pack (which only sees programs that run it).
//
// Statement IDs are stable: documents are named after them and tests address them.
const (
	SidOrgDenyInternetGateways  = "DenyInternetGateways"
	SidOrgDenyNatAndElasticIps  = "DenyNatGatewaysAndElasticIps"
	SidOrgDenyBlockPublicAccess = "DenyVpcBlockPublicAccessChanges"
	SidOrgDenyDomainNotVpcOnly  = "DenySageMakerDomainNotVpcOnly"
)

// KeyPrincipalArn is the global condition key naming the calling principal's ARN (for an assumed
// role, the role's ARN, not the session's): IAM User Guide, "AWS global condition context keys",
// aws:PrincipalArn.
const KeyPrincipalArn = "aws:PrincipalArn"

// OrgGuardActions are the actions each organization-guardrail statement denies, by Sid. Action
// names are the EC2 and SageMaker API operations (Service Authorization Reference, "Actions
// defined by Amazon EC2"):
//   - internet gateways: CreateInternetGateway, AttachInternetGateway, the egress-only gateway
//     (CreateEgressOnlyInternetGateway) and the carrier gateway of Wavelength zones
//     (CreateCarrierGateway), all of which put a VPC on the internet;
//   - NAT gateways and Elastic IPs: CreateNatGateway, AllocateAddress, AssociateAddress;
//   - VPC Block Public Access: ModifyVpcBlockPublicAccessOptions (turning the block off or to
//     ingress-only) and Create/Modify/DeleteVpcBlockPublicAccessExclusion (punching holes in it).
var OrgGuardActions = map[string][]string{
	SidOrgDenyInternetGateways: {
		"ec2:AttachInternetGateway", "ec2:CreateCarrierGateway", "ec2:CreateEgressOnlyInternetGateway",
		"ec2:CreateInternetGateway",
	},
	SidOrgDenyNatAndElasticIps: {
		"ec2:AllocateAddress", "ec2:AssociateAddress", "ec2:CreateNatGateway",
	},
	SidOrgDenyBlockPublicAccess: {
		"ec2:CreateVpcBlockPublicAccessExclusion", "ec2:DeleteVpcBlockPublicAccessExclusion",
		"ec2:ModifyVpcBlockPublicAccessExclusion", "ec2:ModifyVpcBlockPublicAccessOptions",
	},
}

// principalArnRe accepts IAM principal ARNs, with the '*' and '?' wildcards ArnNotLike allows.
var principalArnRe = regexp.MustCompile(`^arn:aws(-cn|-us-gov)?:(iam|sts)::([0-9]{12}|\*):[A-Za-z0-9+=,.@_/*?:-]+$`)

// OrgGuardSpec is what the organization guardrails exempt.
type OrgGuardSpec struct {
	// ExemptPrincipalArns are the principals (the role that runs `pulumi up` for the landing zone,
	// break-glass roles) the guardrails do not bind: each statement carries ArnNotLike
	// aws:PrincipalArn on them. Wildcards are allowed ("arn:aws:iam::*:role/deployer"). Default
	// none: the guardrails bind every principal of the accounts they are attached to.
	ExemptPrincipalArns []string
}

// Validate checks the spec: every exempt ARN an IAM role/user ARN, no duplicates.
func (s OrgGuardSpec) Validate() error {
	var errs []error
	seen := map[string]bool{}
	for i, a := range s.ExemptPrincipalArns {
		if !ValidPrincipalArn(a) {
			errs = append(errs, fmt.Errorf("ExemptPrincipalArns[%d] = %q: want an IAM principal ARN like arn:aws:iam::123456789012:role/deployer ('*' and '?' allowed)", i, a))
			continue
		}
		if seen[a] {
			errs = append(errs, fmt.Errorf("ExemptPrincipalArns[%d] = %q: want each ARN once", i, a))
		}
		seen[a] = true
	}
	return errors.Join(errs...)
}

// ValidPrincipalArn reports whether a is an IAM principal ARN (role, user, or assumed-role),
// possibly with wildcards.
func ValidPrincipalArn(a string) bool { return len(a) <= 2048 && principalArnRe.MatchString(a) }

// ExemptPrincipalCondition is the condition that exempts principals from a deny statement:
// ArnNotLike aws:PrincipalArn. ArnNotLike on an absent key is true (IAM User Guide, "Condition
// operators": "If the policy condition requires that the key is not matched, such as ... ArnNotLike,
// and the right key is not present, the condition is true"), so a request without a principal ARN
// is still denied. Nil when arns is empty.
func ExemptPrincipalCondition(arns []string) Condition {
	if len(arns) == 0 {
		return nil
	}
	vs := append(Values(nil), arns...)
	sort.Strings(vs)
	return Condition{"ArnNotLike": {KeyPrincipalArn: vs}}
}

// OrgGuardStatements returns the organization guardrails: deny internet and egress-only internet
// gateways, carrier gateways, NAT gateways and Elastic IPs, changes to VPC Block Public Access,
// and SageMaker domains that are not VpcOnly (StringNotEquals sagemaker:AppNetworkAccessType
// VpcOnly on every action supporting the key, as the deny guard's SidDomainNotVpcOnly: a call
// that omits the key is denied). Every statement exempts spec.ExemptPrincipalArns.
func OrgGuardStatements(spec OrgGuardSpec) ([]Statement, error) {
	if err := spec.Validate(); err != nil {
		return nil, fmt.Errorf("organization guardrails: %w", err)
	}
	exempt := ExemptPrincipalCondition(spec.ExemptPrincipalArns)
	withExempt := func(c Condition) Condition {
		out := Condition{}
		for op, kv := range exempt {
			out[op] = kv
		}
		for op, kv := range c {
			out[op] = kv
		}
		if len(out) == 0 {
			return nil
		}
		return out
	}
	deny := func(sid string, actions []string, c Condition) Statement {
		acts := append(Values(nil), actions...)
		sort.Strings(acts)
		return Statement{Sid: sid, Effect: Deny, Action: acts, Resource: Values{"*"}, Condition: withExempt(c)}
	}
	domainActions := ActionsSupporting(KeyAppNetworkAccessType)
	if len(domainActions) == 0 {
		return nil, fmt.Errorf("organization guardrails: no SageMaker action supports %s in the embedded reference", KeyAppNetworkAccessType)
	}
	return []Statement{
		deny(SidOrgDenyInternetGateways, OrgGuardActions[SidOrgDenyInternetGateways], nil),
		deny(SidOrgDenyNatAndElasticIps, OrgGuardActions[SidOrgDenyNatAndElasticIps], nil),
		deny(SidOrgDenyBlockPublicAccess, OrgGuardActions[SidOrgDenyBlockPublicAccess], nil),
		deny(SidOrgDenyDomainNotVpcOnly, domainActions,
			Condition{"StringNotEquals": {KeyAppNetworkAccessType: {AppNetworkAccessVpcOnly}}}),
	}, nil
}

// OrgGuardDocuments returns the organization guardrails as service control policy documents, each
// at most SCPLimit characters (Split keeps the statement order).
func OrgGuardDocuments(spec OrgGuardSpec) ([]Document, error) {
	stmts, err := OrgGuardStatements(spec)
	if err != nil {
		return nil, err
	}
	return Split(stmts, SCPLimit)
}
