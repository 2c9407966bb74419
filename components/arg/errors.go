package arg

import (
	_ "embed"
	"errors"
	"fmt"
	"regexp"
)

// Error is one invalid argument of a component: which component, which field (as the
// component names it, a Go field path: "CidrBlock", "AvailabilityZones[1]", `SpokeCidrs["ml"]`,
// "Users[alice].Owner", "Exclusions[0].VpcId"), the bad value and what is allowed. Every
// validation problem a constructor or a Validate method reports is an *Error (use Errors to list
// them), so a caller can map fields back to its own configuration keys.
//
// Component and Name are empty when a part of the arguments is validated on its own (a settings
// value's Validate, HubRef.Check): the message is then "Field = value: want ...", and the
// component that embeds the part reports it under its own name and field path.
type Error struct {
	Component string // "SpokeVpc"; "" for a part validated on its own
	Name      string // the component's resource name
	Field     string
	Value     any  // the bad value; nil when Missing
	Missing   bool // the field is required and not set
	Allowed   string
}

func (e *Error) Error() string {
	prefix := ""
	if e.Component != "" {
		prefix = fmt.Sprintf("%s %q: ", e.Component, e.Name)
	}
	if e.Missing {
		return fmt.Sprintf("%s%s is not set: want %s", prefix, e.Field, e.Allowed)
	}
	return fmt.Sprintf("%s%s = %#v: want %s", prefix, e.Field, e.Value, e.Allowed)
}

// Errors returns the *Error values inside err (an errors.Join tree, possibly wrapped), in
// order, and the other errors it holds.
func Errors(err error) (args []*Error, other []error) {
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if ae, ok := err.(*Error); ok {
			args = append(args, ae)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		if inner := errors.Unwrap(err); inner != nil {
			walk(inner)
			return
		}
		other = append(other, err)
	}
	walk(err)
	return args, other
}

// TagValuePattern is an AWS tag value (Tag.Value: ^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$, at most 256
// characters), non-empty.
const TagValuePattern = `^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,256}$`

// ValidTagValue reports whether s is a non-empty AWS tag value (TagValuePattern).
func ValidTagValue(s string) bool { return tagValueRe.MatchString(s) }

// Path is an Error's Field taken apart: "Users[alice].Owner" is Head "Users", Key "alice", Rest
// "Owner"; `SpokeCidrs["ml"]` is Head "SpokeCidrs", Key "ml". A caller maps it back to its own
// configuration keys.
type Path struct{ Head, Key, Rest string }

var pathRe = regexp.MustCompile(`^([A-Za-z0-9]+)(?:\[("?)([^\]]*?)"?\])?(?:\.(.*))?`)

// ParsePath takes a Field apart; a field it cannot parse is all Head.
func ParsePath(field string) Path {
	m := pathRe.FindStringSubmatch(field)
	if m == nil {
		return Path{Head: field}
	}
	return Path{Head: m[1], Key: m[3], Rest: m[4]}
}

// Index renders the path's key as an index suffix ("[2]", "[ml]"), or "" without a key.
func (p Path) Index() string {
	if p.Key == "" {
		return ""
	}
	return "[" + p.Key + "]"
}
