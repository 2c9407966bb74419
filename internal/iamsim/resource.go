package iamsim

import (
	"encoding/json"
	"fmt"
)

// ParseResourcePolicy reads a resource-based policy (a CodeArtifact domain or repository policy,
// a bucket policy, ...) whose statements all name the anonymous principal: "Principal": "*" or
// {"AWS": "*"}. Such a statement applies to every caller, so its conditions (aws:PrincipalAccount,
// aws:PrincipalOrgID, aws:SourceVpce, ...) carry the whole restriction and it is evaluated like an
// identity statement. Any other Principal is refused rather than guessed at.
func ParseResourcePolicy(doc []byte) (Policy, error) {
	var raw struct {
		Version   string            `json:"Version"`
		Statement []json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal(doc, &raw); err != nil {
		return Policy{}, fmt.Errorf("iamsim: parsing resource policy: %w", err)
	}
	var stripped []map[string]json.RawMessage
	for i, st := range raw.Statement {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(st, &m); err != nil {
			return Policy{}, fmt.Errorf("iamsim: resource policy statement %d: %w", i, err)
		}
		p, ok := m["Principal"]
		if !ok {
			return Policy{}, fmt.Errorf("iamsim: resource policy statement %d has no Principal: a resource policy names one", i)
		}
		if !anonymousPrincipal(p) {
			return Policy{}, fmt.Errorf("iamsim: resource policy statement %d: Principal %s: only \"*\" or {\"AWS\": \"*\"} is evaluated", i, p)
		}
		delete(m, "Principal")
		stripped = append(stripped, m)
	}
	b, err := json.Marshal(map[string]any{"Version": raw.Version, "Statement": stripped})
	if err != nil {
		return Policy{}, err
	}
	return Parse(b)
}

func anonymousPrincipal(p json.RawMessage) bool {
	var s string
	if json.Unmarshal(p, &s) == nil {
		return s == "*"
	}
	var m map[string]stringList
	if json.Unmarshal(p, &m) != nil || len(m) != 1 {
		return false
	}
	aws, ok := m["AWS"]
	return ok && len(aws) == 1 && aws[0] == "*"
}

// DecideWithResourcePolicy combines an identity policy and a resource policy for one request, as
// the IAM User Guide's "Policy evaluation logic" describes: an explicit Deny in either wins; within
// one account an Allow in either suffices ("Identity-based and resource-based policies"); across
// accounts both must allow ("Cross-account policy evaluation logic"). Anything else is an implicit
// deny, reported as NotApplicable.
func DecideWithResourcePolicy(identity, resource Policy, r Request, sameAccount bool) (Decision, error) {
	id, err := identity.Evaluate(r)
	if err != nil {
		return NotApplicable, err
	}
	res, err := resource.Evaluate(r)
	if err != nil {
		return NotApplicable, err
	}
	switch {
	case id.Decision == Deny || res.Decision == Deny:
		return Deny, nil
	case sameAccount && (id.Decision == Allow || res.Decision == Allow):
		return Allow, nil
	case !sameAccount && id.Decision == Allow && res.Decision == Allow:
		return Allow, nil
	}
	return NotApplicable, nil
}
