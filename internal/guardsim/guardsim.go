// Package guardsim evaluates the small subset of AWS CloudFormation Guard 2 that the landing
// zone's AWS Config custom policy rules use, against a configuration item, so that tests can show
// each rule failing and passing without the cfn-guard binary. Anything outside the subset is an
// error, never a guess.
//
// The subset (Guard 2 syntax, https://github.com/aws-cloudformation/cloudformation-guard,
// "Writing Guard rules"):
//
//	rule <name> when resourceType == "<type>" {
//	    <path> empty
//	    <path>[ <field> == "<value>" ] empty
//	}
//
// A path is dot-separated keys from the configuration item's root. "empty" is true when the
// value is an empty list (or the key is absent); a filter keeps the list elements whose field
// equals the value (elements without the field are not kept), and the clause is true when none
// is kept. Clauses are ANDed. A rule whose when condition is false is SKIP.
package guardsim

import (
	"fmt"
	"regexp"
	"strings"
)

// Result of a rule.
type Result string

// Results, as Guard reports them.
const (
	Pass Result = "PASS"
	Fail Result = "FAIL"
	Skip Result = "SKIP"
)

var (
	headerRe = regexp.MustCompile(`^rule ([a-z_][a-z0-9_]*) when resourceType == "([A-Za-z0-9:]+)" \{$`)
	emptyRe  = regexp.MustCompile(`^([A-Za-z0-9_.]+) empty$`)
	filterRe = regexp.MustCompile(`^([A-Za-z0-9_.]+)\[ ([A-Za-z0-9_]+) == "([^"]*)" \] empty$`)
)

// Evaluate evaluates one rule text against a configuration item (decoded JSON).
func Evaluate(rule string, item map[string]any) (Result, error) {
	lines := strings.Split(strings.TrimSpace(rule), "\n")
	if len(lines) < 3 || strings.TrimSpace(lines[len(lines)-1]) != "}" {
		return "", fmt.Errorf("guardsim: want a rule block ending in }")
	}
	h := headerRe.FindStringSubmatch(strings.TrimSpace(lines[0]))
	if h == nil {
		return "", fmt.Errorf("guardsim: header %q: want `rule <name> when resourceType == \"<type>\" {`", lines[0])
	}
	if item["resourceType"] != h[2] {
		return Skip, nil
	}
	result := Pass
	for _, raw := range lines[1 : len(lines)-1] {
		line := strings.TrimSpace(raw)
		if line == "" {
			continue
		}
		if m := emptyRe.FindStringSubmatch(line); m != nil {
			if len(list(lookup(item, m[1]))) != 0 {
				result = Fail
			}
			continue
		}
		if m := filterRe.FindStringSubmatch(line); m != nil {
			for _, e := range list(lookup(item, m[1])) {
				if obj, ok := e.(map[string]any); ok && obj[m[2]] == m[3] {
					result = Fail
				}
			}
			continue
		}
		return "", fmt.Errorf("guardsim: clause %q is outside the supported subset", line)
	}
	return result, nil
}

func lookup(v any, path string) any {
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}
