package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	accesscomp "github.com/vpconly/sagemaker-landing-zone/components/access"
	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// planCorporateDns is how the corporate network resolves the landing zone's names and the
// landing zone the corporate ones (corporate.dns; docs/corporate-dns-costs.md): the Resolver
// endpoints' modes and address counts, and what the corporate DNS team configures — conditional
// forwarders to the inbound endpoint, or, without one, the records to hold.
type planCorporateDns struct {
	Inbound           string `json:"inbound"` // accesscomp.ResolverInboundModes
	InboundAddresses  int    `json:"inboundAddresses"`
	Outbound          string `json:"outbound"` // accesscomp.ResolverOutboundModes; "" without forwarding
	OutboundAddresses int    `json:"outboundAddresses"`
	// ConditionalForwarders are the hub's zone names the corporate DNS forwards to the inbound
	// endpoint's addresses (with an inbound endpoint; empty otherwise).
	ConditionalForwarders []string `json:"conditionalForwarders"`
	// Records are what the corporate DNS holds without an inbound endpoint (empty otherwise): name
	// -> target, the stack output dnsCorporateRecords.
	Records []planDnsRecord `json:"records"`
}

// planDnsRecord is one record of accesscomp.CorporateDnsRecords with its target: the regional
// DNS name of the hub endpoint (dnsEntries[0].dnsName of Resource; in the offline plan, the mock's
// name).
type planDnsRecord struct {
	accesscomp.CorporateDnsRecord
	Resource string `json:"resource"` // the hub interface endpoint's URN
	Target   string `json:"target"`
}

// corporateDns describes corporate.dns; nil without the corporate section.
func corporateDns(rec *recorder.Recording, cfg *config.Config) *planCorporateDns {
	corp := cfg.Corporate
	if corp == nil {
		return nil
	}
	azs := len(cfg.HubAZs())
	d := &planCorporateDns{Inbound: corp.Dns.Inbound, InboundAddresses: corp.Dns.InboundIPs(azs),
		OutboundAddresses: corp.Dns.OutboundIPs(azs), ConditionalForwarders: []string{}, Records: []planDnsRecord{}}
	if d.Inbound == "" {
		d.Inbound = accesscomp.ResolverAddressesPerAz
	}
	if len(corp.Dns.ForwardDomains) > 0 {
		d.Outbound = corp.Dns.Outbound
		if d.Outbound == "" {
			d.Outbound = accesscomp.ResolverAddressesPerAz
		}
	}
	if d.Inbound != accesscomp.ResolverInboundNone {
		d.ConditionalForwarders = accesscomp.ConditionalForwarders(cfg.Region, cfg.Hub.Endpoints)
		return d
	}
	for _, r := range accesscomp.CorporateDnsRecords(cfg.Region, cfg.CorporateEndpointKeys()) {
		pr := planDnsRecord{CorporateDnsRecord: r}
		if ep, ok := rec.Find("aws:ec2/vpcEndpoint:VpcEndpoint", "hub-"+r.Endpoint); ok {
			pr.Resource = ep.URN
			if v := recorder.Lookup(ep.Outputs, "dnsEntries.0.dnsName"); v.IsString() {
				pr.Target = v.StringValue()
			}
		}
		d.Records = append(d.Records, pr)
	}
	return d
}

// writeCorporateDns prints the records the corporate DNS must hold (table view; nothing with an
// inbound endpoint, whose conditional forwarders are a stack output).
func writeCorporateDns(w io.Writer, d *planCorporateDns) {
	if d == nil || len(d.Records) == 0 {
		return
	}
	fmt.Fprintf(w, "\nCorporate DNS records (corporate.dns.inbound %s): the corporate DNS holds these instead of forwarding to an inbound endpoint\n", d.Inbound)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tTYPE\tTARGET")
	for _, r := range d.Records {
		fmt.Fprintf(tw, "%s\t%s\tregional DNS name of hub endpoint %s\n", r.Name, r.Type, r.Endpoint)
	}
	_ = tw.Flush()
}
