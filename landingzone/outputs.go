package landingzone

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

// Stack output names that consumers read through a StackReference (examples/second-domain), used
// by Outputs and by the consumers alike, so that renaming an output breaks the consumer's build
// or tests instead of its deployment.
const (
	// OutputHubCidr is the hub VPC's CIDR (string).
	OutputHubCidr = "hubCidr"
	// OutputEndpointIds maps endpoint catalog keys ("sagemaker.api") to interface endpoint ids.
	OutputEndpointIds = "endpointIds"
	// OutputSpokes maps spoke names to a map with the SpokeOutput* keys.
	OutputSpokes = "spokes"
)

// Keys of each spoke's entry in the OutputSpokes output.
const (
	// SpokeOutputVpcId is the spoke VPC id (string).
	SpokeOutputVpcId = "vpcId"
	// SpokeOutputSubnetIds are the spoke's isolated subnets in AZ order ([]string).
	SpokeOutputSubnetIds = "subnetIds"
	// SpokeOutputS3PrefixListId is the S3 gateway endpoint's prefix list (string).
	SpokeOutputS3PrefixListId = "s3PrefixListId"
)

// AccessOutputs are the access stack outputs alone (corporateAccess, dns*, humanAccess*; empty
// without corporate or human access): the LandingZone component of provider/ returns them as its
// access output.
func (lz *LandingZone) AccessOutputs() pulumi.Map {
	out := pulumi.Map{}
	lz.accessOutputs(out)
	return out
}
