// Package exposure holds the rule that decides how load balancer traffic
// reaches a migrated service.
//
// # Rule exposure
//
// Keeps existing target groups through TargetGroupBindings (default), or
// creates an ALB Ingress or NLB Service by configuration, with the Load
// Balancer Controller's annotations.
//
// By default each ECS load balancer entry keeps its target group: a
// TargetGroupBinding registers the pods into it, so ECS tasks and EKS pods
// serve side by side while traffic moves (the zero-downtime path). The
// configuration can ask instead for a new ALB through an Ingress of class
// alb, or a new NLB through a LoadBalancer Service; the rule then writes the
// AWS Load Balancer Controller annotations from the target group's health
// check, listeners and certificates when ELBv2 data was given.
package exposure

import _ "embed" // the rule's documentation is this file's package comment

//go:embed doc.go
var doc string
