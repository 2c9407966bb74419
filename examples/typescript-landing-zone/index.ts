import * as pulumi from "@pulumi/pulumi";
import * as vpconly from "@vpconly/vpconly";

// The stack's landing-zone configuration (Pulumi.example.yaml): hub, spokes, domains, tags, ...
const config = new pulumi.Config();
const zone = config.requireObject<vpconly.LandingZoneArgs>("landingZone");

// One more spoke than the configuration has: a workload VPC for the vision team, attached to the
// hub like the others. The component validates the whole (CIDR overlaps, names, ...) as the Go
// program validates a stack, before it creates anything.
const landingZone = new vpconly.LandingZone("landing-zone", {
    ...zone,
    spokes: [
        ...(zone.spokes ?? []),
        { name: "vision", cidr: "10.2.0.0/20", s3Buckets: ["example-ml-vision-data"] },
    ],
});

export const hub = landingZone.hub;
export const spokes = landingZone.spokes;
export const domains = landingZone.domains;
