package landingzone

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/config"
	"github.com/vpconly/sagemaker-landing-zone/cost"
)

// CostInputs describes, for the cost model, the network a configuration builds: the hub's
// interface endpoints in each hub AZ, one private hosted zone per endpoint, a TGW attachment per
// VPC, and one customer-managed KMS key per spoke (flow logs) and per Studio domain (home EFS).
func CostInputs(cfg *config.Config) cost.Inputs {
	in := cost.Inputs{
		Region:      cfg.Region,
		HubAZs:      len(cfg.HubAZs()),
		Endpoints:   len(cfg.Hub.Endpoints),
		HostedZones: len(cfg.Hub.Endpoints),
		KMSKeys:     len(cfg.Spokes) + len(cfg.Domains),
		Peering:     cfg.Peering(),
	}
	for _, s := range cfg.Spokes {
		in.Spokes = append(in.Spokes, cost.Spoke{Name: s.Name, AZs: len(cfg.SpokeAZs(s)),
			FlowLogRetentionDays: s.FlowLogRetentionDays})
	}
	in.CrossAccountVPCs, in.ZoneProfiles = zoneSharingCost(cfg)
	in.Supply = supplyCostInputs(cfg)
	in.Access = accessCost(cfg)
	rt := RuntimeCostInputs(cfg)
	in.Runtime = &rt
	return in
}

func costOutput(e cost.Estimate) pulumi.Map {
	return pulumi.ToMap(e.AsMap())
}

// zoneSharingCost counts, per workload account other than the hub's, the spokes that get the
// hub's zones across accounts, and whether through a Route 53 Profile (hub.zoneSharing).
func zoneSharingCost(cfg *config.Config) ([]int, bool) {
	var vpcs []int
	for _, acct := range cfg.WorkloadAccounts() {
		if acct == cfg.HubAccount() {
			continue
		}
		n := 0
		for _, s := range cfg.Spokes {
			if cfg.AccountKey(s.Account) == acct {
				n++
			}
		}
		vpcs = append(vpcs, n)
	}
	return vpcs, cfg.ZoneProfiles()
}
