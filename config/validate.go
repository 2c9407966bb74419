package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"net/netip"
	"regexp"
	"slices"
	"strings"

	"github.com/vpconly/sagemaker-landing-zone/components"
)

// Error is one configuration problem: the key it concerns, the bad value and what is allowed.
type Error struct {
	Key     string // fully qualified, e.g. "sagemaker-landing-zone:hub.cidr"
	Value   any
	Allowed string
}

func (e *Error) Error() string {
	return fmt.Sprintf("config %s: %s is not allowed: %s", e.Key, show(e.Value), e.Allowed)
}

func show(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case []string:
		return fmt.Sprintf("%q", v)
	case nil:
		return "(missing)"
	case json.RawMessage:
		return string(v)
	default:
		return fmt.Sprintf("%v", v)
	}
}

// Keys returns the keys named by the errors inside err (joined or single), in order.
func Keys(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var ce *Error
		if errors.As(err, &ce) {
			out = append(out, ce.Key)
		}
	}
	walk(err)
	return out
}

var (
	regionRe     = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$`)
	spokeNameRe  = regexp.MustCompile(`^[a-z][a-z0-9-]{0,30}[a-z0-9]$`)
	userNameRe   = regexp.MustCompile(`^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$`)
	domainNameRe = regexp.MustCompile(`^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$`)
	costCenterRe = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)
	orgIDRe      = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)
	bucketRe     = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	arnRe        = regexp.MustCompile(`^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{0,12}:.+$`)
)

// cloudWatchRetentionDays are the values CloudWatch Logs accepts for a log group's retention
// (PutRetentionPolicy, retentionInDays).
var cloudWatchRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
	1096, 1827, 2192, 2557, 2922, 3288, 3653}

// Studio needs up to 4 IP addresses per user in the domain's subnets (SageMaker developer guide,
// "Connect Studio in a VPC to external resources": "2-4 IPs per user"); AWS keeps 5 per subnet.
const ipsPerStudioUser = 4

// Validate checks the whole configuration and returns every problem at once (errors.Join of
// *Error). It expects Resolve to have run.
func Validate(c *Config) error {
	v := &validator{}
	k := func(key string) string { return Project + ":" + key }

	if !regionRe.MatchString(c.Region) {
		v.add("aws:region", c.Region, "an AWS region name such as us-east-1 or eu-central-1")
	}
	if !slices.Contains(Environments, c.Environment) {
		v.add(k("environment"), c.Environment, "one of "+strings.Join(Environments, ", "))
	}

	// Tags.
	if strings.TrimSpace(c.Tags.Owner) == "" {
		v.add(k("tags.owner"), c.Tags.Owner, "a non-empty owner (team or email)")
	} else if len(c.Tags.Owner) > 256 {
		v.add(k("tags.owner"), c.Tags.Owner, "at most 256 characters (an AWS tag value limit)")
	}
	if !costCenterRe.MatchString(c.Tags.CostCenter) {
		v.add(k("tags.costCenter"), c.Tags.CostCenter, "1-64 letters, digits, '.', '_' or '-'")
	}
	if !slices.Contains(DataSensitivities, c.Tags.DataSensitivity) {
		v.add(k("tags.dataSensitivity"), c.Tags.DataSensitivity, "one of "+strings.Join(DataSensitivities, ", "))
	}
	if c.OrganizationID != "" && !orgIDRe.MatchString(c.OrganizationID) {
		v.add(k("organizationId"), c.OrganizationID, "an AWS Organizations id like o-a1b2c3d4e5, or empty")
	}

	// Availability zones.
	azs := c.AvailabilityZones
	if len(azs) < 2 {
		v.add(k("availabilityZones"), azs, "at least 2 availability zone names")
	}
	seenAZ := map[string]bool{}
	for i, az := range azs {
		key := k(fmt.Sprintf("availabilityZones[%d]", i))
		if seenAZ[az] {
			v.add(key, az, "each availability zone once")
		}
		seenAZ[az] = true
		if regionRe.MatchString(c.Region) && !(strings.HasPrefix(az, c.Region) && len(az) == len(c.Region)+1 &&
			az[len(az)-1] >= 'a' && az[len(az)-1] <= 'z') {
			v.add(key, az, fmt.Sprintf("an availability zone of region %s, such as %sa", c.Region, c.Region))
		}
	}

	// Hub.
	hubPrefix, hubOK := v.vpcCIDR(k("hub.cidr"), c.Hub.CIDR)
	v.azCount(k("hub.azCount"), c.Hub.AZCount, len(azs))
	catalog := components.CatalogKeys()
	seenEP := map[string]bool{}
	for i, e := range c.Hub.Endpoints {
		key := k(fmt.Sprintf("hub.endpoints[%d]", i))
		if !slices.Contains(catalog, e) {
			v.add(key, e, "an endpoint catalog key: "+strings.Join(catalog, ", "))
		}
		if seenEP[e] {
			v.add(key, e, "each endpoint once")
		}
		seenEP[e] = true
	}
	if hubOK {
		// Each hub subnet holds one ENI per interface endpoint plus the TGW attachment's ENI.
		v.subnets(k("hub.subnetPrefixLength"), hubPrefix, c.Hub.SubnetPrefixLength, c.Hub.AZCount,
			len(c.Hub.Endpoints)+1, fmt.Sprintf("%d interface endpoints and the Transit Gateway attachment", len(c.Hub.Endpoints)))
	}

	// Spokes.
	if len(c.Spokes) == 0 {
		v.add(k("spokes"), nil, "at least one spoke")
	}
	type named struct{ key, cidr string }
	cidrs := []named{}
	if hubOK {
		cidrs = append(cidrs, named{k("hub.cidr"), c.Hub.CIDR})
	}
	seenSpoke := map[string]bool{}
	usersIn := map[string]int{}
	for _, d := range c.Domains {
		usersIn[d.Spoke] += len(d.Users)
	}
	for i, s := range c.Spokes {
		base := fmt.Sprintf("spokes[%d]", i)
		if s.Name != "" {
			base = fmt.Sprintf("spokes[%s]", s.Name)
		}
		if !spokeNameRe.MatchString(s.Name) {
			v.add(k(base+".name"), s.Name, "2-32 lowercase letters, digits or '-', starting with a letter")
		}
		if seenSpoke[s.Name] {
			v.add(k(base+".name"), s.Name, "a name no other spoke uses")
		}
		seenSpoke[s.Name] = true
		prefix, ok := v.vpcCIDR(k(base+".cidr"), s.CIDR)
		if ok {
			for _, o := range cidrs {
				if components.Overlaps(o.cidr, s.CIDR) {
					v.add(k(base+".cidr"), s.CIDR, fmt.Sprintf("a CIDR that does not overlap %s (%s)", o.key, o.cidr))
				}
			}
			cidrs = append(cidrs, named{k(base + ".cidr"), s.CIDR})
		}
		v.azCount(k(base+".azCount"), s.AZCount, len(azs))
		if ok {
			need := ipsPerStudioUser*usersIn[s.Name] + 1 // + the domain's EFS mount target
			v.subnets(k(base+".subnetPrefixLength"), prefix, s.SubnetPrefixLength, s.AZCount, need,
				fmt.Sprintf("%d Studio users at %d addresses each and an EFS mount target", usersIn[s.Name], ipsPerStudioUser))
		}
		for j, b := range s.S3Buckets {
			if !bucketRe.MatchString(b) || strings.Contains(b, "..") {
				v.add(k(fmt.Sprintf("%s.s3Buckets[%d]", base, j)), b, "an S3 bucket name (3-63 lowercase letters, digits, '.', '-'); not an ARN or s3:// URL")
			}
		}
		if !slices.Contains(cloudWatchRetentionDays, s.FlowLogRetentionDays) {
			v.add(k(base+".flowLogRetentionDays"), s.FlowLogRetentionDays,
				fmt.Sprintf("a CloudWatch Logs retention: %v", cloudWatchRetentionDays))
		}
	}

	// Domains.
	seenDomain := map[string]bool{}
	for i, d := range c.Domains {
		base := fmt.Sprintf("domains[%d]", i)
		if d.Name != "" {
			base = fmt.Sprintf("domains[%s]", d.Name)
		}
		if !domainNameRe.MatchString(d.Name) {
			v.add(k(base+".name"), d.Name, `SageMaker's domain name pattern ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`)
		}
		if seenDomain[d.Name] {
			v.add(k(base+".name"), d.Name, "a name no other domain uses")
		}
		seenDomain[d.Name] = true
		if _, ok := c.Spoke(d.Spoke); !ok {
			names := make([]string, 0, len(c.Spokes))
			for _, s := range c.Spokes {
				names = append(names, s.Name)
			}
			v.add(k(base+".spoke"), d.Spoke, "the name of a configured spoke: "+strings.Join(names, ", "))
		}
		if d.AuthMode != "IAM" && d.AuthMode != "SSO" {
			v.add(k(base+".authMode"), d.AuthMode, `"IAM" or "SSO"`)
		}
		if (d.SharingS3OutputPath == "") != (d.SharingKmsKeyArn == "") {
			v.add(k(base+".sharingKmsKeyArn"), d.SharingKmsKeyArn,
				"set together with sharingS3OutputPath (notebook sharing output must be KMS-encrypted), or both empty")
		}
		if d.SharingS3OutputPath != "" && !strings.HasPrefix(d.SharingS3OutputPath, "s3://") {
			v.add(k(base+".sharingS3OutputPath"), d.SharingS3OutputPath, "an s3://bucket/prefix path")
		}
		if d.SharingKmsKeyArn != "" && !arnRe.MatchString(d.SharingKmsKeyArn) {
			v.add(k(base+".sharingKmsKeyArn"), d.SharingKmsKeyArn, "a KMS key ARN")
		}
		seenUser := map[string]bool{}
		for j, u := range d.Users {
			ub := fmt.Sprintf("%s.users[%d]", base, j)
			if u.Name != "" {
				ub = fmt.Sprintf("%s.users[%s]", base, u.Name)
			}
			if !userNameRe.MatchString(u.Name) {
				v.add(k(ub+".name"), u.Name, `SageMaker's user profile pattern ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`)
			}
			if seenUser[strings.ToLower(u.Name)] {
				v.add(k(ub+".name"), u.Name, "a user name not already in this domain")
			}
			seenUser[strings.ToLower(u.Name)] = true
			if strings.TrimSpace(u.Owner) == "" {
				v.add(k(ub+".owner"), u.Owner, "a non-empty owner (the user's email)")
			}
		}
	}

	// Guards.
	for name, arns := range map[string][]string{"guards.kmsKeyArns": c.Guards.KmsKeyArns,
		"guards.logGroupArns": c.Guards.LogGroupArns, "guards.ecrRepositoryArns": c.Guards.EcrRepositoryArns} {
		for i, a := range arns {
			if !arnRe.MatchString(a) {
				v.add(k(fmt.Sprintf("%s[%d]", name, i)), a, "an ARN (arn:aws:service:region:account:resource)")
			}
		}
	}

	v.errs = append(v.errs, validateGuards(c)...)
	// Budget.
	if b := c.Budget; b != nil {
		if !(b.MonthlyLimitUsd > 0) {
			v.add(k("budget.monthlyLimitUsd"), b.MonthlyLimitUsd, "a positive amount in USD")
		}
		if len(b.Emails) == 0 {
			v.add(k("budget.emails"), b.Emails, "at least one email address to alert")
		}
		for i, e := range b.Emails {
			if a, err := mail.ParseAddress(e); err != nil || a.Address != e {
				v.add(k(fmt.Sprintf("budget.emails[%d]", i)), e, "a plain email address like team@example.com")
			}
		}
		for i, t := range b.ThresholdsPercent {
			if !(t > 0 && t <= 1000) {
				v.add(k(fmt.Sprintf("budget.thresholdsPercent[%d]", i)), t, "a percentage in (0, 1000]")
			}
		}
	}
	validateSupply(c, v)
	validateAccess(c, v)
	validateRuntime(c, v)
	return v.err()
}

type validator struct{ errs []error }

func (v *validator) add(key string, value any, allowed string) {
	v.errs = append(v.errs, &Error{Key: key, Value: value, Allowed: allowed})
}

func (v *validator) err() error { return errors.Join(v.errs...) }

// vpcCIDR checks an IPv4 VPC CIDR (AWS allows /16 to /28) and returns its prefix length.
func (v *validator) vpcCIDR(key, cidr string) (int, bool) {
	p, err := netip.ParsePrefix(cidr)
	switch {
	case err != nil || !p.Addr().Is4():
		v.add(key, cidr, "an IPv4 CIDR block such as 10.0.0.0/16")
	case p.Masked() != p:
		v.add(key, cidr, fmt.Sprintf("a network address (did you mean %s?)", p.Masked()))
	case p.Bits() < 16 || p.Bits() > 28:
		v.add(key, cidr, "a VPC size between /16 and /28 (AWS limits)")
	default:
		return p.Bits(), true
	}
	return 0, false
}

func (v *validator) azCount(key string, n, names int) {
	if n < 2 || n > names {
		v.add(key, n, fmt.Sprintf("between 2 and the %d names in availabilityZones", names))
	}
}

// subnets checks that n subnets of the configured (or default) prefix fit the VPC and that each
// holds need addresses.
func (v *validator) subnets(key string, vpcPrefix, prefix, n, need int, what string) {
	if n < 1 {
		return
	}
	if prefix == 0 {
		prefix = components.DefaultSubnetPrefix(vpcPrefix, n)
	}
	switch {
	case prefix < vpcPrefix || prefix > 28:
		v.add(key, prefix, fmt.Sprintf("a subnet prefix between the VPC's /%d and /28", vpcPrefix))
	case n > 1<<(prefix-vpcPrefix):
		v.add(key, prefix, fmt.Sprintf("a prefix that fits %d subnets in a /%d (at most /%d)", n, vpcPrefix, vpcPrefix+bitsFor(n)))
	case components.UsableIPs(prefix) < need:
		v.add(key, prefix, fmt.Sprintf("subnets with at least %d usable addresses for %s; a /%d has %d (AWS keeps 5)",
			need, what, prefix, components.UsableIPs(prefix)))
	}
}

func bitsFor(n int) int {
	b := 0
	for 1<<b < n {
		b++
	}
	return b
}
