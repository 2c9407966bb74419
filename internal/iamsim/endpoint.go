package iamsim

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ParseEndpointPolicy reads a VPC endpoint policy. An endpoint policy is a resource policy: every
// statement must name a Principal, and a gateway endpoint's must be "*" ("Principals for gateway
// endpoints", AWS PrivateLink guide, "Control access to VPC endpoints using endpoint policies":
// "you must specify * as the principal" and use conditions such as aws:PrincipalAccount to narrow
// it). The evaluator models only that form: each statement must have Principal "*" or
// {"AWS": "*"}, which applies to every caller, and is then evaluated like an identity statement
// against the request (action, resource, conditions). Any other principal, and NotPrincipal, is an
// error rather than a guess.
func ParseEndpointPolicy(doc []byte) (Policy, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(doc, &raw); err != nil {
		return Policy{}, fmt.Errorf("iamsim: parsing endpoint policy: %w", err)
	}
	var stmts []map[string]json.RawMessage
	if err := json.Unmarshal(raw["Statement"], &stmts); err != nil {
		var one map[string]json.RawMessage
		if err2 := json.Unmarshal(raw["Statement"], &one); err2 != nil {
			return Policy{}, fmt.Errorf("iamsim: parsing endpoint policy Statement: %w", err)
		}
		stmts = []map[string]json.RawMessage{one}
	}
	for i, s := range stmts {
		sid := string(s["Sid"])
		if _, ok := s["NotPrincipal"]; ok {
			return Policy{}, fmt.Errorf("iamsim: endpoint policy statement %d (%s) has NotPrincipal: not modelled", i, sid)
		}
		p, ok := s["Principal"]
		if !ok {
			return Policy{}, fmt.Errorf("iamsim: endpoint policy statement %d (%s) has no Principal: an endpoint policy needs one", i, sid)
		}
		if !anyPrincipal(p) {
			return Policy{}, fmt.Errorf("iamsim: endpoint policy statement %d (%s) has Principal %s: only \"*\" or {\"AWS\": \"*\"} is modelled", i, sid, p)
		}
		delete(s, "Principal")
	}
	b, err := json.Marshal(map[string]any{"Version": raw["Version"], "Statement": stmts})
	if err != nil {
		return Policy{}, fmt.Errorf("iamsim: endpoint policy: %w", err)
	}
	return Parse(b)
}

// anyPrincipal reports whether a Principal element is "*" or {"AWS": "*"} (or {"AWS": ["*"]}).
func anyPrincipal(p json.RawMessage) bool {
	if bytes.Equal(bytes.TrimSpace(p), []byte(`"*"`)) {
		return true
	}
	var m map[string]stringList
	if err := json.Unmarshal(p, &m); err != nil || len(m) != 1 {
		return false
	}
	aws, ok := m["AWS"]
	return ok && len(aws) == 1 && aws[0] == "*"
}
