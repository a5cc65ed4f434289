// Package lbannotations holds the rule that moves load balancer settings
// from the in-tree AWS cloud provider to the AWS Load Balancer Controller,
// and decides the ingress class of every Ingress.
//
// # Rule lbannotations
//
// Moves legacy service.beta.kubernetes.io/aws-load-balancer-* NLB
// annotations to the AWS Load Balancer Controller's, reports Classic ELB
// Services with their NLB equivalent, turns the ingress class annotation
// into ingressClassName and remaps classes by configuration.
//
// Services: a LoadBalancer Service that asked the in-tree provider for an
// NLB (aws-load-balancer-type: nlb) is handed to the controller:
// aws-load-balancer-type external with loadBalancerClass
// service.k8s.aws/nlb, ip targets (pods register directly, which the VPC
// CNI allows), and the scheme written out from the old internal
// annotation, since the controller defaults to internal where the in-tree
// provider defaulted to internet-facing. Settings the controller spells
// differently (cross-zone balancing, access logs, connection draining)
// move into its attribute annotations; those it has no counterpart for are
// reported. A Service without the NLB type got a Classic Load Balancer and
// still does on EKS; it is left as it is and reported with the NLB
// equivalent, since Classic Load Balancers are a previous generation.
//
// Ingresses: the deprecated kubernetes.io/ingress.class annotation becomes
// spec.ingressClassName. Classes are kept, or remapped through
// ingressClasses in the configuration (for example nginx: alb). Remapping
// to alb writes the controller's annotations (scheme from exposure.scheme,
// else internal; ip targets), translates the NGINX annotations that have an
// ALB counterpart (SSL redirect, backend protocol, source ranges, read
// timeout), reports the rest, and turns ImplementationSpecific paths, which
// NGINX matched as prefixes and an ALB would match exactly, into Prefix
// paths.
package lbannotations

import _ "embed" // the rule's documentation is this file's package comment

//go:embed doc.go
var doc string
