resource "aws_sagemaker_endpoint" "e" {
  name                 = "ep"
  endpoint_config_name = "cfg"
  deployment_config {
    blue_green_update_policy {
      traffic_routing_configuration {
        type                     = "ALL_AT_ONCE"
        wait_interval_in_seconds = 60
      }
      termination_wait_in_seconds          = 3600
      maximum_execution_timeout_in_seconds = 4260
    }
    auto_rollback_configuration {
      alarms {
        alarm_name = "a"
      }
    }
  }
}
