"""Is this document an endpoint request, and of which kind?

Only a document whose shape is unmistakably ours is linted, because everything else in a
repository (package.json, docker-compose, workflows, OpenAPI, HyperPod clusters, inference
components, DescribeEndpoint output) must give no findings at all.
"""

from __future__ import annotations

import os
import re

from ..model import CREATE_ENDPOINT, DEPLOYMENT_CONFIG, ENDPOINT_CONFIG, UPDATE_ENDPOINT
from ..suggest import closest

UPDATE_MEMBERS = (
    "EndpointName",
    "EndpointConfigName",
    "RetainAllVariantProperties",
    "ExcludeRetainedVariantProperties",
    "DeploymentConfig",
    "RetainDeploymentConfig",
)
CREATE_MEMBERS = ("EndpointName", "EndpointConfigName", "DeploymentConfig", "Tags")
DEPLOYMENT_CONFIG_MEMBERS = ("BlueGreenUpdatePolicy", "RollingUpdatePolicy", "AutoRollbackConfiguration")

# Keys of look-alike documents that share member names with our requests.
FOREIGN_KEYS = frozenset(
    {
        "ClusterName",
        "InstanceGroups",  # HyperPod CreateCluster/UpdateCluster
        "InferenceComponentName",
        "Specification",
        "RuntimeConfig",  # inference components
        "EndpointArn",
        "EndpointStatus",
        "LastDeploymentConfig",
        "CreationTime",
        "LastModifiedTime",
        "PendingDeploymentSummary",  # DescribeEndpoint output
        "ProductionVariants",
        "ModelName",
        "InstanceType",
        "InitialInstanceCount",
        "VariantName",
        "PrimaryContainer",
        "ExecutionRoleArn",  # endpoint configs, models, deploy-script settings
        "AWSTemplateFormatVersion",
        "Resources",  # CloudFormation templates (their own reader)
    }
)

# Words in a file name that say "this is a CreateEndpoint request".
_CREATE_HINTS = ("create-endpoint", "create_endpoint", "createendpoint")
UPDATE_ONLY = ("RetainAllVariantProperties", "ExcludeRetainedVariantProperties", "RetainDeploymentConfig")

_ALL_REQUEST_MEMBERS = tuple(dict.fromkeys(UPDATE_MEMBERS + CREATE_MEMBERS))

# Members anywhere inside a DeploymentConfig: a policy's members written one level too high
# (the wrapper forgotten) still make the request ours, and SM102 says where they belong.
DEPLOYMENT_WORDS = DEPLOYMENT_CONFIG_MEMBERS + (
    "TrafficRoutingConfiguration",
    "TerminationWaitInSeconds",
    "MaximumExecutionTimeoutInSeconds",
    "MaximumBatchSize",
    "WaitIntervalInSeconds",
    "RollbackMaximumBatchSize",
    "Alarms",
)

# Cheap text test, before any parsing: one of our words used as a key (a word in a comment,
# a template expression or a list of spelling exceptions does not count). Case-insensitive,
# so that a misspelt `EndpointConfigname` still gets the request linted.
_MARKER_KEY = re.compile(
    r"""(?:EndpointConfigName|DeploymentConfig|BlueGreenUpdatePolicy|RollingUpdatePolicy|"""
    # (`.$`: a Step Functions JSONPath key; `\"`: JSON inside a JSON string, a DefinitionString)
    r"""AutoRollbackConfiguration|TrafficRoutingConfig(?:uration)?|MaximumBatchSize)(?:\.\$)?\\?["']?\s*:""",
    re.IGNORECASE,
)


_MARKER_WORDS = (
    "endpointconfigname",
    "deploymentconfig",
    "updatepolicy",
    "autorollbackconfiguration",
    "trafficroutingconfig",  # a policy's body printed without its wrapper (policy_body)
    "maximumbatchsize",
)


def may_hold_request(text: str) -> bool:
    lowered = text.lower()  # plain substring tests first: ~10x faster than the regex
    return any(word in lowered for word in _MARKER_WORDS) and _MARKER_KEY.search(text) is not None


def _member(key, members, cutoff: float = 0.8) -> bool:
    return key in members or closest(key, members, cutoff) is not None


def _any_member(keys, members, cutoff: float = 0.8) -> bool:
    """Is one of ``keys`` a member, or a misspelt one? (Exact matches are tried on every key
    before the costly likeness of any: a request names its members right.)"""
    return any(k in members for k in keys) or any(_member(k, members, cutoff) for k in keys)


def _mostly_members(keys, members, half: bool = False) -> bool:
    """More keys are members (or misspelt members) than not; or at least half, with ``half``."""
    known = sum(1 for key in keys if _member(key, members))
    return known * 2 >= len(keys) if half else known * 2 > len(keys)


def detect(value, filename: str = "", forced: str | None = None) -> str | None:
    """The request kind of a parsed document, or None when it is not ours."""
    if value is None:
        return None  # an empty document holds no request
    if forced:
        return forced  # even a list or a string: the shape rules will say what is wrong
    if not isinstance(value, dict):
        return None
    keys = [k for k in value if isinstance(k, str)]
    if _endpoint_config(value):
        return ENDPOINT_CONFIG  # indexed for the context of the requests naming it, not linted
    if FOREIGN_KEYS.intersection(keys) or any(k.endswith(".$") for k in keys):
        return None  # (keys ending in .$ are a Step Functions Parameters block)
    # (a close spelling of these two, not a mere likeness: EndpointName is not one)
    if _any_member(keys, ("EndpointConfigName", "DeploymentConfig"), cutoff=0.9):
        if not _mostly_members(keys, _ALL_REQUEST_MEMBERS):
            return None
        config = value.get("DeploymentConfig")
        if (
            isinstance(config, dict)
            and config
            and not _any_member([k for k in config if isinstance(k, str)], DEPLOYMENT_WORDS)
        ):
            return None  # another service's DeploymentConfig
        return _request_kind(keys, filename)
    # (the policy names are distinctive enough that half of the keys will do; a misspelt
    # one, `BluegreenUpdatePolicy`, when what it holds is that policy's body)
    named = any(k in DEPLOYMENT_CONFIG_MEMBERS for k in keys) or any(
        policy_body(value[k]) is not None and _member(k, DEPLOYMENT_CONFIG_MEMBERS[:2], 0.85) for k in keys
    )
    if named and _mostly_members(keys, DEPLOYMENT_CONFIG_MEMBERS, half=True):
        if _hyperpod_config(value) or _inference_component_config(value):
            return None
        return DEPLOYMENT_CONFIG
    if policy_body(value) is not None:
        return DEPLOYMENT_CONFIG  # read as the DeploymentConfig that would wrap it
    return None


_BLUE_GREEN_BODY = (
    "TrafficRoutingConfiguration",
    "TerminationWaitInSeconds",
    "MaximumExecutionTimeoutInSeconds",
)
_ROLLING_BODY = (
    "MaximumBatchSize",
    "WaitIntervalInSeconds",
    "MaximumExecutionTimeoutInSeconds",
    "RollbackMaximumBatchSize",
)


def policy_body(value) -> str | None:
    """The update policy a document is the body of, its wrapper left out (as a book prints
    ``TrafficRoutingConfig: …`` and ``TerminationWaitInSeconds: …`` at the top): the
    BlueGreenUpdatePolicy for a traffic routing (a Type of ours) among blue/green members
    only, the RollingUpdatePolicy for a MaximumBatchSize of ours and a wait among rolling
    members only. None for anything else."""
    if not isinstance(value, dict) or not value or not all(isinstance(k, str) for k in value):
        return None
    keys = list(value)
    routing = [k for k in keys if k.lower().startswith("trafficroutingconfig")]
    if len(routing) == 1 and all(k in routing or k in _BLUE_GREEN_BODY for k in keys):
        inner = value[routing[0]]
        if isinstance(inner, dict) and inner.get("Type") in ("ALL_AT_ONCE", "CANARY", "LINEAR"):
            return "BlueGreenUpdatePolicy"
    size = value.get("MaximumBatchSize")
    if (
        all(k in _ROLLING_BODY for k in keys)
        and "WaitIntervalInSeconds" in value
        and isinstance(size, dict)
        and size.get("Type") in ("INSTANCE_COUNT", "CAPACITY_PERCENT")
    ):
        return "RollingUpdatePolicy"
    return None


def _endpoint_config(value: dict) -> bool:
    """A CreateEndpointConfig request (or DescribeEndpointConfig output): a name and a list
    of production variants, and nothing of an endpoint request's own."""
    return (
        "EndpointConfigName" in value
        and isinstance(value.get("ProductionVariants"), list)
        and "DeploymentConfig" not in value
        and "EndpointName" not in value
    )


def _hyperpod_config(value: dict) -> bool:
    """A HyperPod cluster's DeploymentConfiguration (UpdateClusterSoftware): a wait at its top
    level, alarms as a list, batches in CAPACITY_PERCENTAGE."""
    if "WaitIntervalInSeconds" in value:
        return True
    alarms = value.get("AutoRollbackConfiguration")
    if isinstance(alarms, list) and alarms and all(isinstance(a, dict) and "AlarmName" in a for a in alarms):
        return True
    rolling = value.get("RollingUpdatePolicy")
    sizes = (
        [rolling.get(k) for k in ("MaximumBatchSize", "RollbackMaximumBatchSize")]
        if isinstance(rolling, dict)
        else []
    )
    return any(isinstance(size, dict) and size.get("Type") == "CAPACITY_PERCENTAGE" for size in sizes)


def _inference_component_config(value: dict) -> bool:
    """An inference component's DeploymentConfig (UpdateInferenceComponent): rolling only,
    with batches counted in model copies."""
    rolling = value.get("RollingUpdatePolicy")
    if "BlueGreenUpdatePolicy" in value or not isinstance(rolling, dict):
        return False
    sizes = [rolling.get(k) for k in ("MaximumBatchSize", "RollbackMaximumBatchSize")]
    return any(isinstance(size, dict) and size.get("Type") == "COPY_COUNT" for size in sizes)


def _request_kind(keys, filename: str) -> str:
    # Tags exist only in CreateEndpoint: with them the request is a create, whatever the file
    # is called (an update-only field is then the mistake, SM102, and not the tags). Without
    # them, a file named create-endpoint… says what it is; anything else is an update.
    if "Tags" in keys:
        return CREATE_ENDPOINT
    name = os.path.basename(filename).lower()
    return CREATE_ENDPOINT if any(hint in name for hint in _CREATE_HINTS) else UPDATE_ENDPOINT
