package core

import (
	"fmt"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
)

// firstDnsEntry returns the first DNS entry of an interface endpoint (the regional name the
// hub's alias records point at). It fails, naming the endpoint, when the provider returned no
// entry or one without a DNS name or hosted zone id.
func FirstDnsEntry(endpoint string, entries []ec2.VpcEndpointDnsEntry) (ec2.VpcEndpointDnsEntry, error) {
	if len(entries) == 0 {
		return ec2.VpcEndpointDnsEntry{}, fmt.Errorf("interface endpoint %s: the provider returned no dnsEntries, "+
			"so its alias record has no target; check the endpoint's state in the VPC console and run the update again", endpoint)
	}
	e := entries[0]
	if e.DnsName == nil || *e.DnsName == "" || e.HostedZoneId == nil || *e.HostedZoneId == "" {
		return ec2.VpcEndpointDnsEntry{}, fmt.Errorf("interface endpoint %s: dnsEntries[0] has no dnsName or hostedZoneId (%s)",
			endpoint, describeDnsEntry(e))
	}
	return e, nil
}

func describeDnsEntry(e ec2.VpcEndpointDnsEntry) string {
	s := func(p *string) string {
		if p == nil {
			return "<nil>"
		}
		return fmt.Sprintf("%q", *p)
	}
	return "dnsName=" + s(e.DnsName) + " hostedZoneId=" + s(e.HostedZoneId)
}
