package reach

import (
	"encoding/json"
	"fmt"

	"github.com/vpconly/sagemaker-landing-zone/config"
)

// CorporateConfigKey is the stack config key whose "cidrs" list CorporateCidrsFromConfig reads.
const CorporateConfigKey = config.Project + ":corporate"

// CorporateCidrsFromConfig reads the corporate CIDRs (sagemaker-landing-zone:corporate.cidrs)
// from raw stack config values, as the Pulumi engine passes them (structured values as JSON).
// No key, or no cidrs, gives none. It only reads: validation is the config package's job, and
// Analyze rejects a CIDR it cannot parse.
func CorporateCidrsFromConfig(values map[string]string) ([]string, error) {
	raw, ok := values[CorporateConfigKey]
	if !ok || raw == "" {
		return nil, nil
	}
	var section struct {
		Cidrs []string `json:"cidrs"`
	}
	if err := json.Unmarshal([]byte(raw), &section); err != nil {
		return nil, fmt.Errorf("%s: %w", CorporateConfigKey, err)
	}
	return section.Cidrs, nil
}
