package config

// Hooks for the external tests of this package.

// Decode decodes and resolves without validating.
func Decode(stack string, get Getter) (*Config, error) { return decodeConfig(stack, get) }

// ConfigRules is Validate's first pass alone.
func ConfigRules(c *Config) error {
	v := &validator{}
	v.configRules(c)
	return v.err()
}

// ComponentRules is Validate's second pass (the components' own validators) alone.
func ComponentRules(c *Config) error {
	v := &validator{}
	v.componentRules(c)
	return v.err()
}
