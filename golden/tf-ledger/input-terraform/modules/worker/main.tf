resource "aws_iam_role" "worker" {
  name               = var.name
  assume_role_policy = "{}"
}

resource "aws_ecs_task_definition" "worker" {
  family                   = var.name
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "256"
  memory                   = "512"
  task_role_arn            = aws_iam_role.worker.arn
  container_definitions    = <<-JSON
    [
      {
        "name": "worker",
        "image": "${var.image}",
        "essential": true,
        "command": ["worker", "--queue", "${var.queue}"],
        "environment": ${jsonencode(var.environment)}
      }
    ]
  JSON
}

resource "aws_ecs_service" "worker" {
  name            = var.name
  cluster         = var.cluster_arn
  task_definition = aws_ecs_task_definition.worker.arn
  desired_count   = var.replicas
  launch_type     = "FARGATE"

  network_configuration {
    subnets         = var.subnets
    security_groups = var.security_groups
  }
}

output "service_name" {
  value = aws_ecs_service.worker.name
}
