# The configuration behind examples/prod-db-delete/plan.json. aws_db_instance.orders was removed
# from it (the plan destroys it: delete_because_no_resource_config), so findings on it point at
# the plan; findings on the security group and the API service point at their blocks.
terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "~> 5.0" }
  }
}

resource "aws_security_group" "bastion" {
  name = "bastion"

  ingress {
    description = "ssh from vpn"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    description = "https"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

module "api" {
  source = "./modules/api"
}
