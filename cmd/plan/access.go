package main

import (
	"fmt"
	"io"

	"github.com/vpconly/sagemaker-landing-zone/internal/reach"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// exitAccess: a required path is blocked or a forbidden one exists (internal/reach).
const exitAccess = 4

// access computes the plan's access section from the recording and the stack's raw config
// (sagemaker-landing-zone:corporate.cidrs gives the corporate CIDRs).
func access(rec *recorder.Recording, values map[string]string) (reach.Report, error) {
	cidrs, err := reach.CorporateCidrsFromConfig(values)
	if err != nil {
		return reach.Report{}, err
	}
	return reach.Analyze(rec, reach.Options{CorporateCidrs: cidrs})
}

// accessFailures lists every failing path on w and reports whether there was any.
func accessFailures(w io.Writer, r reach.Report) bool {
	fails := r.Failures()
	for _, p := range fails {
		fmt.Fprintf(w, "plan: access: %s\n", p.Describe())
	}
	return len(fails) > 0
}
