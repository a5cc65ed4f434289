// Package kube is the front-end for Kubernetes manifests from self-managed
// clusters (kOps, kube2iam, kiam): multi-document YAML or JSON files, List
// objects and folders of manifests.
//
// Objects are read as generic maps, in input order (files sorted by name,
// documents in file order, List items in list order), each with the
// position of its document and of every one of its fields, so that rules
// can point at the field they are about. They travel through the model
// unchanged unless a rule rewrites them. What the old cluster's API server
// filled in (uid, resourceVersion, status, the last applied configuration,
// owner references, a Service's cluster IP) is removed on the way in.
//
// Manifests that cannot be applied as they stand are refused with a
// positioned error: objects without a name, an object defined twice, and
// templates that happen to parse as YAML (an unquoted {{ .Value }} reads
// as a map used as a key; ERB and Go template syntax in names, labels,
// annotations and images would reach the cluster verbatim). Templates that
// do not parse at all are refused by package source.
//
// Once the rules are done, CheckReferences warns (kube/missing-reference)
// about each ServiceAccount, Secret and ConfigMap that pods use but that no
// input defines and eksport does not make: the manifest is one part of an
// application, and the object must exist on the new cluster before its pods
// start. The migration checklist lists the same objects to create.
//
// kOps Cluster and InstanceGroup specs (kops.k8s.io/v1alpha2 and older)
// are not objects for the new cluster: they are read into the model's Kops
// part, for the node report and Karpenter NodePools, and never emitted.
package kube
