// Command sagemaker-landing-zone is the Pulumi program: `pulumi up -s dev`. All loading and
// wiring lives in package landingzone, which the offline plan and the tests run too.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/landingzone"
)

func main() { pulumi.Run(landingzone.Run) }
