package guardsim

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const rule = `rule r when resourceType == "AWS::X::Y" {
    configuration.list empty
    configuration.items[ kind == "bad" ] empty
}`

func TestEvaluate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		item map[string]any
		want Result
	}{
		{"other type", map[string]any{"resourceType": "AWS::Other"}, Skip},
		{"all empty", map[string]any{"resourceType": "AWS::X::Y", "configuration": map[string]any{"list": []any{}, "items": []any{}}}, Pass},
		{"keys absent", map[string]any{"resourceType": "AWS::X::Y", "configuration": map[string]any{}}, Pass},
		{"list not empty", map[string]any{"resourceType": "AWS::X::Y", "configuration": map[string]any{"list": []any{1}}}, Fail},
		{"filter matches", map[string]any{"resourceType": "AWS::X::Y", "configuration": map[string]any{
			"items": []any{map[string]any{"kind": "ok"}, map[string]any{"kind": "bad"}}}}, Fail},
		{"filter field absent", map[string]any{"resourceType": "AWS::X::Y", "configuration": map[string]any{
			"items": []any{map[string]any{"other": "bad"}}}}, Pass},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Evaluate(rule, tc.item)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestEvaluateRefusesWhatItDoesNotModel(t *testing.T) {
	t.Parallel()
	for _, r := range []string{
		"rule r {\n x empty\n}",
		"rule r when resourceType == \"A\" {\n x exists\n}",
		"rule r when resourceType == \"A\" {\n x empty",
	} {
		_, err := Evaluate(r, map[string]any{"resourceType": "A"})
		assert.Error(t, err, r)
	}
}
