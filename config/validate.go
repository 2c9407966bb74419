package config

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/finops"
	"github.com/vpconly/sagemaker-landing-zone/components/network"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/studio"
	"github.com/vpconly/sagemaker-landing-zone/cost"
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
	for _, e := range Errors(err) {
		out = append(out, e.Key)
	}
	return out
}

// Errors returns the *Error values inside err (joined, wrapped or single), in order.
func Errors(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if ce, ok := err.(*Error); ok {
			out = append(out, ce)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		walk(errors.Unwrap(err)) // e.g. the engine's multierror around the program's error
	}
	walk(err)
	return out
}

// Every pattern, list, limit and default below comes from package components: the components
// enforce them, and configuration checks the same rules so that a configuration Validate accepts
// never fails inside a component.
var (
	orgIDRe  = regexp.MustCompile(network.OrganizationIDPattern)
	kmsArnRe = regexp.MustCompile(network.KmsKeyArnPattern)
	logArnRe = regexp.MustCompile(network.LogGroupArnPattern)
	ecrArnRe = regexp.MustCompile(network.EcrRepositoryArnPattern)
	s3PathRe = regexp.MustCompile(studio.StudioS3PathPattern)
	arnRes   = map[string]*regexp.Regexp{"guards.kmsKeyArns": kmsArnRe, "guards.logGroupArns": logArnRe, "guards.ecrRepositoryArns": ecrArnRe}
)

// MaxSpokeNameLength is the longest spoke name: the program names the spoke's SpokeVpc
// "spoke-<name>", and network.MaxSpokeVpcNameLength bounds that (the flow-log role's IAM name).
const MaxSpokeNameLength = network.MaxSpokeVpcNameLength - len(spokePrefix)

// Validate checks the whole configuration and returns every problem at once (errors.Join of
// *Error), each naming its key. It expects Resolve to have run.
//
// Two passes. The first checks what the configuration declares, with the components' exported
// rules (patterns, lists, limits) plus what only the whole configuration knows (references
// between keys, names the program derives from several keys). When it finds nothing, the second
// runs every component's own validator on the arguments the program will pass (componentArgs),
// mapping each component field back to its key: a backstop, so that a configuration accepted here
// never fails inside a component. A test checks that the backstop finds nothing the first pass
// missed for generated configurations.
func Validate(c *Config) error {
	v := &validator{}
	v.configRules(c)
	validateSupply(c, v)
	validateAccess(c, v)
	validateRuntime(c, v)
	validateAccounts(c, v)
	validateOrganization(c, v)
	validateAsns(c, v)
	if len(v.errs) == 0 {
		v.componentRules(c)
	}
	return v.err()
}

func k(key string) string { return Project + ":" + key }

func (v *validator) configRules(c *Config) {
	regionOK := network.ValidRegion(c.Region)
	if !regionOK {
		v.add("aws:region", c.Region, "an AWS region name such as us-east-1 or eu-central-1 ("+network.RegionPattern+")")
	} else if priced := cost.PricedRegions(); !slices.Contains(priced, c.Region) {
		// The program prices the network (stack output networkCostEstimate) and fails without prices.
		v.add("aws:region", c.Region, "a region the network cost model has prices for: "+strings.Join(priced, ", "))
	}
	if !slices.Contains(environments, c.Environment) {
		v.add(k("environment"), c.Environment, "one of "+strings.Join(environments, ", "))
	}

	// Tags: the provider stamps them on every taggable resource, so each must be an AWS tag value.
	const tagWant = "an AWS tag value: 1-256 letters, digits, spaces and _ . : / = + - @"
	if strings.TrimSpace(c.Tags.Owner) == "" {
		v.add(k("tags.owner"), c.Tags.Owner, "a non-empty owner (team or email): "+tagWant)
	} else if !arg.ValidTagValue(c.Tags.Owner) {
		v.add(k("tags.owner"), c.Tags.Owner, tagWant)
	}
	if !arg.ValidTagValue(c.Tags.CostCenter) {
		v.add(k("tags.costCenter"), c.Tags.CostCenter, tagWant)
	}
	if !slices.Contains(dataSensitivities, c.Tags.DataSensitivity) {
		v.add(k("tags.dataSensitivity"), c.Tags.DataSensitivity, "one of "+strings.Join(dataSensitivities, ", "))
	}
	if c.OrganizationID != "" && !orgIDRe.MatchString(c.OrganizationID) {
		v.add(k("organizationId"), c.OrganizationID, "an AWS Organizations id like o-a1b2c3d4e5 ("+network.OrganizationIDPattern+"), or empty")
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
		if regionOK && !network.ValidAvailabilityZone(c.Region, az) {
			v.add(key, az, fmt.Sprintf("an availability zone of region %s, such as %sa", c.Region, c.Region))
		}
	}

	// Hub.
	hubPrefix, hubOK := v.vpcCIDR(k("hub.cidr"), c.Hub.CIDR)
	v.azCount(k("hub.azCount"), c.Hub.AZCount, len(azs))
	catalog := network.CatalogKeys()
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
	// A rule about the list as a whole runs only on a list whose entries are valid: a typo such
	// as "sagemaker-api" is reported once, at its index, not again as a missing endpoint.
	if !v.reported(k("hub.endpoints")) {
		var lacking []string
		for _, e := range network.PresignedUrlEndpointKeys() {
			if !seenEP[e] {
				lacking = append(lacking, strconv.Quote(e))
			}
		}
		if len(lacking) > 0 {
			v.add(k("hub.endpoints"), c.Hub.Endpoints, fmt.Sprintf("a list that includes %s (add %s): the deny guard admits presigned Studio URLs only through the API endpoint, and Studio's own HTTPS and WebSocket requests, authorized as the same action, only through the studio endpoint",
				strings.Join(network.PresignedUrlEndpointKeys(), " and "), strings.Join(lacking, ", ")))
		}
	}
	if err := network.CheckConnectivity(c.Hub.Connectivity); err != nil {
		v.add(k("hub.connectivity"), c.Hub.Connectivity, "one of "+strings.Join(network.Connectivities(), ", ")+
			" (default "+network.DefaultConnectivity+")")
	}
	if err := network.CheckPeeringQuota(c.Hub.PeeringQuota); err != nil {
		v.add(k("hub.peeringQuota"), c.Hub.PeeringQuota, err.Error())
	} else if err := network.CheckPeeredSpokes(c.Hub.Connectivity, c.Hub.PeeringQuota, len(c.Spokes)); err != nil {
		v.add(k("spokes"), len(c.Spokes), err.Error())
	}
	if hubOK {
		// Each hub subnet holds one ENI per interface endpoint plus the TGW attachment's ENI.
		v.subnets(k("hub.subnetPrefixLength"), hubPrefix, c.Hub.SubnetPrefixLength, len(c.HubAZs()),
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
	domainsIn := map[string]bool{}
	for _, d := range c.Domains {
		usersIn[d.Spoke] += len(d.Users)
		domainsIn[d.Spoke] = true
	}
	for i, s := range c.Spokes {
		base := spokeBase(i, s)
		if !network.ValidSpokeName(s.Name, MaxSpokeNameLength) {
			v.add(k(base+".name"), s.Name, fmt.Sprintf("1-%d lowercase letters, digits or '-', starting with a letter and not ending with '-' (%s)",
				MaxSpokeNameLength, network.SpokeNamePattern))
		} else if seenSpoke[s.Name] {
			v.add(k(base+".name"), s.Name, "a name no other spoke uses")
		}
		seenSpoke[s.Name] = true
		prefix, ok := v.vpcCIDR(k(base+".cidr"), s.CIDR)
		if ok {
			for _, o := range cidrs {
				if network.Overlaps(o.cidr, s.CIDR) {
					v.add(k(base+".cidr"), s.CIDR, fmt.Sprintf("a CIDR that does not overlap %s (%s)", o.key, o.cidr))
				}
			}
			cidrs = append(cidrs, named{k(base + ".cidr"), s.CIDR})
		}
		v.azCount(k(base+".azCount"), s.AZCount, len(azs))
		if domainsIn[s.Name] && s.AZCount > studio.StudioMaxSubnets {
			v.add(k(base+".azCount"), s.AZCount, fmt.Sprintf("at most %d: a Studio domain takes at most %d subnets", studio.StudioMaxSubnets, studio.StudioMaxSubnets))
		}
		if ok {
			// + the domain's EFS mount target; a spoke subnet also holds the TGW attachment's ENI.
			need := max(studio.StudioIPsPerUser*usersIn[s.Name]+1, 2)
			v.subnets(k(base+".subnetPrefixLength"), prefix, s.SubnetPrefixLength, len(c.SpokeAZs(s)), need,
				fmt.Sprintf("%d Studio users at %d addresses each and an EFS mount target", usersIn[s.Name], studio.StudioIPsPerUser))
		}
		seenBucket := map[string]bool{}
		for j, b := range s.S3Buckets {
			key := k(fmt.Sprintf("%s.s3Buckets[%d]", base, j))
			if !network.ValidBucketName(b) {
				v.add(key, b, "an S3 bucket name (3-63 lowercase letters, digits, '.', '-', no '..'); not an ARN or s3:// URL")
			} else if seenBucket[b] {
				v.add(key, b, "each bucket once per spoke")
			}
			seenBucket[b] = true
		}
		if !slices.Contains(network.CloudWatchRetentionDays(), s.FlowLogRetentionDays) {
			v.add(k(base+".flowLogRetentionDays"), s.FlowLogRetentionDays,
				fmt.Sprintf("a CloudWatch Logs retention: %v", network.CloudWatchRetentionDays()))
		}
	}

	// Domains.
	if len(c.Domains) == 0 {
		v.add(k("domains"), nil, "at least one domain: the deny guard admits only the landing zone's Studio security groups")
	}
	v.domains(c)

	// Guards.
	for _, name := range []string{"guards.kmsKeyArns", "guards.logGroupArns", "guards.ecrRepositoryArns"} {
		arns := map[string][]string{"guards.kmsKeyArns": c.Guards.KmsKeyArns,
			"guards.logGroupArns": c.Guards.LogGroupArns, "guards.ecrRepositoryArns": c.Guards.EcrRepositoryArns}[name]
		seen := map[string]bool{}
		for i, a := range arns {
			key := k(fmt.Sprintf("%s[%d]", name, i))
			if !arnRes[name].MatchString(a) {
				v.add(key, a, "an ARN matching "+arnRes[name].String())
			} else if seen[a] {
				v.add(key, a, "each ARN once")
			}
			seen[a] = true
		}
	}

	v.errs = append(v.errs, validateGuards(c)...)
	// Budget.
	if b := c.Budget; b != nil {
		if !(b.MonthlyLimitUsd > 0) || math.IsInf(b.MonthlyLimitUsd, 0) {
			v.add(k("budget.monthlyLimitUsd"), b.MonthlyLimitUsd, "a positive amount in USD")
		}
		if len(b.Emails) == 0 || len(b.Emails) > finops.BudgetMaxEmails {
			v.add(k("budget.emails"), b.Emails, fmt.Sprintf("1 to %d email addresses to alert", finops.BudgetMaxEmails))
		}
		seenEmail := map[string]bool{}
		for i, e := range b.Emails {
			key := k(fmt.Sprintf("budget.emails[%d]", i))
			if !arg.ValidEmail(e) {
				v.add(key, e, "a plain email address like team@example.com")
			} else if seenEmail[strings.ToLower(e)] {
				v.add(key, e, "each address once (addresses compare case-insensitively)")
			}
			seenEmail[strings.ToLower(e)] = true
		}
		if len(b.ThresholdsPercent) > finops.BudgetMaxThresholds {
			v.add(k("budget.thresholdsPercent"), b.ThresholdsPercent, fmt.Sprintf("at most %d thresholds", finops.BudgetMaxThresholds))
		}
		seenPct := map[float64]bool{}
		for i, t := range b.ThresholdsPercent {
			key := k(fmt.Sprintf("budget.thresholdsPercent[%d]", i))
			if !(t > 0 && t <= finops.BudgetMaxPercent) {
				v.add(key, t, fmt.Sprintf("a percentage in (0, %v]", finops.BudgetMaxPercent))
			} else if seenPct[t] {
				v.add(key, t, "each threshold once")
			}
			seenPct[t] = true
		}
		if n := finops.DefaultBudgetName(Project, c.Stack, budgetName); len(n) > finops.BudgetNameMaxLength || strings.ContainsAny(n, `:\`) {
			v.add(k("budget"), c.Stack, fmt.Sprintf("a stack name that keeps the budget name %q within %d characters, without ':' or '\\'",
				n, finops.BudgetNameMaxLength))
		}
	}
}

// domains checks domains and users, including the names the program derives from both: user
// profiles are named "domain-<domain>-<user>", per-user execution roles "<domain>-<user>",
// security groups "studio-<domain>-domain" and "studio-<domain>-user-<user>", so those must be
// unique across the landing zone, and the roles must fit IAM's name limit.
func (v *validator) domains(c *Config) {
	seenDomain := map[string]bool{}
	userKeys := map[string]string{}   // lower(domain-user) -> key that has it
	groupNames := map[string]string{} // security group key -> config key that has it
	spokeNames := make([]string, 0, len(c.Spokes))
	for _, s := range c.Spokes {
		spokeNames = append(spokeNames, s.Name)
	}
	for i, d := range c.Domains {
		base := domainBase(i, d)
		switch {
		case !arg.ValidSageMakerName(d.Name):
			v.add(k(base+".name"), d.Name, fmt.Sprintf("a SageMaker domain name: %s, at most %d characters",
				arg.SageMakerNamePattern, arg.SageMakerNameMaxLength))
		case seenDomain[d.Name]:
			v.add(k(base+".name"), d.Name, "a name no other domain uses")
			continue // its users are reported under the first domain of that name
		default:
			if other, dup := groupNames[d.Name+"-domain"]; dup {
				v.add(k(base+".name"), d.Name, fmt.Sprintf("a name whose security group studio-%s-domain does not clash with %s's", d.Name, other))
			}
			groupNames[d.Name+"-domain"] = k(base + ".name")
		}
		seenDomain[d.Name] = true
		if _, ok := c.Spoke(d.Spoke); !ok {
			v.add(k(base+".spoke"), d.Spoke, "the name of a configured spoke: "+strings.Join(spokeNames, ", "))
		}
		if d.AuthMode != studio.StudioAuthModeIAM && d.AuthMode != studio.StudioAuthModeSSO {
			v.add(k(base+".authMode"), d.AuthMode, `"IAM" or "SSO"`)
		}
		switch {
		case d.SharingS3OutputPath != "" && !s3PathRe.MatchString(d.SharingS3OutputPath):
			v.add(k(base+".sharingS3OutputPath"), d.SharingS3OutputPath, "an s3://bucket[/prefix] path, or empty")
		case (d.SharingS3OutputPath == "") != (d.SharingKmsKeyArn == ""):
			v.add(k(base+".sharingKmsKeyArn"), d.SharingKmsKeyArn,
				"set together with sharingS3OutputPath (notebook sharing output must be KMS-encrypted), or both empty")
		case d.SharingKmsKeyArn != "" && !kmsArnRe.MatchString(d.SharingKmsKeyArn):
			v.add(k(base+".sharingKmsKeyArn"), d.SharingKmsKeyArn, "a KMS key or alias ARN ("+network.KmsKeyArnPattern+")")
		}
		seenUser := map[string]bool{}
		for j, u := range d.Users {
			ub := userBase(base, j, u)
			switch {
			case !arg.ValidSageMakerName(u.Name):
				v.add(k(ub+".name"), u.Name, fmt.Sprintf("a SageMaker user profile name: %s, at most %d characters",
					arg.SageMakerNamePattern, arg.SageMakerNameMaxLength))
			case seenUser[strings.ToLower(u.Name)]:
				v.add(k(ub+".name"), u.Name, "a user name not already in this domain (names compare case-insensitively)")
			default:
				uk := strings.ToLower(d.Name + "-" + u.Name)
				if other, dup := userKeys[uk]; dup {
					v.add(k(ub+".name"), u.Name, fmt.Sprintf("a name such that %q (the user's profile and role key) differs from %s's",
						d.Name+"-"+u.Name, other))
				} else if maxRoleKey := security.MaxExtraRoleKeyLength(GuardrailsName(c.SpokeAccount(d.Spoke))); u.OwnExecutionRole &&
					len(d.Name+"-"+u.Name) > maxRoleKey {
					// the role is made by the Guardrails of the domain's account, whose name is in it
					v.add(k(ub+".name"), u.Name, fmt.Sprintf("with ownExecutionRole, at most %d characters for \"<domain>-<user>\" (%q): the role name must fit IAM's %d",
						maxRoleKey, d.Name+"-"+u.Name, arg.IAMRoleNameMaxLength))
				} else if other, dup := groupNames[d.Name+"-user-"+u.Name]; dup && d.UsesPerUserSecurityGroups() {
					v.add(k(ub+".name"), u.Name, fmt.Sprintf("a name whose security group studio-%s-user-%s does not clash with %s's", d.Name, u.Name, other))
				}
				userKeys[uk] = k(ub + ".name")
				if d.UsesPerUserSecurityGroups() {
					groupNames[d.Name+"-user-"+u.Name] = k(ub + ".name")
				}
			}
			seenUser[strings.ToLower(u.Name)] = true
			if strings.TrimSpace(u.Owner) == "" {
				v.add(k(ub+".owner"), u.Owner, "a non-empty owner (the user's email)")
			} else if !arg.ValidTagValue(u.Owner) {
				v.add(k(ub+".owner"), u.Owner, "an AWS tag value: 1-256 letters, digits, spaces and _ . : / = + - @")
			}
		}
	}
}

func spokeBase(i int, s Spoke) string {
	if s.Name != "" {
		return fmt.Sprintf("spokes[%s]", s.Name)
	}
	return fmt.Sprintf("spokes[%d]", i)
}

func domainBase(i int, d Domain) string {
	if d.Name != "" {
		return fmt.Sprintf("domains[%s]", d.Name)
	}
	return fmt.Sprintf("domains[%d]", i)
}

func userBase(base string, j int, u User) string {
	if u.Name != "" {
		return fmt.Sprintf("%s.users[%s]", base, u.Name)
	}
	return fmt.Sprintf("%s.users[%d]", base, j)
}

type validator struct {
	errs []error
	keys map[string]bool
}

// add records a problem; a key gets one error (its first), so that each bad input is reported
// once even when several rules see it.
func (v *validator) add(key string, value any, allowed string) {
	if v.keys == nil {
		v.keys = map[string]bool{}
	}
	if v.keys[key] {
		return
	}
	v.keys[key] = true
	v.errs = append(v.errs, &Error{Key: key, Value: value, Allowed: allowed})
}

// reported reports whether key, or an element or field under it ("key[0]", "key.x"), already
// has an error: rules derived from a value skip a value already found bad, so that each bad
// input yields its own error and no second one on the same key.
func (v *validator) reported(key string) bool {
	for have := range v.keys {
		if have == key || strings.HasPrefix(have, key+"[") || strings.HasPrefix(have, key+".") {
			return true
		}
	}
	return false
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
	case p.Bits() < network.MinVpcPrefix || p.Bits() > network.MaxSubnetPrefix:
		v.add(key, cidr, fmt.Sprintf("a VPC size between /%d and /%d (AWS limits)", network.MinVpcPrefix, network.MaxSubnetPrefix))
	default:
		return p.Bits(), true
	}
	return 0, false
}

func (v *validator) azCount(key string, n, names int) {
	if names < 2 {
		return // availabilityZones itself is reported; the count defaults to its length
	}
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
		prefix = network.DefaultSubnetPrefix(vpcPrefix, n)
	}
	switch {
	case prefix < vpcPrefix || prefix > network.MaxSubnetPrefix:
		v.add(key, prefix, fmt.Sprintf("a subnet prefix between the VPC's /%d and /%d", vpcPrefix, network.MaxSubnetPrefix))
	case n > 1<<(prefix-vpcPrefix):
		v.add(key, prefix, fmt.Sprintf("a prefix that fits %d subnets in a /%d (at most /%d)", n, vpcPrefix, network.DefaultSubnetPrefix(vpcPrefix, n)))
	case network.UsableIPs(prefix) < need:
		v.add(key, prefix, fmt.Sprintf("subnets with at least %d usable addresses for %s; a /%d has %d (AWS keeps %d)",
			need, what, prefix, network.UsableIPs(prefix), network.AWSReservedIPsPerSubnet))
	}
}
