resource "aws_lb" "api" {
  name               = "quotes"
  load_balancer_type = "application"
  subnets            = module.vpc.public_subnets

  access_logs {
    bucket  = aws_s3_bucket.alb_logs.id
    enabled = true
  }
}

# The ALB writes its access logs here; the API never reads or writes it.
# adrift:allow=no-persistence: ALB access logs only, no application state
resource "aws_s3_bucket" "alb_logs" {
  bucket = "quotes-alb-logs"
}

resource "aws_lb_target_group" "api" {
  name        = "quotes"
  port        = 8000
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = module.vpc.vpc_id

  health_check {
    path = "/healthz"
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.api.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}
