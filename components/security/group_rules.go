package security

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/internal/core"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
)

// groupRule is one rule of a security group this package creates (Studio and job groups): its
// stable key, direction, IP protocol, ports (tcp and udp only) and peer — "self" (the group
// itself), "hub" (the hub CIDR), "s3" (the spoke's S3 gateway endpoint prefix list) or "cidr"
// (Cidr: a corporate CIDR, onPremisesRules). No peer is ever a world range.
type groupRule struct {
	Key, Protocol, Peer, Description string
	Egress                           bool
	FromPort, ToPort                 int
	Cidr                             string
}

// OnPremisesPort is the port the Studio and job groups of a spoke in corporate.onPremisesSpokes
// reach on-premises data sources on: HTTPS. The spoke's route tables send the corporate CIDRs to
// the Transit Gateway; without an egress rule no packet leaves the group (security groups are
// stateful and deny what no rule admits: "Security group rules", Amazon VPC User Guide,
// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html).
const OnPremisesPort = 443

// onPremisesRules are the egress rules to the on-premises data sources: TCP OnPremisesPort to
// each corporate CIDR, keyed "onprem-https-out-<CidrKey>" (adding a CIDR adds a rule and renames
// none).
func onPremisesRules(cidrs []string) []groupRule {
	var out []groupRule
	for _, c := range cidrs {
		out = append(out, groupRule{Key: "onprem-https-out-" + network.CidrKey(c), Protocol: JobProtocolTCP, Peer: "cidr", Cidr: c,
			Egress: true, FromPort: OnPremisesPort, ToPort: OnPremisesPort, Description: "HTTPS to on-premises data sources in " + c})
	}
	return out
}

// checkOnPremisesCidrs validates OnPremisesCidrs: corporate CIDRs (CheckCorporateCidr), each once.
func checkOnPremisesCidrs(p *core.Problems, cidrs []string) {
	seen := map[string]bool{}
	for i, c := range cidrs {
		field := fmt.Sprintf("OnPremisesCidrs[%d]", i)
		if err := network.CheckCorporateCidr(c); err != nil {
			p.Bad(field, c, "a corporate IPv4 CIDR such as 192.168.0.0/16 ("+err.Error()+")")
		} else if seen[c] {
			p.Bad(field, c, "each CIDR once")
		}
		seen[c] = true
	}
}

// newGroupRules registers one rule resource per rule, named "<groupName>-<Key>" (so changing a
// rule replaces that rule only): aws:vpc/securityGroupEgressRule for egress,
// aws:vpc/securityGroupIngressRule for ingress. tags gives each rule's tags from its name.
func newGroupRules(ctx *pulumi.Context, groupName string, groupID pulumi.StringOutput, rules []groupRule,
	hubCidr string, s3PrefixListID pulumi.StringInput, tags func(ruleName string) pulumi.StringMap, parent pulumi.ResourceOption) error {
	for _, r := range rules {
		ruleName := groupName + "-" + r.Key
		var cidr, prefixList, self pulumi.StringPtrInput
		switch r.Peer {
		case "self":
			self = groupID
		case "hub":
			cidr = pulumi.String(hubCidr)
		case "s3":
			prefixList = s3PrefixListID
		case "cidr":
			cidr = pulumi.String(r.Cidr)
		}
		var from, to pulumi.IntPtrInput
		if r.Protocol == JobProtocolTCP || r.Protocol == JobProtocolUDP {
			from, to = pulumi.Int(r.FromPort), pulumi.Int(r.ToPort)
		}
		var err error
		if r.Egress {
			_, err = vpc.NewSecurityGroupEgressRule(ctx, ruleName, &vpc.SecurityGroupEgressRuleArgs{
				SecurityGroupId: groupID, IpProtocol: pulumi.String(r.Protocol), FromPort: from, ToPort: to,
				CidrIpv4: cidr, PrefixListId: prefixList, ReferencedSecurityGroupId: self,
				Description: pulumi.String(r.Description), Tags: tags(ruleName),
			}, parent)
		} else {
			_, err = vpc.NewSecurityGroupIngressRule(ctx, ruleName, &vpc.SecurityGroupIngressRuleArgs{
				SecurityGroupId: groupID, IpProtocol: pulumi.String(r.Protocol), FromPort: from, ToPort: to,
				CidrIpv4: cidr, PrefixListId: prefixList, ReferencedSecurityGroupId: self,
				Description: pulumi.String(r.Description), Tags: tags(ruleName),
			}, parent)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
