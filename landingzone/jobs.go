package landingzone

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/vpconly/sagemaker-landing-zone/components/security"
)

// buildJobGroups creates one job security group per spoke, in the spoke's account ("jobs-<spoke>", a stable key: adding a
// spoke adds a group and touches none of the others) and returns their IDs in spoke order, for
// the deny guard's approved list. Every domain's jobNetworkConfig hands out its spoke's group.
func buildJobGroups(ctx *pulumi.Context, lz *LandingZone) (pulumi.StringArray, error) {
	lz.JobGroups = map[string]*security.JobSecurityGroup{}
	var ids pulumi.StringArray
	for _, s := range lz.Config.Spokes {
		spoke := lz.Spokes[s.Name]
		g, err := security.NewJobSecurityGroup(ctx, "jobs-"+s.Name, &security.JobSecurityGroupArgs{
			VpcId:           spoke.VpcId,
			Hub:             lz.Hub.Ref(),
			S3PrefixListId:  spoke.S3PrefixListId,
			OnPremisesCidrs: lz.Config.Corporate.OnPremisesCidrs(s.Name),
		}, lz.spokeOpt(s.Name))
		if err != nil {
			return nil, err
		}
		lz.JobGroups[s.Name] = g
		ids = append(ids, g.SecurityGroupId)
	}
	return ids, nil
}
