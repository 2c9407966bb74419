package network

import (
	"fmt"
	"net/netip"
)

// AWSReservedIPsPerSubnet is how many addresses AWS keeps in every subnet: the network address,
// the VPC router (+1), the DNS server (+2), one reserved for future use (+3) and the last address
// (https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html).
const AWSReservedIPsPerSubnet = 5

// AWS subnet and VPC sizes for IPv4: a CIDR block between /16 and /28
// (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html).
const (
	MinVpcPrefix    = 16
	MaxSubnetPrefix = 28
)

// netParseCIDR parses an IPv4 CIDR that is a network address (no host bits set).
func NetParseCIDR(cidr string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(cidr)
	switch {
	case err != nil:
		return netip.Prefix{}, fmt.Errorf("%q is not a CIDR block; want an IPv4 CIDR such as 10.0.0.0/16", cidr)
	case !p.Addr().Is4():
		return netip.Prefix{}, fmt.Errorf("%q is not IPv4; want an IPv4 CIDR such as 10.0.0.0/16", cidr)
	case p.Masked() != p:
		return netip.Prefix{}, fmt.Errorf("%q has host bits set; want the network address %s", cidr, p.Masked())
	}
	return p, nil
}

// SubnetCidrs carves n equal subnets of length prefixLen out of vpcCidr, from the start of the
// block, in order. It fails when vpcCidr is not an IPv4 network address, when prefixLen is
// shorter than the VPC's prefix or longer than /32, when n < 1, or when n subnets do not fit.
func SubnetCidrs(vpcCidr string, prefixLen, n int) ([]string, error) {
	p, err := NetParseCIDR(vpcCidr)
	if err != nil {
		return nil, err
	}
	if prefixLen < p.Bits() || prefixLen > 32 {
		return nil, fmt.Errorf("subnet prefix /%d does not fit in %s; want a prefix between /%d and /32", prefixLen, vpcCidr, p.Bits())
	}
	if n < 1 {
		return nil, fmt.Errorf("subnet count %d; want at least 1", n)
	}
	if avail := uint64(1) << uint(prefixLen-p.Bits()); uint64(n) > avail {
		return nil, fmt.Errorf("%d subnets of /%d do not fit in %s; it holds %d", n, prefixLen, vpcCidr, avail)
	}
	size := uint64(1) << uint(32-prefixLen)
	base := netAddrToUint(p.Addr())
	out := make([]string, n)
	for i := range n {
		out[i] = netip.PrefixFrom(netUintToAddr(uint32(base+uint64(i)*size)), prefixLen).String()
	}
	return out, nil
}

// DefaultSubnetPrefix returns the subnet prefix length that splits a /vpcPrefix block into the
// fewest equal parts that hold n subnets (the largest subnets that fit): vpcPrefix + ceil(log2 n).
// n < 1 is treated as 1.
func DefaultSubnetPrefix(vpcPrefix, n int) int {
	bits := 0
	for 1<<bits < n {
		bits++
	}
	return vpcPrefix + bits
}

// UsableIPs returns the addresses an AWS subnet of prefixLen offers to ENIs: its size less the
// AWSReservedIPsPerSubnet; 0 when nothing is usable or prefixLen is outside 0..32.
func UsableIPs(prefixLen int) int {
	if prefixLen < 0 || prefixLen > 32 {
		return 0
	}
	n := (1 << uint(32-prefixLen)) - AWSReservedIPsPerSubnet
	if n < 0 {
		return 0
	}
	return n
}

// Overlaps reports whether two IPv4 CIDR blocks share any address. Unparseable input never
// overlaps (validate it with SubnetCidrs or the component's checks first).
func Overlaps(a, b string) bool {
	pa, errA := netip.ParsePrefix(a)
	pb, errB := netip.ParsePrefix(b)
	if errA != nil || errB != nil || !pa.Addr().Is4() || !pb.Addr().Is4() {
		return false
	}
	return pa.Masked().Overlaps(pb.Masked())
}

func netAddrToUint(a netip.Addr) uint64 {
	b := a.As4()
	return uint64(b[0])<<24 | uint64(b[1])<<16 | uint64(b[2])<<8 | uint64(b[3])
}

func netUintToAddr(v uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}
