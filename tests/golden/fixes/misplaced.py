import boto3

boto3.client("sagemaker").update_endpoint(
    EndpointName="ep",
    EndpointConfigName="cfg",
    DeploymentConfig={
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {
                "Type": "CANARY",
                "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 10},
                "WaitIntervalInSeconds": 600,
            },
            "MaximumExecutionTimeoutInSeconds": 3600,
            "TerminationWaitInSeconds": 300,
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "a"}]},
    },
)
