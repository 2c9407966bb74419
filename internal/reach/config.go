package reach

import (
	"github.com/vpconly/sagemaker-landing-zone/components/access"
	//DELETE
	"github.com/vpconly/sagemaker-landing-zone/config"
)

// OptionsFromConfig gives the Options of a validated stack configuration, the one the program
// builds from: the corporate CIDRs (sagemaker-landing-zone:corporate.cidrs) and the resolved
// corporate endpoint set (corporate.endpoints, default network.DefaultCorporateEndpoints among
// hub.endpoints: config.Config.CorporateEndpointKeys). Without the corporate section the
// corporate paths are "not configured". With corporate.dns.inbound none, the records the corporate
// DNS holds (access.CorporateDnsRecords).
func OptionsFromConfig(c *config.Config) Options {
	if c == nil || c.Corporate == nil {
		return Options{}
	}
	o := Options{
		CorporateCidrs:     append([]string(nil), c.Corporate.Cidrs...),
		CorporateEndpoints: c.CorporateEndpointKeys(),
	}
	if c.Corporate.Dns.Inbound == access.ResolverInboundNone {
		o.CorporateDnsRecords = access.CorporateDnsRecords(c.Region, o.CorporateEndpoints)
	}
	return o
}
