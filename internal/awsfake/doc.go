// Package awsfake is a local stand-in for the AWS APIs that eksport import
// reads: ECS, Application Auto Scaling, CloudWatch, Elastic Load Balancing
// v2, EventBridge, EventBridge Scheduler and Cloud Map. It listens on
// 127.0.0.1 on a random port and speaks each service's own protocol (JSON
// 1.1, the query protocol with XML answers, RPC v2 CBOR, REST JSON), so
// that the real SDK clients can be pointed at it. It serves what a folder
// of API-shaped JSON documents holds (the shapes eksport convert reads),
// pages every list, refuses unsigned requests, and can be told to fail.
// It is for tests only.
package awsfake
