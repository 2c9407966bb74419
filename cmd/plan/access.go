package main

import (
	"fmt"
	"io"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/reach"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// exitAccess: a required path is blocked or a forbidden one exists (internal/reach).
const exitAccess = 4

// access computes the plan's access section from the recording and the stack's typed config,
// the one the program builds from (corporate.cidrs and the resolved corporate.endpoints).
func access(rec *recorder.Recording, cfg *config.Config) (reach.Report, error) {
	return reach.Analyze(rec, reach.OptionsFromConfig(cfg))
}

// accessFailures lists every failing path on w and reports whether there was any.
func accessFailures(w io.Writer, r reach.Report) bool { return listFailures(w, "access", r.Failures()) }

// listFailures writes one "plan: <section>: <failure>" line per failure on w and reports whether
// there was any.
func listFailures[T interface{ Describe() string }](w io.Writer, section string, fails []T) bool {
	for _, f := range fails {
		fmt.Fprintf(w, "plan: %s: %s\n", section, f.Describe())
	}
	return len(fails) > 0
}
