region         = "eu-west-1"
account_id     = "111122223333"
image_tag      = "3.2.1"
subnets        = ["subnet-0a1b2c3d", "subnet-4e5f6a7b"]
security_group = "sg-0123abcd"
