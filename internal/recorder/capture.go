package recorder

import (
	"encoding/json"
	"sync"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Captured holds a program's outputs as plain JSON values (maps, lists, strings, numbers, bools):
// the form a StackReference hands to another program, and the form tests compare.
type Captured struct {
	mu  sync.Mutex
	val map[string]any
}

// Capture resolves outs, inside a program run, into c; read it with Value after the run. The run
// waits for outputs that come from registered resources (a program's outputs do); a map of plain
// values alone is not waited for.
func (c *Captured) Capture(outs pulumi.Map) {
	outs.ToMapOutput().ApplyT(func(m map[string]any) (int, error) {
		b, err := json.Marshal(m)
		if err != nil {
			return 0, err
		}
		var plain map[string]any
		if err := json.Unmarshal(b, &plain); err != nil {
			return 0, err
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		c.val = plain
		return 0, nil
	})
}

// Value returns what Capture resolved (nil before the run has completed).
func (c *Captured) Value() map[string]any {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.val
}
