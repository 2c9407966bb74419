package config

import (
	"fmt"
	"slices"
	"strings"

	"github.com/vpconly/sagemaker-landing-zone/components/arg"
	"github.com/vpconly/sagemaker-landing-zone/components/supply"
)

// Supply is "sagemaker-landing-zone:supply": the governed package and image supply path that
// replaces the internet for pip and docker pulls. Default nil: none.
//
// The settings types are the components' own (supply.PackageSettings,
// supply.ImageSettings): their JSON names are the configuration's keys, their defaults come
// from WithDefaults and their rules from PackageSettings.Validate and ImageSettings.Validate, so
// that the rules live in one place.
type Supply struct {
	// Packages is supply.packages: a CodeArtifact domain, a PyPI repository with an upstream that
	// has the external connection to public PyPI, an optional allow-list, and the Studio lifecycle
	// configuration that points pip at it. Default nil: no package supply. Needs the hub
	// endpoints PackageEndpoints.
	Packages *supply.PackageSettings `json:"packages" pulumi:"packages,optional"`
	// Images is supply.images: private ECR repositories for team images, an optional ECR Public
	// pull-through cache and an optional Studio custom image. Default nil: none. Needs the hub
	// endpoints ImageEndpoints.
	Images *supply.ImageSettings `json:"images" pulumi:"images,optional"`
}

// PackageEndpoints and ImageEndpoints are the hub endpoints the supply path needs: pip reaches
// CodeArtifact only through codeartifact.api (token) and codeartifact.repositories (packages), and
// images come through ecr.api and ecr.dkr.
var (
	packageEndpoints = []string{"codeartifact.api", "codeartifact.repositories"}
	imageEndpoints   = []string{"ecr.api", "ecr.dkr"}
)

// PackageEndpoints returns the hub endpoints the package path needs (a copy).
func PackageEndpoints() []string { return slices.Clone(packageEndpoints) }

// ImageEndpoints returns the hub endpoints the image path needs (a copy).
func ImageEndpoints() []string { return slices.Clone(imageEndpoints) }

// resolveSupply fills in the supply path's defaults.
func (c *Config) resolveSupply() {
	if c.Supply == nil {
		return
	}
	if p := c.Supply.Packages; p != nil {
		r := p.WithDefaults()
		c.Supply.Packages = &r
	}
	if i := c.Supply.Images; i != nil {
		r := i.WithDefaults()
		c.Supply.Images = &r
	}
}

// validateSupply checks supply.* with the components' validators, and that the hub has the
// endpoints the configured parts need (resolved up front: the hub's endpoint list is what the
// stack file says, and a missing endpoint is an error naming it, never added silently).
func validateSupply(c *Config, v *validator) {
	if c.Supply == nil {
		return
	}
	k := func(key string) string { return Project + ":" + key }
	need := func(part string, endpoints []string) {
		var missing []string
		for _, e := range endpoints {
			if !slices.Contains(c.Hub.Endpoints, e) {
				missing = append(missing, e)
			}
		}
		// Only on a valid list (v.reported): a bad entry is its own error.
		if len(missing) > 0 && !v.reported(k("hub.endpoints")) {
			v.add(k("hub.endpoints"), c.Hub.Endpoints, fmt.Sprintf("a list that includes %s when supply.%s is set (add %s)",
				strings.Join(endpoints, " and "), part, strings.Join(missing, ", ")))
		}
	}
	if p := c.Supply.Packages; p != nil {
		v.settingsErrors("supply.packages", p.Validate(), nil)
		need("packages", packageEndpoints)
	}
	if i := c.Supply.Images; i != nil {
		v.settingsErrors("supply.images", i.Validate(), nil)
		need("images", imageEndpoints)
	}
	if c.Supply.Packages == nil && c.Supply.Images == nil {
		v.add(k("supply"), "{}", "at least one of packages and images, or no supply key at all")
	}
}

// settingsErrors records the problems err holds (a component's Validate of settings the
// configuration mirrors: supply.packages, runtime.dnsFirewall, ...) under the key of each field
// below base (settingsKey), or, for a field another key configures, under that key:
// elsewhere[<field head>] plus the field's index ("Endpoints[2]" → "<project>:hub.endpoints[2]"). The component's message says what is allowed.
func (v *validator) settingsErrors(base string, err error, elsewhere map[string]string) {
	errs, other := arg.Errors(err)
	for _, e := range errs {
		key := Project + ":" + SettingsKey(base, e.Field)
		if f := arg.ParsePath(e.Field); elsewhere[f.Head] != "" {
			key = elsewhere[f.Head] + f.Index()
		}
		v.add(key, e.Value, e.Allowed)
	}
	for _, e := range other {
		v.add(Project+":"+base, nil, e.Error())
	}
}

// SettingsKey turns a component field path ("Upstreams[0].Name") into the configuration key
// under base ("supply.packages.upstreams[0].name"): the settings' JSON names are their Go names
// with a lower-case first letter.
func SettingsKey(base, field string) string {
	if field == "" {
		return base
	}
	parts := strings.Split(field, ".")
	for i, p := range parts {
		if p != "" {
			parts[i] = strings.ToLower(p[:1]) + p[1:]
		}
	}
	return base + "." + strings.Join(parts, ".")
}
