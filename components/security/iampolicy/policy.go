// Package iampolicy builds IAM policy documents from typed Go values, with deterministic JSON:
// the landing zone's SageMaker deny guard (DenyGuard), its rendering as managed policies and as
// AWS Organizations service control policies (Split, Arrange), and the SageMaker action lists
// taken from the Service Authorization Reference data embedded under data/.
//
// The package is pure: no Pulumi, no AWS calls. The components in the parent package call it
// inside ApplyT once resource IDs are known; the tests in this package prove every statement
// against internal/iamsim.
package iampolicy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"unicode"
)

// Version is the policy language version of every document.
const Version = "2012-10-17"

// Size limits, in characters not counting white space.
const (
	// ManagedPolicyLimit is the IAM quota on a customer managed policy document: "Managed policy
	// size: 6,144 characters" (IAM User Guide, "IAM and AWS STS quotas"; IAM does not count white
	// space).
	ManagedPolicyLimit = 6144
	// SCPLimit is the AWS Organizations quota on a service control policy document: "Maximum
	// size of a policy document: SCPs: 5,120 characters" (Organizations User Guide, "Quotas for
	// AWS Organizations").
	SCPLimit = 5120
)

// Effects.
const (
	Allow = "Allow"
	Deny  = "Deny"
)

// Values is a list of strings that renders as a JSON string when it has exactly one element and
// as a JSON array otherwise (both forms are valid wherever IAM takes a list; the short form keeps
// documents small).
type Values []string

// MarshalJSON implements json.Marshaler.
func (v Values) MarshalJSON() ([]byte, error) {
	if len(v) == 1 {
		return marshal(v[0])
	}
	return marshal([]string(v))
}

// UnmarshalJSON accepts a string or an array of strings.
func (v *Values) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*v = Values{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("want a string or an array of strings, got %s", b)
	}
	*v = many
	return nil
}

// Condition maps a condition operator ("StringEquals", "ForAnyValue:StringNotEquals", "Null",
// "BoolIfExists", ...) to its keys and their values. IAM ANDs the operators of one statement and
// the keys of one operator, and ORs the values of one key (NORs them for negated operators):
// IAM User Guide, "Creating a condition with multiple context keys or values".
type Condition map[string]map[string]Values

// Principal maps a principal type ("Service", "AWS", ...) to its values.
type Principal map[string]Values

// Statement is one IAM policy statement. Field order is the JSON order; maps render with sorted
// keys (encoding/json), so a Statement always renders to the same bytes.
type Statement struct {
	Sid       string    `json:"Sid,omitempty"`
	Effect    string    `json:"Effect"`
	Principal Principal `json:"Principal,omitempty"`
	Action    Values    `json:"Action,omitempty"`
	NotAction Values    `json:"NotAction,omitempty"`
	Resource  Values    `json:"Resource,omitempty"`
	// NotResource is the complement of Resource (the human access policy's deny guard).
	NotResource Values    `json:"NotResource,omitempty"`
	Condition   Condition `json:"Condition,omitempty"`
}

// Document is an IAM policy document.
type Document struct {
	Version   string      `json:"Version"`
	Statement []Statement `json:"Statement"`
}

// NewDocument returns a document with Version set.
func NewDocument(stmts ...Statement) Document {
	return Document{Version: Version, Statement: stmts}
}

// JSON renders the document compactly (no white space outside strings, no HTML escaping).
func (d Document) JSON() (string, error) {
	b, err := marshal(d)
	return string(b), err
}

// MustJSON is JSON for documents built by this package's own builders, which always marshal.
func (d Document) MustJSON() string {
	s, err := d.JSON()
	if err != nil {
		panic(err)
	}
	return s
}

// Indented renders the document with two-space indentation (for golden files and plans).
func (d Document) Indented() (string, error) {
	b, err := marshal(d)
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, b, "", "  "); err != nil {
		return "", err
	}
	return out.String() + "\n", nil
}

// Size is the document's length as IAM and Organizations count it: characters of the compact
// JSON, white space excluded.
func (d Document) Size() (int, error) {
	s, err := d.JSON()
	if err != nil {
		return 0, err
	}
	return CountNonSpace(s), nil
}

// Sids returns the statement IDs of the document, in order.
func (d Document) Sids() []string {
	out := make([]string, len(d.Statement))
	for i, s := range d.Statement {
		out[i] = s.Sid
	}
	return out
}

// CountNonSpace counts the characters of s that are not white space.
func CountNonSpace(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// Split packs statements, in order, into as few documents as a first-fit-in-order pass gives,
// each at most limit characters (Size). A statement that cannot fit in a document on its own is
// an error naming its Sid and size. Statement order is kept, so the result is deterministic.
func Split(stmts []Statement, limit int) ([]Document, error) {
	if len(stmts) == 0 {
		return nil, fmt.Errorf("iampolicy.Split: no statements: want at least one")
	}
	var docs []Document
	cur := NewDocument()
	for _, st := range stmts {
		alone, err := NewDocument(st).Size()
		if err != nil {
			return nil, err
		}
		if alone > limit {
			return nil, fmt.Errorf("iampolicy.Split: statement %q is %d characters in a document of its own: want at most %d",
				st.Sid, alone, limit)
		}
		next := NewDocument(append(append([]Statement{}, cur.Statement...), st)...)
		size, err := next.Size()
		if err != nil {
			return nil, err
		}
		if size > limit && len(cur.Statement) > 0 {
			docs = append(docs, cur)
			next = NewDocument(st)
		}
		cur = next
	}
	return append(docs, cur), nil
}

// Layout is the statement IDs of each document of a split, in order: what Arrange needs to
// rebuild the same documents from statements whose values changed but whose Sids did not.
type Layout [][]string

// LayoutOf returns the Layout of documents.
func LayoutOf(docs []Document) Layout {
	out := make(Layout, len(docs))
	for i, d := range docs {
		out[i] = d.Sids()
	}
	return out
}

// Arrange places statements into the documents of layout by Sid and checks every document
// against limit. Every statement must have a place and every place a statement: a Sid missing
// on either side, or a duplicate Sid, is an error, as is a document over the limit.
func Arrange(stmts []Statement, layout Layout, limit int) ([]Document, error) {
	bySid := map[string]Statement{}
	for _, st := range stmts {
		if st.Sid == "" {
			return nil, fmt.Errorf("iampolicy.Arrange: a statement has no Sid: want every statement named")
		}
		if _, dup := bySid[st.Sid]; dup {
			return nil, fmt.Errorf("iampolicy.Arrange: Sid %q appears twice: want unique Sids", st.Sid)
		}
		bySid[st.Sid] = st
	}
	placed := map[string]bool{}
	docs := make([]Document, 0, len(layout))
	for i, sids := range layout {
		d := NewDocument()
		for _, sid := range sids {
			st, ok := bySid[sid]
			if !ok {
				return nil, fmt.Errorf("iampolicy.Arrange: document %d of the layout names statement %q, which the statements lack", i, sid)
			}
			if placed[sid] {
				return nil, fmt.Errorf("iampolicy.Arrange: statement %q is placed twice in the layout", sid)
			}
			placed[sid] = true
			d.Statement = append(d.Statement, st)
		}
		size, err := d.Size()
		if err != nil {
			return nil, err
		}
		if size > limit {
			return nil, fmt.Errorf("iampolicy.Arrange: document %d (%v) is %d characters: want at most %d", i, sids, size, limit)
		}
		docs = append(docs, d)
	}
	var missing []string
	for sid := range bySid {
		if !placed[sid] {
			missing = append(missing, sid)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("iampolicy.Arrange: statements %v have no place in the layout", missing)
	}
	return docs, nil
}

// Group is a fixed, named set of statements that always share documents of their own: the
// stable unit that resources are named after. A group's key never depends on how many IDs its
// statements hold, so a policy named after it is updated in place, never renamed, when a list
// grows (see SplitGroups).
type Group struct {
	// Key is lower-case and hyphenated; it names the group's documents.
	Key string
	// Sids are the statements of the group, in document order. A statement that is absent from
	// the statements being split (an optional one) is skipped.
	Sids []string
}

// SplitGroups places each statement into its group, splits every group on its own with Split
// under limit, and returns the documents (groups in order, each group's statements in the
// group's order) with their keys: the group's Key for its first document, "<Key>-2", "<Key>-3"
// ... for the next ones. A group whose statements are all absent yields no document.
//
// The keys are stable under growth: Split packs in order and only ever opens a new document when
// the current one is full, so when statements grow (more IDs in a list) a group keeps its
// documents and may gain "-N" ones, and a statement never moves to another group. A statement
// in no group, a group naming a Sid twice or a Sid in two groups is an error.
func SplitGroups(stmts []Statement, groups []Group, limit int) ([]Document, []string, error) {
	bySid := map[string]Statement{}
	for _, st := range stmts {
		if st.Sid == "" {
			return nil, nil, fmt.Errorf("iampolicy.SplitGroups: a statement has no Sid: want every statement named")
		}
		if _, dup := bySid[st.Sid]; dup {
			return nil, nil, fmt.Errorf("iampolicy.SplitGroups: Sid %q appears twice: want unique Sids", st.Sid)
		}
		bySid[st.Sid] = st
	}
	owner := map[string]string{}
	var docs []Document
	var keys []string
	for _, g := range groups {
		var members []Statement
		for _, sid := range g.Sids {
			if other, dup := owner[sid]; dup {
				return nil, nil, fmt.Errorf("iampolicy.SplitGroups: Sid %q is in group %q and in group %q: want it in one group", sid, other, g.Key)
			}
			owner[sid] = g.Key
			if st, ok := bySid[sid]; ok {
				members = append(members, st)
			}
		}
		if len(members) == 0 {
			continue
		}
		parts, err := Split(members, limit)
		if err != nil {
			return nil, nil, fmt.Errorf("group %q: %w", g.Key, err)
		}
		for i, d := range parts {
			docs = append(docs, d)
			keys = append(keys, PartKey(g.Key, i))
		}
	}
	var orphans []string
	for sid := range bySid {
		if _, ok := owner[sid]; !ok {
			orphans = append(orphans, sid)
		}
	}
	if len(orphans) > 0 {
		sort.Strings(orphans)
		return nil, nil, fmt.Errorf("iampolicy.SplitGroups: statements %v are in no group: want every statement in a group", orphans)
	}
	return docs, keys, nil
}

// PartKey is the key of the i-th (0-based) document of a group: key, key-2, key-3, ...
func PartKey(key string, i int) string {
	if i == 0 {
		return key
	}
	return fmt.Sprintf("%s-%d", key, i+1)
}

// Principal condition keys the exemption tests.
const (
	// KeyPrincipalArn is the ARN of the principal making the request; for an assumed-role
	// session it is the role's ARN, not the session's (IAM User Guide, "AWS global condition
	// context keys", aws:PrincipalArn).
	KeyPrincipalArn = "aws:PrincipalArn"
)

// ExemptPrincipals is the condition that exempts the principals whose aws:PrincipalArn matches
// one of patterns from a Deny statement: ArnNotLike aws:PrincipalArn [patterns]. IAM NORs the
// values of a negated operator, so the statement applies only to principals matching none of
// them, and ANDs it with the statement's other conditions. Patterns are sorted and
// de-duplicated; validate them first with ValidatePrincipalArnPatterns. An empty list returns
// nil (no exemption).
func ExemptPrincipals(patterns []string) Condition {
	if len(patterns) == 0 {
		return nil
	}
	seen := map[string]bool{}
	var vals Values
	for _, p := range patterns {
		if !seen[p] {
			seen[p] = true
			vals = append(vals, p)
		}
	}
	sort.Strings(vals)
	return Condition{"ArnNotLike": {KeyPrincipalArn: vals}}
}

// WithCondition returns copies of stmts in which every Deny statement also carries cond (its
// operators and keys added to the statement's Condition; Allow statements are unchanged). An
// operator and key the statement already tests is an error, since merging value lists would
// change what the statement means. A nil cond returns the statements unchanged.
func WithCondition(stmts []Statement, cond Condition) ([]Statement, error) {
	out := make([]Statement, len(stmts))
	for i, st := range stmts {
		out[i] = st
		if st.Effect != Deny || len(cond) == 0 {
			continue
		}
		merged := Condition{}
		for op, keys := range st.Condition {
			merged[op] = map[string]Values{}
			for k, v := range keys {
				merged[op][k] = v
			}
		}
		for op, keys := range cond {
			if merged[op] == nil {
				merged[op] = map[string]Values{}
			}
			for k, v := range keys {
				if _, dup := merged[op][k]; dup {
					return nil, fmt.Errorf("iampolicy.WithCondition: statement %q already tests %s %s: want a key it does not test", st.Sid, op, k)
				}
				merged[op][k] = append(Values{}, v...)
			}
		}
		out[i].Condition = merged
	}
	return out, nil
}
