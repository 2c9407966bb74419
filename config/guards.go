package config

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/vpconly/sagemaker-landing-zone/components/iampolicy"
)

// guardsExemptKey is the key of Guards.ScpExemptPrincipalArns.
const guardsExemptKey = "guards.scpExemptPrincipalArns"

// guardsExemptFieldRe finds the index iampolicy.ValidatePrincipalArnPatterns names.
var guardsExemptFieldRe = regexp.MustCompile(`^` + regexp.QuoteMeta(guardsExemptKey) + `\[(\d+)\] = `)

// validateGuards checks the guards section's keys that have a component validator, by calling
// it (iampolicy.ValidatePrincipalArnPatterns, the one Guardrails and the SCP builder use), and
// maps each problem to its full key with the bad value.
func validateGuards(c *Config) []error {
	err := iampolicy.ValidatePrincipalArnPatterns(guardsExemptKey, c.Guards.ScpExemptPrincipalArns)
	if err == nil {
		return nil
	}
	var out []error
	for _, e := range unjoin(err) {
		m := guardsExemptFieldRe.FindStringSubmatch(e.Error())
		if m == nil {
			out = append(out, &Error{Key: Project + ":" + guardsExemptKey, Value: c.Guards.ScpExemptPrincipalArns, Allowed: e.Error()})
			continue
		}
		var i int
		fmt.Sscanf(m[1], "%d", &i)
		out = append(out, &Error{Key: fmt.Sprintf("%s:%s[%d]", Project, guardsExemptKey, i),
			Value: c.Guards.ScpExemptPrincipalArns[i], Allowed: allowedPart(e.Error())})
	}
	return out
}

// unjoin returns the errors inside an errors.Join, or err itself.
func unjoin(err error) []error {
	var j interface{ Unwrap() []error }
	if errors.As(err, &j) {
		return j.Unwrap()
	}
	return []error{err}
}

// allowedPart is the "want ..." text of a component error.
func allowedPart(msg string) string {
	if i := regexp.MustCompile(`: want `).FindStringIndex(msg); i != nil {
		return msg[i[1]:]
	}
	return msg
}
