variable "name" {
  type = string
}
variable "cluster_arn" {
  type = string
}
variable "image" {
  type = string
}
variable "queue" {
  type = string
}
variable "environment" {
  type = list(object({ name = string, value = string }))
}
variable "replicas" {
  type = number
}
variable "subnets" {
  type = list(string)
}
variable "security_groups" {
  type = list(string)
}
