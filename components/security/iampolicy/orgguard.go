package iampolicy

import (
	"fmt"
	"slices"
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

// OrgGuardActions are the actions each organization-guardrail statement denies, by Sid. Action
// names are the EC2 and SageMaker API operations (Service Authorization Reference, "Actions
// defined by Amazon EC2"):
//   - internet gateways: CreateInternetGateway, AttachInternetGateway, the egress-only gateway
//     (CreateEgressOnlyInternetGateway) and the carrier gateway of Wavelength zones
//     (CreateCarrierGateway), all of which put a VPC on the internet;
//   - NAT gateways and Elastic IPs: CreateNatGateway, AllocateAddress, AssociateAddress;
//   - VPC Block Public Access: ModifyVpcBlockPublicAccessOptions (turning the block off or to
//     ingress-only) and Create/Modify/DeleteVpcBlockPublicAccessExclusion (punching holes in it).
func OrgGuardActions() map[string][]string { return cloneActionMap(orgGuardActions) }

var orgGuardActions = map[string][]string{
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

// OrgGuardSpec is what the organization guardrails exempt.
type OrgGuardSpec struct {
	// ExemptPrincipalArns are the principals (the role that runs `pulumi up` for the landing zone,
	// break-glass roles) the guardrails do not bind: each statement carries ArnNotLike
	// aws:PrincipalArn on them. Wildcards are allowed ("arn:aws:iam::*:role/deployer"). Default
	// none: the guardrails bind every principal of the accounts they are attached to.
	ExemptPrincipalArns []string
}

// Validate checks the spec with the deny guard's rule for exemption patterns
// (ValidatePrincipalArnPatterns): IAM role ARNs or ArnLike patterns, each once, within the size
// every SCP statement can carry.
func (s OrgGuardSpec) Validate() error {
	return ValidatePrincipalArnPatterns("ExemptPrincipalArns", s.ExemptPrincipalArns)
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
	exempt := ExemptPrincipals(spec.ExemptPrincipalArns) // shared with the deny guard's SCP form
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
		deny(SidOrgDenyInternetGateways, orgGuardActions[SidOrgDenyInternetGateways], nil),
		deny(SidOrgDenyNatAndElasticIps, orgGuardActions[SidOrgDenyNatAndElasticIps], nil),
		deny(SidOrgDenyBlockPublicAccess, orgGuardActions[SidOrgDenyBlockPublicAccess], nil),
		deny(SidOrgDenyDomainNotVpcOnly, domainActions,
			Condition{"StringNotEquals": {KeyAppNetworkAccessType: {AppNetworkAccessVpcOnly}}}),
	}, nil
}

// OrgGuardGroups are the organization guardrails' stable document groups (see SplitGroups): the
// network statements and the SageMaker statement. Policies are named after these keys, so a
// longer exemption list can add a "-2" document but never renames one.
func OrgGuardGroups() []Group {
	return []Group{
		{Key: "network", Sids: []string{SidOrgDenyInternetGateways, SidOrgDenyNatAndElasticIps, SidOrgDenyBlockPublicAccess}},
		{Key: "sagemaker", Sids: []string{SidOrgDenyDomainNotVpcOnly}},
	}
}

// OrgGuardDocuments returns the organization guardrails as service control policy documents, each
// at most SCPLimit characters, with their stable keys (OrgGuardGroups).
func OrgGuardDocuments(spec OrgGuardSpec) ([]Document, []string, error) {
	stmts, err := OrgGuardStatements(spec)
	if err != nil {
		return nil, nil, err
	}
	return SplitGroups(stmts, OrgGuardGroups(), SCPLimit)
}

// cloneActionMap copies an action map and its lists.
func cloneActionMap(m map[string][]string) map[string][]string {
	out := make(map[string][]string, len(m))
	for k, v := range m {
		out[k] = slices.Clone(v)
	}
	return out
}
