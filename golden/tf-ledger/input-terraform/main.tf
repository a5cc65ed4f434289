provider "aws" {
  region = var.region
}

locals {
  name     = "ledger"
  api_name = "${local.name}-api"
  registry = "${var.account_id}.dkr.ecr.${var.region}.amazonaws.com"
  common_env = [
    { name = "LEDGER_ENV", value = var.environment },
  ]
  network = {
    subnets         = var.subnets
    security_groups = [var.security_group]
  }
}

resource "aws_ecs_cluster" "payments" {
  name = "payments"
}

resource "aws_iam_role" "api" {
  name               = local.api_name
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [] })
}

resource "aws_secretsmanager_secret" "db" {
  name = "${local.name}/db"
}

resource "aws_ecs_task_definition" "api" {
  family                   = local.api_name
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 512
  memory                   = 1024
  task_role_arn            = aws_iam_role.api.arn
  execution_role_arn       = "arn:aws:iam::${var.account_id}:role/ecsTaskExecutionRole"

  container_definitions = jsonencode([
    {
      name         = "api"
      image        = "${local.registry}/${local.api_name}:${var.image_tag}"
      essential    = true
      portMappings = [{ name = "http", containerPort = var.api_port, protocol = "tcp" }]
      environment = concat(local.common_env, [
        { name = "LEDGER_REGION", value = var.region },
      ])
      secrets = [
        { name = "DATABASE_URL", valueFrom = aws_secretsmanager_secret.db.arn },
      ]
      healthCheck = {
        command  = ["CMD-SHELL", format("curl -fsS http://localhost:%d/healthz || exit 1", var.api_port)]
        interval = 15
        timeout  = 5
        retries  = 3
      }
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = "/ecs/${local.api_name}"
          awslogs-region        = var.region
          awslogs-stream-prefix = "api"
        }
      }
    }
  ])
}

resource "aws_ecs_service" "api" {
  name            = local.api_name
  cluster         = aws_ecs_cluster.payments.arn
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = var.replicas["api"]
  launch_type     = "FARGATE"

  deployment_maximum_percent         = 200
  deployment_minimum_healthy_percent = 50

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = local.network.subnets
    security_groups  = local.network.security_groups
    assign_public_ip = false
  }
}

resource "aws_appautoscaling_target" "api" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.payments.name}/${aws_ecs_service.api.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.replicas["api"]
  max_capacity       = 12
}

resource "aws_appautoscaling_policy" "api_cpu" {
  name               = "${local.api_name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.api.service_namespace
  resource_id        = aws_appautoscaling_target.api.resource_id
  scalable_dimension = aws_appautoscaling_target.api.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = 60
    scale_in_cooldown  = 120
    scale_out_cooldown = 30
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

module "worker" {
  source          = "./modules/worker"
  name            = "${local.name}-worker"
  cluster_arn     = aws_ecs_cluster.payments.arn
  image           = "${local.registry}/${local.name}-worker:${var.image_tag}"
  queue           = "${local.name}-events"
  environment     = local.common_env
  replicas        = var.replicas["worker"]
  subnets         = local.network.subnets
  security_groups = local.network.security_groups
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/ecs/${local.api_name}"
  retention_in_days = 30
}
