package main

import (
	"io"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/internal/journey"
	"github.com/vpconly/sagemaker-landing-zone/internal/recorder"
)

// exitJourneys: a required journey is blocked or a forbidden one passes (internal/journey). When
// several sections fail, the lowest status wins (3 policy, then 4 access, then 5 journeys); every
// failure is listed on stderr whatever the status.
const exitJourneys = 5

// journeys computes the plan's journeys section from the recording and the stack's typed config.
func journeys(rec *recorder.Recording, cfg *config.Config) (journey.Report, error) {
	return journey.Run(rec, journey.OptionsFromConfig(cfg))
}

// journeyFailures lists every failing journey on w and reports whether there was any.
func journeyFailures(w io.Writer, r journey.Report) bool {
	return listFailures(w, "journey", r.Failures())
}
