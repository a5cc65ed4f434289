variable "region" {
  type = string
}

variable "account_id" {
  type = string
}

variable "environment" {
  type    = string
  default = "staging"
}

variable "image_tag" {
  type = string
}

variable "api_port" {
  type    = number
  default = 8080
}

variable "replicas" {
  type = map(number)
  default = {
    api    = 1
    worker = 1
  }
}

variable "subnets" {
  type = list(string)
}

variable "security_group" {
  type = string
}
