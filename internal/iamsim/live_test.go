package iamsim_test

// The live check: the proof matrix of the deny guard (guardcases.GuardCases), sent to IAM's
// SimulateCustomPolicy, so that the offline evaluator can be checked against AWS where an account
// exists. It runs only with AWS credentials in the environment (AWS_ACCESS_KEY_ID or
// AWS_PROFILE). It shells out to the AWS CLI (`aws iam simulate-custom-policy`): the AWS SDK for
// Go v2 is not in this module's dependency graph, and adding it for one opt-in test would make
// every consumer of components/ inherit it. SimulateCustomPolicy needs iam:SimulateCustomPolicy
// and creates nothing.

import (
	"github.com/vpconly/sagemaker-landing-zone/internal/guardcases"

	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/vpconly/sagemaker-landing-zone/components/security/iampolicy"
	"github.com/vpconly/sagemaker-landing-zone/internal/iamsim"
)

// allowAll stands for the permissions a principal would have: without an Allow, every request is
// an implicit deny and the simulator could not tell "allowed by the guard" from "denied".
const allowAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

type contextEntry struct {
	ContextKeyName   string   `json:"ContextKeyName"`
	ContextKeyValues []string `json:"ContextKeyValues"`
	ContextKeyType   string   `json:"ContextKeyType"`
}

// contextType maps a key to SimulateCustomPolicy's ContextKeyType: the reference's type for
// SageMaker keys (ArrayOfString → stringList, Bool → boolean, String → string), and the global
// keys' documented types (aws:SourceVpce String; aws:ViaAWSService and aws:PrincipalIsAWSService
// Boolean).
func contextType(key string) string {
	switch key {
	case iampolicy.KeyViaAWSService, iampolicy.KeyPrincipalIsAWSService:
		return "boolean"
	case iampolicy.KeySourceVpce:
		return "string"
	}
	switch iampolicy.SageMakerReference().KeyTypes[key] {
	case "ArrayOfString":
		return "stringList"
	case "Bool":
		return "boolean"
	}
	return "string"
}

func contextEntries(keys map[string][]string) []contextEntry {
	out := []contextEntry{}
	for k, v := range keys {
		out = append(out, contextEntry{ContextKeyName: k, ContextKeyValues: v, ContextKeyType: contextType(k)})
	}
	return out
}

func TestLiveContextTypes(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		iampolicy.KeyVpcSubnets:           "stringList",
		iampolicy.KeyVpcSecurityGroupIds:  "stringList",
		iampolicy.KeyNetworkIsolation:     "boolean",
		iampolicy.KeyAppNetworkAccessType: "string",
		iampolicy.KeySourceVpce:           "string",
		iampolicy.KeyViaAWSService:        "boolean",
	}
	for k, want := range cases {
		assert.Equal(t, want, contextType(k), k)
	}
}

func TestLiveSimulateCustomPolicy(t *testing.T) {
	t.Parallel()
	if os.Getenv("AWS_ACCESS_KEY_ID") == "" && os.Getenv("AWS_PROFILE") == "" {
		t.Skip("no AWS credentials (AWS_ACCESS_KEY_ID or AWS_PROFILE): the live SimulateCustomPolicy check is skipped; the offline evaluator's results stand unchecked against AWS")
	}
	cli, err := exec.LookPath("aws")
	if err != nil {
		t.Skip("AWS credentials are set but the aws CLI is not on PATH: install it to run `aws iam simulate-custom-policy`")
	}
	if out, err := exec.Command(cli, "--version").CombinedOutput(); err != nil {
		t.Skipf("the aws CLI does not run (%v: %s)", err, strings.TrimSpace(string(out)))
	}
	dir := t.TempDir()
	for _, regulated := range []bool{false, true} {
		stmts, err := iampolicy.DenyGuard(guardcases.CaseSpec(regulated))
		require.NoError(t, err)
		docs, err := iampolicy.Split(stmts, iampolicy.ManagedPolicyLimit)
		require.NoError(t, err)
		policies := []string{allowAll}
		var offline []iamsim.Statement
		for _, d := range docs {
			js := d.MustJSON()
			policies = append(policies, js)
			p, err := iamsim.Parse([]byte(js))
			require.NoError(t, err)
			offline = append(offline, p.Statements...)
		}
		for i, c := range guardcases.GuardCases() {
			if c.Regulated != regulated {
				continue
			}
			c := c
			input, err := json.Marshal(map[string]any{
				"PolicyInputList": policies,
				"ActionNames":     []string{c.Action},
				"ResourceArns":    []string{"*"},
				"ContextEntries":  contextEntries(c.Keys),
			})
			require.NoError(t, err)
			path := filepath.Join(dir, fmt.Sprintf("case-%t-%02d.json", regulated, i))
			require.NoError(t, os.WriteFile(path, input, 0o600))
			t.Run(c.Name, func(t *testing.T) {
				ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				defer cancel()
				out, err := exec.CommandContext(ctx, cli, "iam", "simulate-custom-policy",
					"--cli-input-json", "file://"+path, "--output", "json").Output()
				require.NoError(t, err, "aws iam simulate-custom-policy")
				var res struct {
					EvaluationResults []struct {
						EvalActionName string
						EvalDecision   string
					}
				}
				require.NoError(t, json.Unmarshal(out, &res))
				require.Len(t, res.EvaluationResults, 1)
				want := "allowed"
				if len(c.DeniedBy) > 0 {
					want = "explicitDeny"
				}
				assert.Equal(t, want, res.EvaluationResults[0].EvalDecision, "AWS")

				local, err := iamsim.Evaluate(offline, iamsim.Request{Action: c.Action, Keys: c.Keys})
				require.NoError(t, err)
				assert.Equal(t, want == "explicitDeny", local.Decision == iamsim.Deny, "offline evaluator agrees with AWS")
			})
		}
	}
}
