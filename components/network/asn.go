package network

import (
	"fmt"
)

// Private ASN ranges an Amazon-side ASN (a Transit Gateway's, a Direct Connect gateway's) must be
// in: "The range is 64512 to 65534 for 16-bit ASNs and 4200000000 to 4294967294 for 32-bit ASNs.
// The default is 64512." (EC2 API Reference, TransitGatewayRequestOptions, AmazonSideAsn,
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGatewayRequestOptions.html;
// the same ranges for a Direct Connect gateway, CreateDirectConnectGateway amazonSideAsn,
// https://docs.aws.amazon.com/directconnect/latest/APIReference/API_CreateDirectConnectGateway.html).
const (
	MinPrivateAsn16 = 64512
	MaxPrivateAsn16 = 65534
	MinPrivateAsn32 = 4200000000
	MaxPrivateAsn32 = 4294967294
	// AwsDefaultAmazonSideAsn is what AWS gives a Transit Gateway, a Direct Connect gateway and a
	// virtual private gateway created without an ASN.
	AwsDefaultAmazonSideAsn = 64512
)

// DefaultTransitGatewayAsn is the hub Transit Gateway's Amazon-side ASN when none is configured:
// a private 16-bit ASN that is neither AWS's default 64512 (which a Direct Connect gateway created
// without an ASN also has: "if you use the default ASN 64512 for both the transit gateway and the
// Direct Connect gateway, the association request fails", Direct Connect User Guide, "Create a
// transit virtual interface to the Direct Connect gateway",
// https://docs.aws.amazon.com/directconnect/latest/UserGuide/create-transit-vif-for-gateway.html)
// nor DefaultBgpAsn (65000), the customer gateway's default here. The ASN cannot be modified while
// a VPN or Direct Connect gateway attachment exists (EC2 API Reference, ModifyTransitGatewayOptions,
// AmazonSideAsn), so choose it before the first corporate connection.
const DefaultTransitGatewayAsn = 64513

// ValidPrivateAsn reports whether asn is in one of the private ranges an Amazon-side ASN takes.
func ValidPrivateAsn(asn int64) bool {
	return (asn >= MinPrivateAsn16 && asn <= MaxPrivateAsn16) || (asn >= MinPrivateAsn32 && asn <= MaxPrivateAsn32)
}

// CheckAmazonSideAsn reports what is wrong with asn as a Transit Gateway's or Direct Connect
// gateway's Amazon-side ASN, or nil.
func CheckAmazonSideAsn(asn int64) error {
	if !ValidPrivateAsn(asn) {
		return fmt.Errorf("%d: want a private ASN, %d-%d (16-bit) or %d-%d (32-bit)", asn,
			MinPrivateAsn16, MaxPrivateAsn16, MinPrivateAsn32, MaxPrivateAsn32)
	}
	return nil
}

// TransitGatewayAsn resolves a configured Amazon-side ASN: asn, or DefaultTransitGatewayAsn for 0.
func TransitGatewayAsn(asn int64) int64 {
	if asn == 0 {
		return DefaultTransitGatewayAsn
	}
	return asn
}
