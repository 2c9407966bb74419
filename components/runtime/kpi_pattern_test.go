package runtime

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The grammar of a space-delimited filter pattern, as far as the landing zone relies on it
// (CloudWatch Logs User Guide, FilterAndPatternSyntax.html, space-delimited log events):
//
//	pattern   = "[" field { "," field } "]"
//	field     = name | "..." | condition { ("&&" | "||") condition }   (every condition on that field)
//	condition = name ( "=" | "!=" ) string | name ( "=" | "!=" | "<" | ">" | "<=" | ">=" ) number
//	string    = '"' chars '"' | term, where a bare term is letters, digits and '_' with '*' wildcards
//	            (terms "that include characters other than alphanumeric or underscore must be
//	            placed inside double quotes")
type sdCondition struct {
	name, op, value string
	number          bool
}

type sdField struct {
	name  string
	conds [][]sdCondition // OR of ANDs: && binds tighter than ||
}

var (
	sdNameRe     = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
	sdBareTermRe = regexp.MustCompile(`^[A-Za-z0-9_*]+$`)
	sdCondRe     = regexp.MustCompile(`^([A-Za-z0-9_]+)\s*(!=|<=|>=|=|<|>)\s*(.+)$`)
)

// parseSpaceDelimited parses pattern, failing on anything outside the grammar above.
func parseSpaceDelimited(pattern string) ([]sdField, error) {
	if !strings.HasPrefix(pattern, "[") || !strings.HasSuffix(pattern, "]") {
		return nil, fmt.Errorf("not in square brackets: %s", pattern)
	}
	var fields []sdField
	seen := map[string]bool{}
	for i, raw := range splitOutsideQuotes(pattern[1:len(pattern)-1], ",") {
		f := strings.TrimSpace(raw)
		switch {
		case f == "...":
			fields = append(fields, sdField{name: "..."})
			continue
		case sdNameRe.MatchString(f):
			fields = append(fields, sdField{name: f})
		default:
			field := sdField{}
			for _, or := range splitOutsideQuotes(f, "||") {
				var and []sdCondition
				for _, c := range splitOutsideQuotes(or, "&&") {
					m := sdCondRe.FindStringSubmatch(strings.TrimSpace(c))
					if m == nil {
						return nil, fmt.Errorf("field %d: %q is not name op value", i, c)
					}
					cond := sdCondition{name: m[1], op: m[2], value: m[3]}
					if field.name == "" {
						field.name = cond.name
					} else if field.name != cond.name {
						return nil, fmt.Errorf("field %d: conditions on %s and %s in one field", i, field.name, cond.name)
					}
					switch v := cond.value; {
					case len(v) >= 2 && strings.HasPrefix(v, `"`) && strings.HasSuffix(v, `"`):
						cond.value = v[1 : len(v)-1]
						if strings.Contains(cond.value, `"`) {
							return nil, fmt.Errorf("field %d: an unescaped quote in %s", i, v)
						}
					case isNumber(v):
						cond.number = true
					case sdBareTermRe.MatchString(v):
					default:
						return nil, fmt.Errorf("field %d: %s must be in double quotes (characters other than alphanumeric or underscore)", i, v)
					}
					if !cond.number && cond.op != "=" && cond.op != "!=" {
						return nil, fmt.Errorf("field %d: %s on a string value (= or != only)", i, cond.op)
					}
					and = append(and, cond)
				}
				field.conds = append(field.conds, and)
			}
			fields = append(fields, field)
		}
		name := fields[len(fields)-1].name
		if seen[name] {
			return nil, fmt.Errorf("field %d: %s named twice", i, name)
		}
		seen[name] = true
	}
	return fields, nil
}

func isNumber(s string) bool { _, err := strconv.ParseFloat(s, 64); return err == nil }

// splitOutsideQuotes splits s on sep where sep is not inside double quotes.
func splitOutsideQuotes(s, sep string) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			quoted = !quoted
		case !quoted && strings.HasPrefix(s[i:], sep):
			out = append(out, s[start:i])
			start = i + len(sep)
			i += len(sep) - 1
		}
	}
	return append(out, s[start:])
}

// matchSpaceDelimited evaluates the parsed pattern on a log event whose fields are separated by
// single spaces (a flow-log record has no quoted or bracketed fields); no ellipsis.
func matchSpaceDelimited(fields []sdField, event string) bool {
	values := strings.Split(event, " ")
	if len(values) != len(fields) {
		return false
	}
	for i, f := range fields {
		if len(f.conds) == 0 {
			continue
		}
		any := false
		for _, and := range f.conds {
			all := true
			for _, c := range and {
				all = all && evalCondition(c, values[i])
			}
			any = any || all
		}
		if !any {
			return false
		}
	}
	return true
}

func evalCondition(c sdCondition, v string) bool {
	if c.number {
		a, errA := strconv.ParseFloat(v, 64)
		b, _ := strconv.ParseFloat(c.value, 64)
		if errA != nil {
			return false
		}
		switch c.op {
		case "=":
			return a == b
		case "!=":
			return a != b
		case "<":
			return a < b
		case ">":
			return a > b
		case "<=":
			return a <= b
		default:
			return a >= b
		}
	}
	// '*' matches any text; path.Match treats '*' the same way on strings without '/'.
	ok, _ := path.Match(c.value, v)
	if c.op == "!=" {
		return !ok
	}
	return ok
}

func TestSpaceDelimitedGrammar(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern string
		ok      bool
	}{
		// the documented examples
		{`[ip, user, username, timestamp, request, status_code = 4* && status_code != 403, bytes]`, true},
		{`[ip, user, username, timestamp, request, status_code, bytes > 1000]`, true},
		{`[..., status_code, bytes]`, true},
		// what the landing zone renders
		{`[a, dstaddr != "10.1.*" && dstaddr != "10.0.0.*", action = "REJECT"]`, true},
		// the bug: an address prefix unquoted
		{`[a, dstaddr!=10.0.0.* && dstaddr!=10.1.*, action="REJECT"]`, false},
		{`[a, b = x.y]`, false},
		{`[a, b = 1 && c = 2]`, false},
		{`[a, b > "x"]`, false},
		{`[a, a]`, false},
		{`a, b`, false},
	} {
		_, err := parseSpaceDelimited(tc.pattern)
		assert.Equal(t, tc.ok, err == nil, "%s: %v", tc.pattern, err)
	}
}

// The reject pattern follows the grammar for any landing-zone CIDRs, and counts exactly the
// rejected records towards addresses outside those octets.
func TestFlowLogRejectOutsidePatternGrammarAndMatches(t *testing.T) {
	t.Parallel()
	cidrs := []string{"10.0.0.0/24", "10.1.0.0/20"}
	pattern, err := FlowLogRejectOutsidePattern(cidrs)
	require.NoError(t, err)
	assert.Equal(t, `[version, account, eni, srcaddr, dstaddr != "10.0.0.*" && dstaddr != "10.1.*", srcport, dstport, protocol, packets, bytes, start, end, action = "REJECT", status]`, pattern)
	fields, err := parseSpaceDelimited(pattern)
	require.NoError(t, err)
	require.Len(t, fields, 14, "the default flow-log format has 14 fields")
	record := func(dst, action string) string {
		return "2 123456789012 eni-0a1b2c3d 10.1.2.3 " + dst + " 49152 443 6 10 840 1700000000 1700000060 " + action + " OK"
	}
	for _, tc := range []struct {
		dst, action string
		counted     bool
	}{
		{"8.8.8.8", "REJECT", true},
		{"52.94.0.10", "REJECT", true},
		{"10.2.0.1", "REJECT", true},
		{"10.1.2.3", "REJECT", false},
		{"10.0.0.9", "REJECT", false},
		{"8.8.8.8", "ACCEPT", false},
	} {
		assert.Equal(t, tc.counted, matchSpaceDelimited(fields, record(tc.dst, tc.action)), "%s %s", tc.action, tc.dst)
	}
	for _, set := range [][]string{{"10.0.0.0/8"}, {"172.16.0.0/12", "192.168.4.0/22", "10.20.0.0/16"}} {
		p, err := FlowLogRejectOutsidePattern(set)
		require.NoError(t, err)
		_, err = parseSpaceDelimited(p)
		assert.NoError(t, err, p)
	}
}
