environment = "production"
replicas = {
  api    = 3
  worker = 2
}
