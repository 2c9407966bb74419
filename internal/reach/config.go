package reach

import (
	"github.com/vpconly/sagemaker-landing-zone/config"
)

// OptionsFromConfig gives the Options of a validated stack configuration, the one the program
// builds from: the corporate CIDRs (sagemaker-landing-zone:corporate.cidrs) and the resolved
// corporate endpoint set (corporate.endpoints, default components.DefaultCorporateEndpoints among
// hub.endpoints: config.Config.CorporateEndpointKeys). Without the corporate section the
// corporate paths are "not configured".
func OptionsFromConfig(c *config.Config) Options {
	if c == nil || c.Corporate == nil {
		return Options{}
	}
	return Options{
		CorporateCidrs:     append([]string(nil), c.Corporate.Cidrs...),
		CorporateEndpoints: c.CorporateEndpointKeys(),
	}
}
