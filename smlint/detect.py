"""Is this document an endpoint request, and of which kind?

Only a document whose shape is unmistakably ours is linted, because everything else in a
repository (package.json, docker-compose, workflows, OpenAPI, HyperPod clusters, inference
components, DescribeEndpoint output) must give no findings at all.
"""

from __future__ import annotations

import os

from .model import CREATE_ENDPOINT, DEPLOYMENT_CONFIG, UPDATE_ENDPOINT
from .suggest import closest

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
        "ProductionVariants",
        "PendingDeploymentSummary",  # Describe*/configs
        "AWSTemplateFormatVersion",
        "Resources",  # CloudFormation templates (their own loader)
    }
)

# Words in a file name that say "this is a CreateEndpoint request".
_CREATE_HINTS = ("create-endpoint", "create_endpoint", "createendpoint")

_ALL_REQUEST_MEMBERS = tuple(dict.fromkeys(UPDATE_MEMBERS + CREATE_MEMBERS))

# Cheap text test: a document that is ours mentions at least one of these words.
MARKERS = ("EndpointConfigName", "DeploymentConfig") + DEPLOYMENT_CONFIG_MEMBERS


def may_hold_request(text: str) -> bool:
    return any(marker in text for marker in MARKERS)


def _mostly_members(keys, members) -> bool:
    """At least as many keys are members (or misspelt members) as are not."""
    known = sum(1 for key in keys if key in members or closest(key, members))
    return known * 2 >= len(keys)


def detect(value, filename: str = "", forced: str | None = None) -> str | None:
    """The request kind of a parsed document, or None when it is not ours."""
    if forced:
        return forced  # even a list or a string: the shape rules will say what is wrong
    if not isinstance(value, dict):
        return None
    keys = [k for k in value if isinstance(k, str)]
    if FOREIGN_KEYS.intersection(keys):
        return None
    if "EndpointConfigName" in keys or "DeploymentConfig" in keys:
        if not _mostly_members(keys, _ALL_REQUEST_MEMBERS):
            return None
        config = value.get("DeploymentConfig")
        if (
            isinstance(config, dict)
            and config
            and not any(
                isinstance(k, str)
                and (k in DEPLOYMENT_CONFIG_MEMBERS or closest(k, DEPLOYMENT_CONFIG_MEMBERS))
                for k in config
            )
        ):
            return None  # another service's DeploymentConfig
        return _request_kind(keys, filename)
    if any(k in DEPLOYMENT_CONFIG_MEMBERS for k in keys) and _mostly_members(keys, DEPLOYMENT_CONFIG_MEMBERS):
        # HyperPod's cluster DeploymentConfiguration has a wait at its top level
        if "WaitIntervalInSeconds" in keys:
            return None
        if _inference_component_config(value):
            return None
        return DEPLOYMENT_CONFIG
    return None


def _inference_component_config(value: dict) -> bool:
    """An inference component's DeploymentConfig (UpdateInferenceComponent): rolling only,
    with batches counted in model copies."""
    rolling = value.get("RollingUpdatePolicy")
    if "BlueGreenUpdatePolicy" in value or not isinstance(rolling, dict):
        return False
    batch = rolling.get("MaximumBatchSize")
    return isinstance(batch, dict) and batch.get("Type") == "COPY_COUNT"


def _request_kind(keys, filename: str) -> str:
    # Tags exist only in CreateEndpoint, and a file named create-endpoint… says what it is:
    # both decide even beside update-only fields (those in a CreateEndpoint request are a
    # known mistake, reported as SM102).
    name = os.path.basename(filename).lower()
    if "Tags" in keys or any(hint in name for hint in _CREATE_HINTS):
        return CREATE_ENDPOINT
    return UPDATE_ENDPOINT
