"""A message says who rejects a request only for the target that does (issue 11, item 8)."""

from support.linting import lint_text

BOTH = (
    '{"EndpointName": "e", "EndpointConfigName": "c", "DeploymentConfig": {'
    '"BlueGreenUpdatePolicy": {"TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 0}}, '
    '"RollingUpdatePolicy": {"MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 20}, "WaitIntervalInSeconds": 60}}}'
)
TERRAFORM = """\
resource "aws_sagemaker_endpoint" "e" {
  name                 = "e"
  endpoint_config_name = "c"
  deployment_config {
    blue_green_update_policy {
      traffic_routing_configuration {
        type                     = "ALL_AT_ONCE"
        wait_interval_in_seconds = 0
      }
    }
    rolling_update_policy {
      maximum_batch_size {
        type  = "CAPACITY_PERCENT"
        value = 20
      }
      wait_interval_in_seconds = 60
    }
  }
}
"""


def sm201(text, fmt, path):
    (said,) = [(f.message, f.help) for f in lint_text(text, fmt, path) if f.rule == "SM201"]
    return said


def test_two_policies_blame_terraform_only_in_terraform():
    assert sm201(BOTH, "json", "update.json") == (
        "DeploymentConfig has both BlueGreenUpdatePolicy and RollingUpdatePolicy; the API says only one "
        "update policy should be used",
        "keep one and remove the other",
    )
    assert sm201(TERRAFORM, "terraform", "main.tf") == (
        "DeploymentConfig has both BlueGreenUpdatePolicy and RollingUpdatePolicy; the API says only one "
        "update policy should be used (Terraform rejects both)",
        "keep one and remove the other",
    )
