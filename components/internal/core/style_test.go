package core

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// componentFiles parses the non-test Go files of the component packages (components/..., but not
// the IAM document library iampolicy nor the internal scaffolding), by path.
func componentFiles(t *testing.T) map[string]*ast.File {
	t.Helper()
	root := filepath.Join("..", "..") // components/
	fset := token.NewFileSet()
	out := map[string]*ast.File{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "internal" || d.Name() == "iampolicy" || d.Name() == "scripts") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		out[path] = f
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, out)
	return out
}

// TestOneValidationStyle: every component's arguments type XArgs has the method
// `func (*XArgs) Validate(name string) error`, declared in the file that declares XArgs; no
// exported function or method takes *core.Problems (a type a consumer cannot build); and no
// exported free function is named Validate... (validators are methods beside their types).
func TestOneValidationStyle(t *testing.T) {
	t.Parallel()
	files := componentFiles(t)
	argsFile := map[string]string{}     // "pkg.XArgs" -> file declaring it
	validateFile := map[string]string{} // "pkg.XArgs" -> file declaring its Validate(name string) error
	for path, f := range files {
		pkg := f.Name.Name
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.GenDecl:
				for _, s := range d.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok && strings.HasSuffix(ts.Name.Name, "Args") && ast.IsExported(ts.Name.Name) {
						if _, isStruct := ts.Type.(*ast.StructType); isStruct {
							argsFile[pkg+"."+ts.Name.Name] = path
						}
					}
				}
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				for _, p := range d.Type.Params.List {
					if star, ok := p.Type.(*ast.StarExpr); ok {
						if sel, ok := star.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "Problems" {
							t.Errorf("%s: %s takes *core.Problems: return an error of *arg.Error values instead", path, d.Name.Name)
						}
					}
				}
				if d.Recv == nil {
					if strings.HasPrefix(d.Name.Name, "Validate") {
						t.Errorf("%s: free function %s: make it a Validate method of the type it checks", path, d.Name.Name)
					}
					continue
				}
				star, ok := d.Recv.List[0].Type.(*ast.StarExpr)
				if !ok || d.Name.Name != "Validate" {
					continue
				}
				recv, ok := star.X.(*ast.Ident)
				if !ok {
					continue
				}
				params, results := d.Type.Params.List, d.Type.Results
				if len(params) == 1 && len(params[0].Names) == 1 && identName(params[0].Type) == "string" &&
					results != nil && len(results.List) == 1 && identName(results.List[0].Type) == "error" {
					validateFile[pkg+"."+recv.Name] = path
				}
			}
		}
	}
	require.NotEmpty(t, argsFile)
	for typ, path := range argsFile {
		got, ok := validateFile[typ]
		if assert.True(t, ok, "%s (%s) has no method `func (*%s) Validate(name string) error`", typ, path, typ) {
			assert.Equal(t, path, got, "%s.Validate is declared beside its type", typ)
		}
	}
}

func identName(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}
