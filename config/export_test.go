package config

// Hooks for the external tests of this package.

// ConfigRules is Validate's first pass alone.
func ConfigRules(c *Config) error {
	v := &validator{}
	v.configRules(c)
	return v.err()
}
