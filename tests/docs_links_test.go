package tests

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// githubSlug is the anchor GitHub gives a heading: lower case, every character that is not a
// letter, digit, space, hyphen or underscore dropped, spaces turned into hyphens; a repeated
// slug gets -1, -2, ... in order (seen counts the slugs of the page so far).
func githubSlug(heading string, seen map[string]int) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(heading)) {
		switch {
		case unicode.IsLetter(r), unicode.IsDigit(r), r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	s := b.String()
	n := seen[s]
	seen[s] = n + 1
	if n > 0 {
		return fmt.Sprintf("%s-%d", s, n)
	}
	return s
}

var (
	headingRe    = regexp.MustCompile(`^#{1,6}\s+(.*?)\s*#*\s*$`)
	linkRe       = regexp.MustCompile(`\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)
	codeSpanRe   = regexp.MustCompile("`[^`]*`")
	externalLink = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9+.-]*:`)
)

// markdownOutsideCode returns the lines of a Markdown text outside fenced code blocks, with
// inline code spans blanked (a link inside code is not a link).
func markdownOutsideCode(text string) []string {
	var out []string
	fenced := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			out = append(out, "")
			continue
		}
		if fenced {
			out = append(out, "")
			continue
		}
		out = append(out, codeSpanRe.ReplaceAllString(line, "``"))
	}
	return out
}

// anchors returns the heading anchors of a Markdown text.
func anchors(text string) map[string]bool {
	seen := map[string]int{}
	out := map[string]bool{}
	fenced := false
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if m := headingRe.FindStringSubmatch(line); m != nil && !fenced {
			out[githubSlug(m[1], seen)] = true
		}
	}
	return out
}

// brokenLinks checks every relative link of the Markdown files (paths relative to root): the
// target exists, and a #fragment names a heading of the target (or of the page itself).
func brokenLinks(root string, files []string) []string {
	var bad []string
	texts := map[string]string{}
	read := func(path string) (string, error) {
		if t, ok := texts[path]; ok {
			return t, nil
		}
		b, err := os.ReadFile(path)
		texts[path] = string(b)
		return string(b), err
	}
	for _, f := range files {
		src := filepath.Join(root, f)
		text, err := read(src)
		if err != nil {
			bad = append(bad, fmt.Sprintf("%s: %v", f, err))
			continue
		}
		for n, line := range markdownOutsideCode(text) {
			for _, m := range linkRe.FindAllStringSubmatch(line, -1) {
				target := m[1]
				if externalLink.MatchString(target) {
					continue
				}
				path, frag, _ := strings.Cut(target, "#")
				dest := src
				if path != "" {
					dest = filepath.Join(filepath.Dir(src), filepath.FromSlash(path))
				}
				info, err := os.Stat(dest)
				if err != nil {
					bad = append(bad, fmt.Sprintf("%s:%d: %s: no such file", f, n+1, target))
					continue
				}
				if frag == "" {
					continue
				}
				if info.IsDir() || !strings.HasSuffix(dest, ".md") {
					bad = append(bad, fmt.Sprintf("%s:%d: %s: an anchor into a non-Markdown target", f, n+1, target))
					continue
				}
				destText, err := read(dest)
				if err != nil || !anchors(destText)[frag] {
					bad = append(bad, fmt.Sprintf("%s:%d: %s: no heading with anchor #%s", f, n+1, target, frag))
				}
			}
		}
	}
	return bad
}

// docFiles lists README.md, policypack/README.md and every Markdown file under docs/.
func docFiles(t *testing.T) []string {
	t.Helper()
	files := []string{"README.md", "policypack/README.md"}
	err := filepath.WalkDir(filepath.Join(repoRoot(), "docs"), func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".md") {
			rel, err := filepath.Rel(repoRoot(), path)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	require.NoError(t, err)
	return files
}

// TestDocsLinksResolve: every relative link and #anchor in the README, docs/ and the policy pack's
// README resolves, with GitHub's anchor rules.
func TestDocsLinksResolve(t *testing.T) {
	t.Parallel()
	files := docFiles(t)
	require.Greater(t, len(files), 10, "README, policypack/README.md and the docs/ pages")
	assert.Empty(t, brokenLinks(repoRoot(), files))
}

// TestDocsLinkCheckerCatchesBrokenLinks: the checker itself, on a small tree with one good and one
// bad link of each kind, and GitHub's slugs for the headings this repository uses.
func TestDocsLinkCheckerCatchesBrokenLinks(t *testing.T) {
	t.Parallel()
	seen := map[string]int{}
	assert.Equal(t, "endpointhub--vpconlynetworkendpointhub", githubSlug("EndpointHub — `vpconly:network:EndpointHub`", seen))
	assert.Equal(t, "policy-pack-policypack", githubSlug("Policy pack (`policypack/`)", seen))
	assert.Equal(t, "notes", githubSlug("Notes", seen))
	assert.Equal(t, "notes-1", githubSlug("Notes", seen))

	dir := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "docs"), 0o755))
	write := func(name, body string) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600))
	}
	write("README.md", "# Top\n\n## Two words\n\n[ok](docs/a.md#section-one) [ok](#two-words) [ok](docs/) "+
		"[web](https://example.com/x#y)\n[bad file](docs/missing.md) [bad anchor](docs/a.md#nope) [bad self](#nothing)\n"+
		"`[in code](nowhere.md)`\n```\n[in a fence](nowhere.md)\n```\n")
	write("docs/a.md", "# A\n\n## Section one\n\n[up](../README.md#top) [bad up](../README.md#two_words)\n")
	assert.Equal(t, []string{
		"README.md:6: docs/missing.md: no such file",
		"README.md:6: docs/a.md#nope: no heading with anchor #nope",
		"README.md:6: #nothing: no heading with anchor #nothing",
		"docs/a.md:5: ../README.md#two_words: no heading with anchor #two_words",
	}, brokenLinks(dir, []string{"README.md", "docs/a.md"}))
}
