import boto3

# One constant for two different fields: a fix for one would change the other.
SECONDS = "600"
boto3.client("sagemaker").update_endpoint(
    EndpointName="ranker",
    EndpointConfigName="ranker-v3",
    DeploymentConfig={
        "BlueGreenUpdatePolicy": {
            "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": SECONDS},
            "TerminationWaitInSeconds": SECONDS,
            "MaximumExecutionTimeoutInSeconds": 60 * 60,
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "ranker-5xx"}]},
    },
)
