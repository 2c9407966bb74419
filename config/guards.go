package config

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/vpconly/sagemaker-landing-zone/components/runtime"
	"github.com/vpconly/sagemaker-landing-zone/components/security"
	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
)

// guardsExemptKey is the key of Guards.ScpExemptPrincipalArns.
const guardsExemptKey = "guards.scpExemptPrincipalArns"

// guardsExemptFieldRe finds the index iampolicy.ValidatePrincipalArnPatterns names.
var guardsExemptFieldRe = regexp.MustCompile(`^` + regexp.QuoteMeta(guardsExemptKey) + `\[(\d+)\] = `)

// validateGuards checks the guards section's keys that have a component validator, by calling
// it (iampolicy.ValidatePrincipalArnPatterns, the one Guardrails and the SCP builder use), and
// maps each problem to its full key with the bad value.
func validateGuards(c *Config) []error {
	out := append(validateScpTargets(c), validateScpsPerTarget(c)...)
	err := iampolicy.ValidatePrincipalArnPatterns(guardsExemptKey, c.Guards.ScpExemptPrincipalArns)
	if err == nil {
		return out
	}
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

// guardsTargetsKey is the key of Guards.ScpTargetIds.
const guardsTargetsKey = "guards.scpTargetIds"

// validateScpTargets checks guards.scpTargetIds with the component's rule
// (security.ValidateScpTargetIds: roots, OUs or account ids, each once, only with
// guards.createServiceControlPolicy).
func validateScpTargets(c *Config) []error {
	var out []error
	for _, fp := range security.ValidateScpTargetIds(c.Guards.ScpTargetIds, c.Guards.CreateServiceControlPolicy) {
		key := Project + ":" + guardsTargetsKey + strings.TrimPrefix(fp.Field, "ScpTargetIds")
		want := fp.Want
		if fp.Field == "ScpTargetIds" {
			want = "unset unless guards.createServiceControlPolicy is true (nothing is created to attach)"
		}
		out = append(out, &Error{Key: key, Value: fp.Value, Allowed: want})
	}
	return out
}

// ScpTargets are the ids the created SCPs are attached to: guards.scpTargetIds when set; else,
// when accounts are configured, the ids of the workload accounts that host spokes (in spoke
// order; the deploying account's only when its accounts entry is listed, since its id is not
// otherwise in the configuration); else none (a single-account stack creates the SCPs without
// attaching them, as before). Nil without guards.createServiceControlPolicy.
//
// AttachPolicy takes a root, OU or account id; an SCP attached to an account affects only that
// account, and SCPs never restrict the management account itself (AWS Organizations User Guide,
// "Service control policies (SCPs)"; Organizations API Reference, AttachPolicy).
func (c *Config) ScpTargets() []string {
	if !c.Guards.CreateServiceControlPolicy {
		return nil
	}
	if len(c.Guards.ScpTargetIds) > 0 {
		return c.Guards.ScpTargetIds
	}
	return c.WorkloadAccountIDs()
}

// WorkloadAccountIDs are the default targets of the SCPs the landing zone creates (the deny
// guard's, ScpTargets, and the organization guardrails', OrganizationGuardrailTargets): the ids
// of the workload accounts that host spokes, in spoke order, the deploying account's only when
// its accounts entry is listed (its id is not otherwise in the configuration); nil without
// accounts (a single-account stack creates its SCPs without attaching them).
func (c *Config) WorkloadAccountIDs() []string {
	if len(c.Accounts) == 0 {
		return nil
	}
	var out []string
	for _, key := range c.WorkloadAccounts() {
		for _, a := range c.Accounts {
			if (key == "" && a.Deploying()) || (key != "" && a.Name == key) {
				out = append(out, a.ID)
			}
		}
	}
	return out
}

// OrganizationGuardrailTargets are the ids the organization guardrails' SCPs are attached to:
// runtime.organizationGuardrails.targetIds when set (or without create, for validation to
// reject); else, with create, WorkloadAccountIDs (the same default as the deny guard's SCPs:
// the workload accounts that host spokes; none in a single-account stack, as before).
func (c *Config) OrganizationGuardrailTargets() []string {
	og := c.Runtime.OrganizationGuardrails
	if len(og.TargetIds) > 0 || !og.Create {
		return og.TargetIds
	}
	return c.WorkloadAccountIDs()
}

// validateScpsPerTarget rejects a root, OU or account that both the deny guard's SCPs
// (ScpTargets) and the organization guardrails' (OrganizationGuardrailTargets) are attached to:
// together with FullAWSAccess they are more SCPs than one target may have
// (runtime.MaxScpsPerTarget). With accounts and neither list set, both default to the
// workload accounts, so creating both needs one list set at another level.
func validateScpsPerTarget(c *Config) []error {
	if !c.Guards.CreateServiceControlPolicy || !c.Runtime.OrganizationGuardrails.Create {
		return nil
	}
	total := runtime.LandingZoneScps(len(iampolicy.GuardGroups()), len(iampolicy.OrgGuardGroups()))
	if total <= runtime.MaxScpsPerTarget {
		return nil
	}
	guard := c.ScpTargets()
	var both []string
	for _, id := range c.OrganizationGuardrailTargets() {
		if slices.Contains(guard, id) {
			both = append(both, id)
		}
	}
	if len(both) == 0 {
		return nil
	}
	value := any(both)
	if len(c.Runtime.OrganizationGuardrails.TargetIds) == 0 {
		value = fmt.Sprintf("%v (the default: the workload accounts)", both)
	}
	return []error{&Error{Key: Project + ":runtime.organizationGuardrails.targetIds", Value: value,
		Allowed: fmt.Sprintf("targets the deny guard's SCPs (guards.scpTargetIds, default the workload accounts) are not attached to: "+
			"there they would be %d SCPs with FullAWSAccess, above the AWS limit of %d per root, OU or account; "+
			"attach the two sets at different levels (for example targetIds the organization root and guards.scpTargetIds the workload accounts)",
			total, runtime.MaxScpsPerTarget)}}
}
