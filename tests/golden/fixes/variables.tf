variable "routing" {
  type    = string
  default = "LINEAR" # what production uses
}

variable "bake" {
  default = 600
}

resource "aws_sagemaker_endpoint" "e" {
  name                 = "ep"
  endpoint_config_name = "cfg"
  deployment_config {
    blue_green_update_policy {
      traffic_routing_configuration {
        type                     = var.routing
        wait_interval_in_seconds = var.bake
        linear_step_size {
          type  = "CAPACITY_PERCENT"
          value = 20
        }
      }
      maximum_execution_timeout_in_seconds = 7200
    }
    auto_rollback_configuration {
      alarms {
        alarm_name = "a"
      }
    }
  }
}
