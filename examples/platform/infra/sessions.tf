# The deliberate drift: someone wants logins to survive a deploy and adds a
# database, which ADR-0012 rules out. `adrift check` fails on the next line.
resource "aws_db_instance" "sessions" {
  identifier        = "quotes-sessions"
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
}
