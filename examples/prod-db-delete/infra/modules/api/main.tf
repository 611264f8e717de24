variable "desired_count" {
  type    = number
  default = 4
}

resource "aws_ecs_task_definition" "api" {
  family                = "api"
  container_definitions = jsonencode([{ name = "api", image = "example/api:latest" }])
}

resource "aws_ecs_service" "api" {
  name            = "api"
  desired_count   = var.desired_count
  task_definition = aws_ecs_task_definition.api.arn
}
