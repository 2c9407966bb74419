package arg

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestErrorMessage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		err  *Error
		want string
	}{
		{"component", &Error{Component: "SpokeVpc", Name: "spoke-ml", Field: "CidrBlock", Value: "10.0.0.0/33", Allowed: "an IPv4 CIDR"},
			`SpokeVpc "spoke-ml": CidrBlock = "10.0.0.0/33": want an IPv4 CIDR`},
		{"component, missing", &Error{Component: "SpokeVpc", Name: "spoke-ml", Field: "Region", Missing: true, Allowed: "an AWS Region"},
			`SpokeVpc "spoke-ml": Region is not set: want an AWS Region`},
		{"part on its own", &Error{Field: "Exclusions[0].Mode", Value: "off", Allowed: "allow-egress"},
			`Exclusions[0].Mode = "off": want allow-egress`},
		{"part on its own, missing", &Error{Field: "Hub.Cidr", Missing: true, Allowed: "a CIDR"}, `Hub.Cidr is not set: want a CIDR`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			assert.EqualError(t, tc.err, tc.want)
		})
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	a, b := &Error{Field: "A"}, &Error{Field: "B"}
	other := errors.New("other")
	args, rest := Errors(fmt.Errorf("wrapped: %w", errors.Join(a, errors.Join(b, other))))
	assert.Equal(t, []*Error{a, b}, args)
	assert.Equal(t, []error{other}, rest)
	args, rest = Errors(nil)
	assert.Empty(t, args)
	assert.Empty(t, rest)
}
