# The churn endpoint: canary, then all at once.
resource "aws_sagemaker_endpoint" "churn" {
  name                 = "churn-prod"
  endpoint_config_name = "churn-prod-v8"

  deployment_config {
    blue_green_update_policy {
      traffic_routing_configuration {
        type                     = "CANARY" # first 10%
        wait_interval_in_seconds = 600

        canary_size {
          type  = "CAPACITY_PERCENT"
          value = 10
        }
      }
      termination_wait_in_seconds           = 300
      maximum_execution_timeout_in_seconds = 3600
    }

    auto_rollback_configuration {
      alarms {
        alarm_name = "churn-prod-5xx"
      }
    }
  }
}
