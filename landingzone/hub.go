package landingzone

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/network"
)

// hubOutputs adds network.HubOutput ("hub"): the hub as a network.HubRef export, with the
// deploying account, so that a workload stack builds the same HubRef in one call
// (network.HubRefFromStack). Exporter and reader share the network.HubKey* constants.
func (lz *LandingZone) hubOutputs(out pulumi.Map) {
	out[network.HubOutput] = lz.Hub.Ref().Export(lz.accountID(lz.Config.HubAccount()))
}
