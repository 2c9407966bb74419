package iampolicy

import "testing"

func TestExemptsPrincipal(t *testing.T) {
	t.Parallel()
	const role = "arn:aws:iam::222222222222:role/path/landing-zone-deploy"
	for _, tc := range []struct {
		patterns []string
		want     bool
	}{
		{[]string{role}, true},
		{[]string{"arn:aws:iam::222222222222:role/path/landing-zone-*"}, true},
		{[]string{"arn:aws:iam::*:role/*/landing-zone-deploy"}, true},
		{[]string{"arn:aws:iam::22222222222?:role/path/landing-zone-deploy"}, true},
		{[]string{"arn:aws:iam::333333333333:role/path/landing-zone-deploy"}, false},
		{[]string{"arn:aws:iam::222222222222:role/landing-zone-deploy"}, false},
		{[]string{"arn:aws:iam::222222222222:role/path/landing-zone-deploy2"}, false},
		{[]string{"arn:aws:iam::222222222222:role/path.landing-zone-deploy"}, false},
		{nil, false},
		{[]string{"not an arn", role}, true},
	} {
		if got := ExemptsPrincipal(tc.patterns, role); got != tc.want {
			t.Errorf("ExemptsPrincipal(%q, %s) = %v, want %v", tc.patterns, role, got, tc.want)
		}
	}
	if ExemptsPrincipal([]string{"*"}, "not:an:arn") {
		t.Error("a malformed ARN is exempt by nothing")
	}
}
