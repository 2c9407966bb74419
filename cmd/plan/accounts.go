package main

import (
	"strings"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// deployingName is the account name of the deploying account when config has no accounts entry
// for it (single-account stacks, or every entry has a roleArn).
const deployingName = "deploying"

// planAccount is one account the plan's resources are grouped under.
type planAccount struct {
	Name string // accounts[].name, or deployingName
	ID   string // accounts[].id; "" when config does not give it
}

// planAccounts lists the accounts resources may belong to, in the order the table prints them:
// the deploying account first, then the accounts entries with a roleArn in config order.
func planAccounts(cfg *config.Config) []planAccount {
	out := []planAccount{{Name: deployingName}}
	for _, a := range cfg.Accounts {
		if a.Deploying() {
			out[0] = planAccount{Name: a.Name, ID: a.ID}
		} else {
			out = append(out, planAccount{Name: a.Name, ID: a.ID})
		}
	}
	return out
}

// resourceAccounts maps each recorded resource's URN to the name of the account it is created in
// (landingzone/accounts.go: one AWS provider per accounts entry with a roleArn, named
// "aws-<region>-<account name>", and "aws-<region>" for the deploying account):
//   - a custom resource on an explicit provider: that provider's account;
//   - a custom resource on the default provider (no provider recorded): the deploying account;
//   - a provider resource: the account it deploys into;
//   - a component registered with an AWS provider option (recorder.Resource.ProviderOf): that
//     provider's account, whatever its children override (a component without children, such as
//     organization guardrails that create nothing, is placed by its own option too);
//   - another component: the account most of its children are in (children inherit the
//     component's provider option unless they override it); a tie goes to the account listed
//     first by planAccounts;
//   - anything else (a provider the landing zone does not build, a component with no
//     children): its parent's account, and the deploying account at the top.
func resourceAccounts(rec *recorder.Recording, cfg *config.Config) map[string]string {
	accounts := planAccounts(cfg)
	deploying := accounts[0].Name
	rank := map[string]int{}
	for i, a := range accounts {
		rank[a.Name] = i
	}
	byProviderName := map[string]string{"aws-" + cfg.Region: deploying}
	for _, a := range cfg.Accounts {
		if !a.Deploying() {
			byProviderName["aws-"+cfg.Region+"-"+a.Name] = a.Name
		}
	}
	providers := map[string]string{} // provider URN -> account
	byURN := map[string]recorder.Resource{}
	children := map[string][]string{}
	for _, r := range rec.Resources {
		byURN[r.URN] = r
		children[r.Parent] = append(children[r.Parent], r.URN)
		if r.Type == "pulumi:providers:aws" {
			if acct, ok := byProviderName[r.Name]; ok {
				providers[r.URN] = acct
			}
		}
	}

	// own is the account a resource's own registration (or, for a component, its children)
	// gives, "" when it gives none.
	own := map[string]string{}
	var resolve func(urn string) string
	resolve = func(urn string) string {
		if a, ok := own[urn]; ok {
			return a
		}
		r := byURN[urn]
		a := ""
		switch {
		case strings.HasPrefix(r.Type, "pulumi:providers:"):
			a = providers[r.URN]
		case r.Custom && r.Provider == "":
			a = deploying // the default provider
		case r.Custom:
			a = providers[providerURN(r.Provider)]
		case r.ProviderOf("aws") != "":
			a = providers[providerURN(r.ProviderOf("aws"))]
		default:
			votes := map[string]int{}
			for _, c := range children[urn] {
				if ca := resolve(c); ca != "" {
					votes[ca]++
				}
			}
			for ca, n := range votes {
				if a == "" || n > votes[a] || (n == votes[a] && rank[ca] < rank[a]) {
					a = ca
				}
			}
		}
		own[urn] = a
		return a
	}
	out := make(map[string]string, len(rec.Resources))
	for _, r := range rec.Resources {
		a := resolve(r.URN)
		for p := r.Parent; a == "" && p != ""; p = byURN[p].Parent {
			if _, ok := byURN[p]; !ok {
				break // the stack
			}
			a = resolve(p)
		}
		if a == "" {
			a = deploying
		}
		out[r.URN] = a
	}
	return out
}

// providerURN is the URN of a provider reference "<provider URN>::<provider ID>".
func providerURN(ref string) string {
	if i := strings.LastIndex(ref, "::"); i >= 0 {
		return ref[:i]
	}
	return ref
}
