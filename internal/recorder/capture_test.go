package recorder

import (
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCapturedIsPlainJSON: captured outputs come back as a StackReference hands them over —
// nested maps and lists of plain values, numbers as float64 — and only once the run is done.
// Capture relies on the run waiting for the resources the outputs come from, as every program's
// outputs do.
func TestCapturedIsPlainJSON(t *testing.T) {
	t.Parallel()
	var c Captured
	assert.Nil(t, c.Value(), "nothing before a run")
	_, err := Run(Options{Project: "p", Stack: "s"}, func(ctx *pulumi.Context) error {
		// As in a real program, the outputs come from registered resources (the run waits for them).
		comp := &struct{ pulumi.ResourceState }{}
		if err := ctx.RegisterComponentResource("test:index:Comp", "comp", comp); err != nil {
			return err
		}
		c.Capture(pulumi.Map{
			"urn":  comp.URN(),
			"id":   pulumi.String("vpc-1"),
			"ids":  pulumi.StringArray{pulumi.String("a"), pulumi.String("b")},
			"zone": pulumi.Map{"n": pulumi.Int(3), "ok": pulumi.Bool(true)},
		})
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"urn": "urn:pulumi:s::p::test:index:Comp::comp", "id": "vpc-1", "ids": []any{"a", "b"},
		"zone": map[string]any{"n": float64(3), "ok": true}}, c.Value())
}
