package arg

import (
	_ "embed"
	"errors"
	"fmt"
)

// ArgError is one invalid argument of a component: which component, which field (as the
// component names it: "CidrBlock", "AvailabilityZones[1]", `SpokeCidrs["ml"]`,
// "Users[alice].Owner"), the bad value and what is allowed. Every validation problem a
// constructor or a Validate method reports is an *ArgError (use ArgErrors to list them), so a
// caller can map fields back to its own configuration keys.
type Error struct {
	Component string // "SpokeVpc"
	Name      string // the component's resource name
	Field     string
	Value     any  // the bad value; nil when Missing
	Missing   bool // the field is required and not set
	Allowed   string
}

func (e *Error) Error() string {
	if e.Missing {
		return fmt.Sprintf("%s %q: %s is not set: want %s", e.Component, e.Name, e.Field, e.Allowed)
	}
	return fmt.Sprintf("%s %q: %s = %#v: want %s", e.Component, e.Name, e.Field, e.Value, e.Allowed)
}

// ArgErrors returns the *ArgError values inside err (an errors.Join tree, possibly wrapped), in
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
var TagValuePattern = tagValueRe.String()

// ValidTagValue reports whether s is a non-empty AWS tag value (TagValuePattern).
func ValidTagValue(s string) bool { return tagValueRe.MatchString(s) }

// FieldProblem is one invalid field of a component's plain settings: the Go field path
// ("Upstreams[0].Name"), the value and what is allowed. The configuration maps Field to its key.
type FieldProblem struct {
	Field string
	Value any
	Want  string
}

func (f FieldProblem) Error() string {
	return fmt.Sprintf("%s = %#v: want %s", f.Field, f.Value, f.Want)
}
