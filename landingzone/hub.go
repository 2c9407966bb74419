package landingzone

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components"
)

// hubOutputs adds components.HubOutput ("hub"): the hub as a components.HubRef export, with the
// deploying account, so that a workload stack builds the same HubRef in one call
// (components.HubRefFromStack). Exporter and reader share the components.HubKey* constants.
func (lz *LandingZone) hubOutputs(out pulumi.Map) {
	out[components.HubOutput] = lz.Hub.Ref().Export(lz.accountID(lz.Config.HubAccount()))
}
