"""Deploy a new ranker model: called by the CI pipeline after the model is registered."""

import boto3

ALARMS = [{"AlarmName": "ranker-prod-5xx"}, {"AlarmName": "ranker-prod-p99-latency"}]
BAKE = 10 * 60


def deploy(config_name: str) -> None:
    sagemaker = boto3.client("sagemaker")
    deployment = {
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {
                "Type": "CANARY",
                "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10},
                "WaitIntervalInSeconds": BAKE,
            },
            "TerminationWaitInSeconds": 300,
            "MaximumExecutionTimeoutInSeconds": 1200,
        },
        "AutoRollbackConfiguration": {"Alarms": ALARMS},
    }
    sagemaker.update_endpoint(
        EndpointName="ranker-prod",
        EndpointConfigName=config_name,
        DeploymentConfig=deployment,
    )
