"""SM6xx: limits of the Terraform AWS provider, for requests written as Terraform resources
(``Request.target == "terraform"``)."""

from __future__ import annotations

from ..dialects import TERRAFORM_TIMEOUT_LIMIT as PROVIDER_TIMEOUT_LIMIT
from ..wording import number
from . import Request, check, integer
from .schedule import timeline

TERRAFORM = "terraform"
APPLY_WAIT = 3600  # the provider waits 60 minutes for the endpoint to be InService

DC = ("DeploymentConfig",)


@check("SM601")
def terraform_timeout_limit(req: Request):
    if req.target != TERRAFORM:
        return
    for policy in ("BlueGreenUpdatePolicy", "RollingUpdatePolicy"):
        path = DC + (policy, "MaximumExecutionTimeoutInSeconds")
        # as written: the API's own range (SM104) does not apply to Terraform's limit
        value = integer(req.raw_get(*path))
        if value is not None and value > PROVIDER_TIMEOUT_LIMIT:
            yield (
                path,
                (
                    f"{req.field(path)} is {number(value)} s; the AWS "
                    f"provider accepts 600-{PROVIDER_TIMEOUT_LIMIT} although the API allows up to 28800 "
                    "(Terraform rejects it)"
                ),
                f"use at most {PROVIDER_TIMEOUT_LIMIT}, and shorten the waits if the deployment needs longer",
            )


@check("SM602")
def terraform_apply_timeout(req: Request):
    if req.target != TERRAFORM:
        return
    plan = timeline(req.get(*DC), req.fleet_size)
    if plan is None or plan.waits is None or plan.waits.total <= APPLY_WAIT:
        return
    policy = "RollingUpdatePolicy" if plan.policy == "ROLLING" else "BlueGreenUpdatePolicy"
    path = DC + (policy,)
    yield (
        path,
        (
            f"the estimated schedule is {plan.waits.formula}, but the AWS provider waits at most {APPLY_WAIT} s "
            "for InService, so terraform apply may time out while SageMaker goes on deploying"
        ),
        f"shorten the bakes or use fewer steps to stay under {APPLY_WAIT} s, or run long deployments outside "
        "Terraform",
    )
