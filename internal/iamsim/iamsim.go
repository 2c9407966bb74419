// Package iamsim is an offline evaluator of IAM identity-policy statements against a request
// context. It exists to prove the landing zone's deny guards: it follows the IAM User Guide's
// semantics for the condition operators the guards use, and refuses (with an error) anything it
// does not model rather than guessing.
//
// Semantics, each from the IAM User Guide:
//   - "IAM JSON policy elements: Condition operators": "If the key that you specify in a policy
//     condition is not present in the request context, the values do not match and the condition
//     is false. If the policy condition requires that the key is not matched, such as
//     StringNotLike or ArnNotLike, and the right key is not present, the condition is true. This
//     logic applies to all condition operators except ...IfExists and Null check."
//   - "...IfExists": if the key is absent the condition is true; otherwise the operator applies.
//   - "Null": "true" is true when the key is absent; "false" when it is present.
//   - "Creating a condition with multiple context keys or values": operators of one statement and
//     keys of one operator are ANDed; several values of one key are ORed, and for negated
//     operators (StringNotEquals, ...) NORed: the condition is true when the request value matches
//     none of them.
//   - "Single-valued vs. multivalued context keys" (set operators): ForAllValues is true when
//     every request value matches, "and also returns true if there are no context keys in the
//     request" or the key resolves to an empty set; ForAnyValue is true when at least one request
//     value matches, and false when the key is absent.
//   - Condition key names are case-insensitive; StringEquals values are case-sensitive; action
//     names are case-insensitive.
//   - "IAM policy elements: Variables and tags": a policy variable in a Resource, NotResource or
//     condition value is replaced by the request's value of that context key (the variable
//     aws:PrincipalTag/k is the caller's tag k). A variable whose key is absent has no value:
//     "there is no equal or like value", so a Resource (or NotResource) pattern holding it
//     matches no resource, and a condition value holding it matches no request value (a negated
//     operator is then true). A multivalued key as a variable, default values and the special
//     character variables are not modelled: all are errors.
//
// Evaluation of several statements: an explicit Deny wins over any Allow; with no matching
// statement the result is NotApplicable (an implicit deny when nothing else allows).
package iamsim

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Decision is the outcome of evaluating statements for a request.
type Decision int

// Decisions.
const (
	// NotApplicable: no statement matched (IAM's implicit deny, unless another policy allows).
	NotApplicable Decision = iota
	// Allow: an Allow statement matched and no Deny did.
	Allow
	// Deny: a Deny statement matched.
	Deny
)

func (d Decision) String() string {
	switch d {
	case Allow:
		return "Allow"
	case Deny:
		return "Deny"
	}
	return "NotApplicable"
}

// Request is a request context.
type Request struct {
	// Action is the action ("sagemaker:CreateTrainingJob"). Required.
	Action string
	// Resource is the resource ARN. Default "": resources are not tested (every statement's
	// Resource matches).
	Resource string
	// Keys are the context keys present in the request, each with its values: one value for a
	// single-valued key, any number for a multivalued one. A key not in the map, or with no
	// values, is absent. Default none: every key is absent.
	Keys map[string][]string
}

// values returns the request's values for key (case-insensitive key), and whether it is present.
func (r Request) values(key string) ([]string, bool) {
	for k, v := range r.Keys {
		if strings.EqualFold(k, key) {
			return v, len(v) > 0
		}
	}
	return nil, false
}

// Statement is one policy statement as IAM reads it.
type Statement struct {
	Sid         string
	Effect      string
	Action      []string
	NotAction   []string
	Resource    []string
	NotResource []string
	// Condition maps operator → key → values.
	Condition map[string]map[string][]string
}

// Policy is a policy document's statements.
type Policy struct {
	Statements []Statement
}

// stringList reads a JSON string, bool, number or array of them as strings.
type stringList []string

func (s *stringList) UnmarshalJSON(b []byte) error {
	var raw any
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	conv := func(v any) (string, error) {
		switch x := v.(type) {
		case string:
			return x, nil
		case bool:
			return fmt.Sprint(x), nil
		case float64:
			return fmt.Sprint(x), nil
		}
		return "", fmt.Errorf("want a string, bool or number, got %s", b)
	}
	if arr, ok := raw.([]any); ok {
		for _, e := range arr {
			v, err := conv(e)
			if err != nil {
				return err
			}
			*s = append(*s, v)
		}
		return nil
	}
	v, err := conv(raw)
	if err != nil {
		return err
	}
	*s = stringList{v}
	return nil
}

type jsonStatement struct {
	Sid         string                           `json:"Sid"`
	Effect      string                           `json:"Effect"`
	Principal   json.RawMessage                  `json:"Principal"`
	Action      stringList                       `json:"Action"`
	NotAction   stringList                       `json:"NotAction"`
	Resource    stringList                       `json:"Resource"`
	NotResource stringList                       `json:"NotResource"`
	Condition   map[string]map[string]stringList `json:"Condition"`
}

// Parse reads a policy document (identity-based: statements without Principal).
func Parse(doc []byte) (Policy, error) {
	var raw struct {
		Version   string          `json:"Version"`
		Statement json.RawMessage `json:"Statement"`
	}
	if err := json.Unmarshal(doc, &raw); err != nil {
		return Policy{}, fmt.Errorf("iamsim: parsing policy: %w", err)
	}
	var stmts []jsonStatement
	if err := json.Unmarshal(raw.Statement, &stmts); err != nil {
		var one jsonStatement
		if err2 := json.Unmarshal(raw.Statement, &one); err2 != nil {
			return Policy{}, fmt.Errorf("iamsim: parsing Statement: %w", err)
		}
		stmts = []jsonStatement{one}
	}
	var p Policy
	for i, s := range stmts {
		if len(s.Principal) > 0 {
			return Policy{}, fmt.Errorf("iamsim: statement %d (%q) has a Principal: only identity policies are evaluated", i, s.Sid)
		}
		st := Statement{Sid: s.Sid, Effect: s.Effect, Action: s.Action, NotAction: s.NotAction,
			Resource: s.Resource, NotResource: s.NotResource, Condition: map[string]map[string][]string{}}
		for op, keys := range s.Condition {
			st.Condition[op] = map[string][]string{}
			for k, v := range keys {
				st.Condition[op][k] = v
			}
		}
		if err := st.check(); err != nil {
			return Policy{}, err
		}
		p.Statements = append(p.Statements, st)
	}
	return p, nil
}

func (s Statement) check() error {
	if s.Effect != "Allow" && s.Effect != "Deny" {
		return fmt.Errorf("iamsim: statement %q: Effect = %q: want Allow or Deny", s.Sid, s.Effect)
	}
	if (len(s.Action) == 0) == (len(s.NotAction) == 0) {
		return fmt.Errorf("iamsim: statement %q: want exactly one of Action and NotAction", s.Sid)
	}
	for op := range s.Condition {
		if _, err := parseOperator(op); err != nil {
			return fmt.Errorf("iamsim: statement %q: %w", s.Sid, err)
		}
	}
	return nil
}

// Result is an evaluation's decision and the statements that matched.
type Result struct {
	Decision Decision
	// Matched are the Sids of the matching statements (statement index when a Sid is empty).
	Matched []string
}

// Evaluate evaluates the policy's statements for the request.
func (p Policy) Evaluate(r Request) (Result, error) {
	return Evaluate(p.Statements, r)
}

// Evaluate evaluates statements for a request: Deny if any Deny statement matches, else Allow if
// any Allow statement matches, else NotApplicable.
func Evaluate(stmts []Statement, r Request) (Result, error) {
	res := Result{}
	allowed, denied := false, false
	for i, s := range stmts {
		ok, err := s.Matches(r)
		if err != nil {
			return Result{}, err
		}
		if !ok {
			continue
		}
		name := s.Sid
		if name == "" {
			name = fmt.Sprintf("#%d", i)
		}
		res.Matched = append(res.Matched, name)
		if s.Effect == "Deny" {
			denied = true
		} else {
			allowed = true
		}
	}
	switch {
	case denied:
		res.Decision = Deny
	case allowed:
		res.Decision = Allow
	}
	return res, nil
}

// Matches reports whether the statement applies to the request: action, resource and every
// condition.
func (s Statement) Matches(r Request) (bool, error) {
	if err := s.check(); err != nil {
		return false, err
	}
	if len(s.Action) > 0 && !anyGlob(s.Action, r.Action, true) {
		return false, nil
	}
	if len(s.NotAction) > 0 && anyGlob(s.NotAction, r.Action, true) {
		return false, nil
	}
	if r.Resource != "" {
		res, err := r.substitute(s.Resource)
		if err != nil {
			return false, fmt.Errorf("iamsim: statement %q: Resource: %w", s.Sid, err)
		}
		notRes, err := r.substitute(s.NotResource)
		if err != nil {
			return false, fmt.Errorf("iamsim: statement %q: NotResource: %w", s.Sid, err)
		}
		if len(s.Resource) > 0 && !anyGlob(res, r.Resource, false) {
			return false, nil
		}
		if len(s.NotResource) > 0 && anyGlob(notRes, r.Resource, false) {
			return false, nil
		}
	}
	// Deterministic order, so that an error is reported the same way every time.
	ops := make([]string, 0, len(s.Condition))
	for op := range s.Condition {
		ops = append(ops, op)
	}
	sort.Strings(ops)
	for _, op := range ops {
		keys := make([]string, 0, len(s.Condition[op]))
		for k := range s.Condition[op] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ok, err := EvaluateCondition(op, k, s.Condition[op][k], r)
			if err != nil {
				return false, fmt.Errorf("iamsim: statement %q: %w", s.Sid, err)
			}
			if !ok {
				return false, nil
			}
		}
	}
	return true, nil
}

func anyGlob(patterns []string, s string, fold bool) bool {
	for _, p := range patterns {
		if fold {
			if Glob(strings.ToLower(p), strings.ToLower(s)) {
				return true
			}
		} else if Glob(p, s) {
			return true
		}
	}
	return false
}

// Glob matches s against a pattern where "*" matches any run of characters and "?" any one.
func Glob(pattern, s string) bool {
	p, t := []rune(pattern), []rune(s)
	pi, ti, star, mark := 0, 0, -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// set qualifiers.
const (
	setNone = iota
	setForAll
	setForAny
)

type operator struct {
	set      int
	base     string // "StringEquals", "Bool", "Null", ...
	ifExists bool
	negated  bool
}

var baseOperators = map[string]bool{ // name → negated
	"StringEquals": false, "StringNotEquals": true,
	"StringEqualsIgnoreCase": false, "StringNotEqualsIgnoreCase": true,
	"StringLike": false, "StringNotLike": true,
	"ArnEquals": false, "ArnNotEquals": true, "ArnLike": false, "ArnNotLike": true,
	"Bool": false, "Null": false,
}

func parseOperator(op string) (operator, error) {
	o := operator{}
	rest := op
	switch {
	case strings.HasPrefix(rest, "ForAllValues:"):
		o.set, rest = setForAll, strings.TrimPrefix(rest, "ForAllValues:")
	case strings.HasPrefix(rest, "ForAnyValue:"):
		o.set, rest = setForAny, strings.TrimPrefix(rest, "ForAnyValue:")
	}
	if strings.HasSuffix(rest, "IfExists") {
		o.ifExists, rest = true, strings.TrimSuffix(rest, "IfExists")
	}
	neg, ok := baseOperators[rest]
	if !ok {
		return o, fmt.Errorf("condition operator %q: want one of the String*, Arn*, Bool and Null operators, optionally with ForAllValues:/ForAnyValue: and IfExists", op)
	}
	if rest == "Null" && (o.set != setNone || o.ifExists) {
		return o, fmt.Errorf("condition operator %q: Null takes neither a set operator nor IfExists", op)
	}
	o.base, o.negated = rest, neg
	return o, nil
}

// matchOne reports whether one request value matches one policy value under the (non-negated
// form of the) base operator.
func matchOne(base, policy, value string) bool {
	switch base {
	case "StringEquals", "StringNotEquals", "ArnEquals", "ArnNotEquals":
		if strings.HasPrefix(base, "Arn") {
			return Glob(policy, value)
		}
		return policy == value
	case "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase":
		return strings.EqualFold(policy, value)
	case "StringLike", "StringNotLike", "ArnLike", "ArnNotLike":
		return Glob(policy, value)
	case "Bool":
		return strings.EqualFold(policy, value)
	}
	return false
}

// valueMatches applies the operator to one request value: positive operators OR the policy
// values, negated ones NOR them.
func (o operator) valueMatches(policy []string, value string) bool {
	hit := false
	for _, p := range policy {
		if matchOne(o.base, p, value) {
			hit = true
			break
		}
	}
	if o.negated {
		return !hit
	}
	return hit
}

// EvaluateCondition evaluates one operator/key/values entry of a Condition block against the
// request.
func EvaluateCondition(op, key string, policyValues []string, r Request) (bool, error) {
	o, err := parseOperator(op)
	if err != nil {
		return false, err
	}
	if len(policyValues) == 0 {
		return false, fmt.Errorf("condition %s on %s has no values: want at least one", op, key)
	}
	values, present := r.values(key)
	if o.base != "Null" {
		resolved, err := r.substitute(policyValues)
		if err != nil {
			return false, fmt.Errorf("condition %s on %s: %w", op, key, err)
		}
		// A variable without a value matches no request value (left out of the list).
		policyValues = resolved
	}
	if o.base == "Null" {
		for _, p := range policyValues {
			switch strings.ToLower(p) {
			case "true":
				if !present {
					return true, nil
				}
			case "false":
				if present {
					return true, nil
				}
			default:
				return false, fmt.Errorf("condition Null on %s = %q: want \"true\" or \"false\"", key, p)
			}
		}
		return false, nil
	}
	if o.base == "Bool" {
		for _, p := range policyValues {
			if !strings.EqualFold(p, "true") && !strings.EqualFold(p, "false") {
				return false, fmt.Errorf("condition %s on %s = %q: want \"true\" or \"false\"", op, key, p)
			}
		}
	}
	if !present {
		switch {
		case o.ifExists:
			return true, nil
		case o.set == setForAll:
			return true, nil
		case o.set == setForAny:
			return false, nil
		}
		return o.negated, nil
	}
	switch o.set {
	case setForAll:
		for _, v := range values {
			if !o.valueMatches(policyValues, v) {
				return false, nil
			}
		}
		return true, nil
	case setForAny:
		for _, v := range values {
			if o.valueMatches(policyValues, v) {
				return true, nil
			}
		}
		return false, nil
	}
	if len(values) > 1 {
		return false, fmt.Errorf("condition %s on %s: the request has %d values for it: a multivalued key needs ForAllValues: or ForAnyValue: (IAM User Guide, \"Single-valued vs. multivalued context keys\")",
			op, key, len(values))
	}
	return o.valueMatches(policyValues, values[0]), nil
}

// substitute replaces the policy variables of each pattern with the request's values; a pattern
// whose variable has no value in the request is left out (it can match nothing).
func (r Request) substitute(patterns []string) ([]string, error) {
	out := make([]string, 0, len(patterns))
	for _, p := range patterns {
		v, ok, err := r.resolve(p)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, v)
		}
	}
	return out, nil
}

// resolve replaces every "${...}" of s; ok is false when a variable's key is absent.
func (r Request) resolve(s string) (string, bool, error) {
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), true, nil
		}
		j := strings.Index(s[i:], "}")
		if j < 0 {
			return "", false, fmt.Errorf("%q: unterminated policy variable", s)
		}
		b.WriteString(s[:i])
		name := s[i+2 : i+j]
		s = s[i+j+1:]
		if name == "*" || name == "?" || name == "$" {
			return "", false, fmt.Errorf("policy variable ${%s}: special characters are not modelled", name)
		}
		if strings.Contains(name, ",") {
			return "", false, fmt.Errorf("policy variable ${%s}: default values are not modelled", name)
		}
		vals, present := r.values(name)
		if !present {
			return "", false, nil
		}
		if len(vals) > 1 {
			return "", false, fmt.Errorf("policy variable ${%s}: the request has %d values: a multivalued key cannot be a policy variable", name, len(vals))
		}
		b.WriteString(vals[0])
	}
}
