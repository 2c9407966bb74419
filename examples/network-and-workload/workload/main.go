// Command workload is the workload program of the network-and-workload example (package
// networkandworkload): cd examples/network-and-workload/workload && pulumi up -s example.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	networkandworkload "github.com/vpconly/sagemaker-landing-zone/examples/network-and-workload"
)

func main() { pulumi.Run(networkandworkload.Workload) }
