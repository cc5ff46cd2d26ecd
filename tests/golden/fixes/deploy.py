"""Blue/green rollout of the ranker (a dict built across lines, then sent)."""
import boto3

BAKE = 600  # seconds
sm = boto3.client("sagemaker")

config = {
    'BlueGreenUpdatePolicy': {
        'TrafficRoutingConfiguration': {
            'Type': 'LINEAR',
            'LinearStepSize': {'Type': 'CAPACITY_PERCENT', 'Value': 20},
            'WaitIntervalInSeconds': BAKE,
        },
        "TerminationWaitInSeconds": 600,
        "MaximumExecutionTimeoutInSeconds": 28800,  # the longest the API allows
    },
    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "ranker-5xx"}]},
}

sm.update_endpoint(
    EndpointName="ranker-prod",
    EndpointConfigName="ranker-prod-v3",
    DeploymentConfig=config,
    RetainAllVariantProperties=True,
)

# The staging endpoint bakes as long: BAKE is read by the same field twice, so it is fixed once.
sm.update_endpoint(
    EndpointName="ranker-stage",
    EndpointConfigName="ranker-stage-v3",
    DeploymentConfig={
        "RollingUpdatePolicy": {
            "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 10},
            "WaitIntervalInSeconds": BAKE,
            "MaximumExecutionTimeoutInSeconds": 7200,
        },
        "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": "ranker-stage-5xx"}]},
    },
)
