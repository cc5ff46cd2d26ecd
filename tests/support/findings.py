"""A Finding for formatter tests: a canary finding unless told otherwise."""

from smlint.findings import Finding


def finding(**changes) -> Finding:
    values = dict(
        rule="SM204",
        name="canary-too-large",
        severity="error",
        text="m",
        path="a.json",
        line=3,
        column=5,
        end_line=3,
        end_column=15,
        field="DeploymentConfig",
    )
    if "message" in changes:  # (a finding's sentence is its rule's words when nothing qualifies them)
        changes["text"] = changes.pop("message")
    values.update(changes)
    return Finding(**values)
