resource "aws_ecs_cluster" "main" {
  name = "quotes"
}

resource "aws_ecs_task_definition" "api" {
  family                   = "quotes-api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  # The second drift: a Redis sidecar "only for caching" keeps state beside
  # the stateless API, which ADR-0012 rules out. `adrift check` points at its
  # image.
  container_definitions = <<EOT
[
  {
    "name": "api",
    "image": "${var.image}",
    "portMappings": [{ "containerPort": 8000 }],
    "environment": [{ "name": "CACHE_URL", "value": "redis://localhost:6379" }]
  },
  {
    "name": "cache",
    "image": "public.ecr.aws/docker/library/redis:7.2-alpine",
    "essential": false
  }
]
EOT
}

resource "aws_ecs_service" "api" {
  name            = "quotes-api"
  cluster         = aws_ecs_cluster.main.id
  task_definition = aws_ecs_task_definition.api.arn
  desired_count   = var.replicas
  launch_type     = "FARGATE"

  network_configuration {
    subnets = module.vpc.private_subnets
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.api.arn
    container_name   = "api"
    container_port   = 8000
  }
}
