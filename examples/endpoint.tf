resource "aws_sagemaker_endpoint" "churn" {
  name                 = "churn-prod"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.churn.name

  deployment_config {
    rolling_update_policy {
      maximum_batch_size {
        type  = "CAPACITY_PERCENT"
        value = 10
      }
      wait_interval_in_seconds             = 600
      maximum_execution_timeout_in_seconds = 14400
    }

    auto_rollback_configuration {
      alarms {
        alarm_name = "churn-prod-5xx"
      }
    }
  }
}
