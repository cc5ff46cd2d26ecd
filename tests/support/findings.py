"""A Finding for formatter tests: a canary finding unless told otherwise."""

from smlint.findings import Finding


def finding(**changes) -> Finding:
    values = dict(
        rule="SM204",
        name="canary-too-large",
        severity="error",
        message="m",
        path="a.json",
        line=3,
        column=5,
        end_line=3,
        end_column=15,
        field="DeploymentConfig",
    )
    values.update(changes)
    return Finding(**values)
