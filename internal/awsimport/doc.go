// Package awsimport reads a running ECS cluster through the AWS API and
// returns one JSON file per resource, in the shapes eksport convert reads:
// the services, their task definitions, scaling, alarms, target groups with
// the listeners and rules that forward to them, the Cloud Map services they
// register in, and the EventBridge rules and Scheduler schedules that run
// tasks on the cluster. It only reads (docs/import.md lists every action),
// and never asks for a secret value.
package awsimport
