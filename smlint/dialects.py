"""Dialects: how the tool that sends a request differs, as data the messages are built from.

A request read from a boto3 script, a JSON file, a notebook or an AWS CLI command is judged
by boto3 and SageMaker; an ``AWS::SageMaker::Endpoint``'s Properties by CloudFormation's
resource schema; a Terraform ``aws_sagemaker_endpoint`` (HCL, a plan, CDKTF) by the AWS
provider's own validation, which names arguments in snake_case. The schema's messages
(smlint.schema) and the engine's (SM002) take their words from the request's dialect when
they are built; no message is rewritten later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import CFN_ENDPOINT

CLIENT = "boto3 and the AWS CLI reject it before sending"
SERVICE = "SageMaker rejects it; boto3 does not check this"
SAGEMAKER = "SageMaker rejects it"  # a limit of the API the target's own schema lacks: said as is

TERRAFORM_TIMEOUT_LIMIT = (
    14400  # the provider's IntBetween(600, 14400) on maximum_execution_timeout_in_seconds
)


@dataclass(frozen=True)
class Dialect:
    name: str
    client: str = CLIENT  # who rejects what botocore checks before sending
    service: str = SERVICE  # who rejects what only the service checks
    missing: str = "boto3 and the AWS CLI reject the request without it"  # a required member absent
    root_lacks: str = "the request lacks"  # a required top-level member absent
    root: str = "the request"  # what an unknown top-level member is not a member of
    unknown: str = ""  # said of an unknown member, before ": not a member of"
    duplicate: str = (
        "most readers keep only the last value and some reject the file (the AWS CLI's YAML reader)"
    )
    snake_case: bool = False  # a fix names the argument as the tool spells it
    # member -> the upper limit the tool states with the lower one (its own limit is a rule of
    # its own, SM601, so the shape schema leaves it open)
    upper_limits: dict = field(default_factory=dict)

    def field(self, path: tuple) -> str:
        """A field as a message names it: its path in the API's terms, and for a tool that
        spells the member otherwise, the argument as written there too
        (``….MaximumExecutionTimeoutInSeconds (maximum_execution_timeout_in_seconds)``)."""
        from .wording import field_name

        name = field_name(path)
        last = path[-1] if path and isinstance(path[-1], str) else None
        spelt = self.argument(last) if last is not None else None
        return f"{name} ({spelt})" if spelt is not None and spelt != last else name

    def argument(self, name: str) -> str:
        """A member as a fix names it: WaitIntervalInSeconds, or wait_interval_in_seconds for
        Terraform."""
        if not self.snake_case or not re.fullmatch(r"[A-Z][A-Za-z]+", name):
            return name
        from .readers.terraform import snake

        return snake(name)


API = Dialect("api")
CLOUDFORMATION = Dialect(
    "cloudformation",
    client="CloudFormation rejects it",
    service="CloudFormation rejects it",
    missing="CloudFormation rejects the resource without it",
    root_lacks="the resource's Properties lack",
    root="the resource's Properties",
)
TERRAFORM = Dialect(
    "terraform",
    client="Terraform rejects it",
    service="Terraform rejects it",
    missing="Terraform rejects the resource without it",
    unknown=" (Terraform rejects it)",
    duplicate="Terraform rejects a repeated argument or block",
    snake_case=True,
    upper_limits={"MaximumExecutionTimeoutInSeconds": TERRAFORM_TIMEOUT_LIMIT},
)


def dialect_of(kind: str, target: str = "") -> Dialect:
    """The dialect of a request of ``kind`` sent by ``target`` (Document.target)."""
    if target == "terraform":
        return TERRAFORM
    if kind == CFN_ENDPOINT:
        return CLOUDFORMATION
    return API
