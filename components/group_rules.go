package components

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/vpc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// groupRule is one rule of a security group this package creates (Studio and job groups): its
// stable key, direction, IP protocol, ports (tcp and udp only) and peer — "self" (the group
// itself), "hub" (the hub CIDR) or "s3" (the spoke's S3 gateway endpoint prefix list). No peer is
// ever a world range.
type groupRule struct {
	Key, Protocol, Peer, Description string
	Egress                           bool
	FromPort, ToPort                 int
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
