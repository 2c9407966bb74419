// Package journey proves, offline, what a person or a job can actually do in the landing zone:
// a journey is the ordered requests one makes (open Studio, install a package, start a training
// job, ...), and each request crosses hops — name resolution (private hosted zone, Resolver rule,
// DNS Firewall), the network path (routes, Transit Gateway or peering, security groups), the VPC
// endpoint it enters (and so its aws:SourceVpce), the endpoint policy, the identity policies,
// permission boundary and service control policies, and the resource policy — each evaluated
// with the request context AWS puts on it.
//
// It is one engine built on two: internal/reach answers the DNS and packet hops from the
// recorded program (the same model as the plan's access section) and internal/iamsim evaluates
// every policy hop. cmd/plan prints its Report (the `journeys` table and JSON, exit status 5),
// the tests in this package and in tests/ run it on every stack, and docs/journeys.md explains it.
//
// Journeys are generated per domain (its first user opens Studio, asks for another user's
// profile, installs a package, starts a training job), per spoke (the internet, on-premises data)
// and per stack feature: a journey whose feature the stack lacks (no corporate section, no
// package supply, no ECR endpoints) is not generated, and Report.NotGenerated says so.
package journey

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// Journey kinds.
const (
	// Required journeys must pass: a hop that blocks one breaks the landing zone's promise.
	Required = "required"
	// Forbidden journeys must be blocked: a forbidden journey that passes is an opening.
	Forbidden = "forbidden"
)

// Verdict is the outcome of a journey.
type Verdict string

// Verdicts.
const (
	// Passes: every hop of every request let it through.
	Passes Verdict = "passes"
	// Blocked: a hop stopped a request; Journey.Blocking names it.
	Blocked Verdict = "blocked"
)

// Hop kinds, in the order a request crosses them.
const (
	HopDNSFirewall    = "dns-firewall"        // Route 53 Resolver DNS Firewall of the source VPC
	HopDNS            = "dns"                 // which private hosted zone or Resolver rule answers the name
	HopNetwork        = "network"             // routes, Transit Gateway or peering, security groups (internal/reach)
	HopEndpoint       = "endpoint"            // the VPC endpoint the request enters: aws:SourceVpce
	HopEndpointPolicy = "endpoint-policy"     // the endpoint's policy
	HopIdentity       = "identity-policy"     // the principal's identity policies, deny guard included
	HopBoundary       = "permission-boundary" // the principal's permission boundary, when it has one
	HopSCP            = "scp"                 // the service control policies of the principal's account
	HopResource       = "resource-policy"     // the resource's own policy (CodeArtifact, ECR)
)

// HopKinds lists every hop kind, in crossing order.
func HopKinds() []string {
	return []string{HopDNSFirewall, HopDNS, HopNetwork, HopEndpoint, HopEndpointPolicy, HopIdentity, HopBoundary, HopSCP, HopResource}
}

// Hop is one hop of one request of a journey.
type Hop struct {
	Request  string `json:"request"`  // the request it belongs to
	Kind     string `json:"kind"`     // one of HopKinds
	Resource string `json:"resource"` // logical name of the resource deciding (or lacking)
	Detail   string `json:"detail"`
	Pass     bool   `json:"pass"`
}

// Journey is one journey and its verdict.
type Journey struct {
	Name    string  `json:"name"`    // "studio-login", "training-job", ...
	Kind    string  `json:"kind"`    // Required or Forbidden
	Subject string  `json:"subject"` // who and where: "research-dev/alice", "spoke-research"
	Verdict Verdict `json:"verdict"`
	// Hops are the hops evaluated, in order, up to the first that blocked.
	Hops []Hop `json:"hops"`
	// Blocking is the first hop that blocked, nil when the journey passes.
	Blocking *Hop `json:"blockingHop,omitempty"`
	// Note is what the journey concludes beyond the verdict, when there is more to say.
	Note string `json:"note,omitempty"`
}

// ID is the journey's stable identifier: name and subject.
func (j Journey) ID() string { return j.Name + ":" + j.Subject }

// Failed reports whether the journey breaks the landing zone's contract: a required journey
// blocked, or a forbidden one passing.
func (j Journey) Failed() bool {
	return (j.Kind == Required && j.Verdict == Blocked) || (j.Kind == Forbidden && j.Verdict == Passes)
}

// Describe renders a journey in one line, for error output.
func (j Journey) Describe() string {
	s := fmt.Sprintf("%s journey %s (%s) %s", j.Kind, j.Name, j.Subject, j.Verdict)
	if j.Blocking != nil {
		s += fmt.Sprintf(" at %s hop of %q (%s): %s", j.Blocking.Kind, j.Blocking.Request, j.Blocking.Resource, j.Blocking.Detail)
	} else if j.Kind == Forbidden {
		s += ": no hop stops it"
	}
	return s
}

// Skipped is a journey the stack does not get, and why.
type Skipped struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// Report is the journeys section of the plan.
type Report struct {
	Journeys []Journey `json:"journeys"`
	// NotGenerated are the journeys the stack lacks the feature for.
	NotGenerated []Skipped `json:"notGenerated"`
}

// Failures returns the journeys that fail, in report order.
func (r Report) Failures() []Journey {
	var out []Journey
	for _, j := range r.Journeys {
		if j.Failed() {
			out = append(out, j)
		}
	}
	return out
}

// Find returns the journey with that name and subject.
func (r Report) Find(name, subject string) (Journey, bool) {
	for _, j := range r.Journeys {
		if j.Name == name && j.Subject == subject {
			return j, true
		}
	}
	return Journey{}, false
}

// WriteTable prints the report: a summary line, one row per journey with its first blocking hop,
// then the journeys not generated.
func (r Report) WriteTable(w io.Writer) error {
	fails := r.Failures()
	if _, err := fmt.Fprintf(w, "Journeys: %d, %d failing\n", len(r.Journeys), len(fails)); err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tJOURNEY\tSUBJECT\tVERDICT\tOK\tHOPS\tFIRST BLOCKING HOP")
	for _, j := range r.Journeys {
		ok := "ok"
		if j.Failed() {
			ok = "FAIL"
		}
		hop := "-"
		if j.Blocking != nil {
			hop = fmt.Sprintf("%s @ %s [%s]: %s", j.Blocking.Kind, j.Blocking.Resource, j.Blocking.Request, j.Blocking.Detail)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", j.Kind, j.Name, j.Subject, j.Verdict, ok, len(j.Hops), hop)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, s := range r.NotGenerated {
		fmt.Fprintf(w, "  not generated: %s (%s)\n", s.Name, s.Reason)
	}
	for _, j := range r.Journeys {
		if j.Note != "" {
			fmt.Fprintf(w, "  note %s (%s): %s\n", j.Name, j.Subject, j.Note)
		}
	}
	return nil
}

// ---- evaluation ----

// check is one hop to evaluate: it returns the hop (Pass set), or ok false when the hop does not
// apply to this request (no permission boundary, no SCP in the stack).
type check func() (h Hop, ok bool)

// request is a named request and its hops in crossing order.
type request struct {
	name string
	hops []check
}

// run evaluates a journey's requests in order and stops at the first blocking hop.
func run(name, kind, subject string, reqs ...request) Journey {
	j := Journey{Name: name, Kind: kind, Subject: subject, Verdict: Passes, Hops: []Hop{}}
	for _, r := range reqs {
		for _, c := range r.hops {
			h, ok := c()
			if !ok {
				continue
			}
			h.Request = r.name
			j.Hops = append(j.Hops, h)
			if !h.Pass {
				j.Verdict = Blocked
				b := h
				j.Blocking = &b
				return j
			}
		}
	}
	return j
}

func pass(kind, resource, detail string) (Hop, bool) {
	return Hop{Kind: kind, Resource: resource, Detail: detail, Pass: true}, true
}

func block(kind, resource, detail string) (Hop, bool) {
	return Hop{Kind: kind, Resource: resource, Detail: detail}, true
}

func joinNames(s []string) string {
	if len(s) == 0 {
		return "(none)"
	}
	return strings.Join(s, ", ")
}
