package policies

import (
	"errors"
	"fmt"
	"net/netip"
	"sort"
	"strings"
)

// Config is the pack's configuration: what `pulumi preview --policy-pack-config FILE` supplies.
// Start from DefaultConfig; in the zero Config no tag is required and no CIDR range restricts
// routes or rules beyond 0.0.0.0/0 and ::/0.
type Config struct {
	// Enforcement overrides a policy's DefaultEnforcement, by policy name. Default none: every
	// policy runs at its DefaultEnforcement.
	Enforcement map[string]Enforcement
	// RequiredTags are the tag keys every taggable resource must carry (required-tags.requiredTags).
	// Default: owner, cost-center, data-sensitivity.
	RequiredTags []string
	// RouteCIDRs are the ranges a route may point at (no-internet-route.allowedCidrs); a route to
	// anything outside them is reported. Default: the private ranges (RFC 1918, RFC 6598 shared
	// address space, IPv6 unique local fc00::/7).
	RouteCIDRs []netip.Prefix
	// SecurityGroupCIDRs are the ranges a security group rule may name
	// (no-open-security-group.allowedCidrs). Default: the private ranges, as RouteCIDRs.
	SecurityGroupCIDRs []netip.Prefix
	// IPv6CIDRs are the IPv6 ranges a VPC, subnet or interface may use (no-global-ipv6.allowedIpv6Cidrs);
	// the stack policy no-external-ipv6-security-group allows them in rules too. Default: fc00::/7.
	IPv6CIDRs []netip.Prefix
	// Regulated overrides the data sensitivity read from the data-sensitivity tag
	// (sagemaker-model-vpc.regulated). Default nil: decided per resource from the tag.
	Regulated *bool
	// Admit are the types the stack's owners reviewed and admit, with the reason
	// (reviewed-types.admit: type token or CloudFormation type -> reason). Default none.
	Admit map[string]string
}

// DefaultRequiredTags are the FinOps tag keys of the landing zone.
var DefaultRequiredTags = []string{"owner", "cost-center", "data-sensitivity"}

// DefaultAllowedCIDRs are the private address ranges.
var DefaultAllowedCIDRs = []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7"}

// DefaultConfig returns the configuration the pack runs with when none is given.
func DefaultConfig() Config {
	return Config{
		Enforcement:        map[string]Enforcement{},
		RequiredTags:       append([]string(nil), DefaultRequiredTags...),
		RouteCIDRs:         mustPrefixes(DefaultAllowedCIDRs),
		SecurityGroupCIDRs: mustPrefixes(DefaultAllowedCIDRs),
		IPv6CIDRs:          mustPrefixes(DefaultAllowedIPv6CIDRs),
	}
}

func mustPrefixes(ss []string) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(ss))
	for _, s := range ss {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}

// EnforcementOf returns the enforcement level of a policy under this configuration.
func (c Config) EnforcementOf(p Policy) Enforcement {
	if lvl, ok := c.Enforcement[p.Name]; ok && lvl != "" {
		return lvl
	}
	return p.DefaultEnforcement
}

var enforcementLevels = []string{string(Advisory), string(Mandatory), string(Disabled)}

func parseEnforcement(path string, raw any) (Enforcement, error) {
	s, ok := raw.(string)
	if ok {
		for _, l := range enforcementLevels {
			if s == l {
				return Enforcement(s), nil
			}
		}
	}
	return "", fmt.Errorf("%s: %s is not allowed: use one of %s", path, echo(raw), strings.Join(enforcementLevels, ", "))
}

// echo renders a bad config value for an error message.
func echo(raw any) string {
	switch x := raw.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v (%T)", raw, raw)
}

// ParseConfig validates a policy pack configuration in the shape of a --policy-pack-config file:
//
//	{"all": "mandatory",
//	 "required-tags": {"enforcementLevel": "mandatory", "requiredTags": ["owner"]},
//	 "sagemaker-domain-retain-home": "mandatory",
//	 "no-internet-route": {"allowedCidrs": ["10.0.0.0/8"]}}
//
// A key is a policy name or "all" (the level of every policy without its own); a value is an
// enforcement level or an object of enforcementLevel and the policy's own properties. Every
// problem is reported, each naming the key and echoing the value.
func ParseConfig(raw map[string]any) (Config, error) {
	cfg := DefaultConfig()
	var errs []error
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var all Enforcement
	for _, k := range keys {
		v := raw[k]
		if k == "all" {
			lvl, err := parseEnforcement("all", v)
			if err != nil {
				errs = append(errs, err)
			}
			all = lvl
			continue
		}
		p, ok := Lookup(k)
		if !ok {
			errs = append(errs, fmt.Errorf("%s: no such policy: use all or one of %s", k, strings.Join(Names(), ", ")))
			continue
		}
		switch x := v.(type) {
		case string:
			lvl, err := parseEnforcement(k, x)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			cfg.Enforcement[k] = lvl
		case map[string]any:
			errs = append(errs, applyPolicyProperties(&cfg, p, x, k)...)
		default:
			errs = append(errs, fmt.Errorf("%s: %s is not allowed: use an enforcement level (%s) or an object",
				k, echo(v), strings.Join(enforcementLevels, ", ")))
		}
	}
	if all != "" {
		for _, p := range All() {
			if _, set := cfg.Enforcement[p.Name]; !set {
				cfg.Enforcement[p.Name] = all
			}
		}
	}
	if len(errs) > 0 {
		return DefaultConfig(), errors.Join(errs...)
	}
	return cfg, nil
}

// ParsePolicyConfig applies one policy's configuration properties (what the engine hands that
// policy: enforcementLevel and the policy's own keys) to the default configuration.
func ParsePolicyConfig(policy string, props map[string]any) (Config, error) {
	cfg := DefaultConfig()
	p, ok := Lookup(policy)
	if !ok {
		return cfg, fmt.Errorf("%s: no such policy: use one of %s", policy, strings.Join(Names(), ", "))
	}
	if errs := applyPolicyProperties(&cfg, p, props, policy); len(errs) > 0 {
		return DefaultConfig(), errors.Join(errs...)
	}
	return cfg, nil
}

// ParsePolicyConfigs applies several policies' configuration properties (policy name -> what the
// engine handed that policy) to the default configuration, in policy-name order.
func ParsePolicyConfigs(byPolicy map[string]map[string]any) (Config, error) {
	cfg := DefaultConfig()
	names := make([]string, 0, len(byPolicy))
	for n := range byPolicy {
		names = append(names, n)
	}
	sort.Strings(names)
	var errs []error
	for _, n := range names {
		p, ok := Lookup(n)
		if !ok {
			errs = append(errs, fmt.Errorf("%s: no such policy: use one of %s", n, strings.Join(Names(), ", ")))
			continue
		}
		errs = append(errs, applyPolicyProperties(&cfg, p, byPolicy[n], n)...)
	}
	if len(errs) > 0 {
		return DefaultConfig(), errors.Join(errs...)
	}
	return cfg, nil
}

func applyPolicyProperties(cfg *Config, p Policy, props map[string]any, prefix string) []error {
	var errs []error
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := props[k]
		path := prefix + "." + k
		if k == "enforcementLevel" {
			lvl, err := parseEnforcement(path, v)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			cfg.Enforcement[p.Name] = lvl
			continue
		}
		if _, known := p.ConfigProperties[k]; !known {
			allowed := []string{"enforcementLevel"}
			for name := range p.ConfigProperties {
				allowed = append(allowed, name)
			}
			sort.Strings(allowed)
			errs = append(errs, fmt.Errorf("%s: unknown property: policy %s takes %s", path, p.Name, strings.Join(allowed, ", ")))
			continue
		}
		switch k {
		case "requiredTags":
			tags, err := parseTagKeys(path, v)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			cfg.RequiredTags = tags
		case "allowedIpv6Cidrs":
			prefixes, perrs := parseCIDRs(path, v)
			for _, pfx := range prefixes {
				if pfx.Addr().Is4() {
					perrs = append(perrs, fmt.Errorf("%s: %q is not allowed: use an IPv6 range such as fc00::/7", path, pfx.String()))
				}
			}
			if len(perrs) > 0 {
				errs = append(errs, perrs...)
				continue
			}
			cfg.IPv6CIDRs = prefixes
		case "allowedCidrs":
			prefixes, perrs := parseCIDRs(path, v)
			if len(perrs) > 0 {
				errs = append(errs, perrs...)
				continue
			}
			if p.Name == noInternetRoute.Name {
				cfg.RouteCIDRs = prefixes
			} else {
				cfg.SecurityGroupCIDRs = prefixes
			}
		case "admit":
			admit, aerrs := parseAdmit(path, v)
			if len(aerrs) > 0 {
				errs = append(errs, aerrs...)
				continue
			}
			cfg.Admit = admit
		case "regulated":
			b, ok := v.(bool)
			if !ok {
				errs = append(errs, fmt.Errorf("%s: %s is not allowed: use true or false", path, echo(v)))
				continue
			}
			cfg.Regulated = &b
		}
	}
	return errs
}

func parseTagKeys(path string, v any) ([]string, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s: %s is not allowed: use a list of tag keys such as [\"owner\"]", path, echo(v))
	}
	seen := map[string]bool{}
	out := make([]string, 0, len(list))
	var errs []error
	for i, e := range list {
		s, ok := e.(string)
		if !ok || strings.TrimSpace(s) == "" || len(s) > 128 {
			errs = append(errs, fmt.Errorf("%s[%d]: %s is not allowed: use a non-empty tag key of at most 128 characters", path, i, echo(e)))
			continue
		}
		if seen[s] {
			errs = append(errs, fmt.Errorf("%s[%d]: %q is listed twice: list each tag key once", path, i, s))
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out, errors.Join(errs...)
}

func parseCIDRs(path string, v any) ([]netip.Prefix, []error) {
	list, ok := v.([]any)
	if !ok {
		return nil, []error{fmt.Errorf("%s: %s is not allowed: use a list of CIDR blocks such as [\"10.0.0.0/8\"]", path, echo(v))}
	}
	var errs []error
	out := make([]netip.Prefix, 0, len(list))
	for i, e := range list {
		s, _ := e.(string)
		pfx, err := netip.ParsePrefix(s)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("%s[%d]: %s is not allowed: use a CIDR block such as 10.0.0.0/8 or fc00::/7", path, i, echo(e)))
		case pfx.Bits() == 0:
			errs = append(errs, fmt.Errorf("%s[%d]: %q is not allowed: it is the whole internet; use a private range", path, i, s))
		case pfx != pfx.Masked():
			errs = append(errs, fmt.Errorf("%s[%d]: %q is not allowed: host bits are set; use the network address %s", path, i, s, pfx.Masked()))
		default:
			out = append(out, pfx)
		}
	}
	return out, errs
}
