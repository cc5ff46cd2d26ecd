"""The options of ``aws sagemaker update-endpoint|create-endpoint``, as the AWS CLI takes them.

Which member each option gives and how its value is read (``OPTIONS``), the boolean flags
and their ``--no-`` forms, ``--cli-input-json|yaml``, the global options that take a value,
argparse's unique-prefix abbreviations, an unknown option close to a member's (read as that
member misspelt, for SM102), and where the operation word is in a command. What a command's
words make of a request is smlint.readers.aws_cli's.
"""

from __future__ import annotations

from ..model import CREATE_ENDPOINT, UPDATE_ENDPOINT

OPERATIONS = {"update-endpoint": UPDATE_ENDPOINT, "create-endpoint": CREATE_ENDPOINT}


# option -> (member, how its value is read)
STRING, STRUCTURE, LIST = "string", "structure", "list"


OPTIONS = {
    "--endpoint-name": ("EndpointName", STRING),
    "--endpoint-config-name": ("EndpointConfigName", STRING),
    "--deployment-config": ("DeploymentConfig", STRUCTURE),
    "--exclude-retained-variant-properties": ("ExcludeRetainedVariantProperties", LIST),
    "--tags": ("Tags", LIST),
}


# The CLI's boolean flags: one option sets the member true, its --no- form false.
FLAGS = {
    "--retain-all-variant-properties": ("RetainAllVariantProperties", True),
    "--no-retain-all-variant-properties": ("RetainAllVariantProperties", False),
    "--retain-deployment-config": ("RetainDeploymentConfig", True),
    "--no-retain-deployment-config": ("RetainDeploymentConfig", False),
}


INPUT_OPTIONS = {"--cli-input-json": "json", "--cli-input-yaml": "yaml"}


# A command that prints a skeleton sends nothing.
NOT_SENT = ("--generate-cli-skeleton",)


# The CLI's global options that take a value (everything else starting with -- is a switch).
GLOBAL_WITH_VALUE = frozenset(
    {
        "--region",
        "--profile",
        "--output",
        "--query",
        "--endpoint-url",
        "--color",
        "--ca-bundle",
        "--cli-read-timeout",
        "--cli-connect-timeout",
        "--cli-binary-format",
        "--cli-auto-prompt",
    }
)


KNOWN = (
    frozenset(OPTIONS) | frozenset(FLAGS) | frozenset(INPUT_OPTIONS) | frozenset(NOT_SENT) | GLOBAL_WITH_VALUE
)


COMMAND_OPTIONS = tuple(OPTIONS) + tuple(FLAGS) + tuple(INPUT_OPTIONS) + NOT_SENT


MEMBERS = tuple(dict.fromkeys(member for member, _ in list(OPTIONS.values()) + list(FLAGS.values())))


def abbreviated(option: str) -> str:
    """The option an abbreviation stands for: the CLI's argparse takes a unique prefix of an
    option as that option (``--endpoint-config`` is ``--endpoint-config-name``)."""
    if option in KNOWN or not option.startswith("--"):
        return option
    matches = [known for known in COMMAND_OPTIONS if known.startswith(option)]
    return matches[0] if len(matches) == 1 else option


def misspelt_key(option: str) -> str | None:
    """The key an unknown option stands for when it is close to a member's option
    (``--deployment-configs``: ``DeploymentConfigs``, which SM102 says is DeploymentConfig
    misspelt); None for any other option (a global option smlint does not list)."""
    from ..suggest import closest

    words = option[2:].split("-")
    if words[0] == "no":
        words = words[1:]
    key = "".join(w[:1].upper() + w[1:] for w in words if w)
    if any(known.startswith(option) for known in COMMAND_OPTIONS):
        return None  # an ambiguous abbreviation: the CLI says so
    return key if key and key not in MEMBERS and closest(key, MEMBERS, 0.85) else None


def operation(words) -> tuple | None:
    """(index of the operation word, request kind) for ``[global options] sagemaker
    [global options] update-endpoint|create-endpoint``."""
    service = None
    skip = False
    for i, (value, _) in enumerate(words):
        if skip:
            skip = False
            continue
        if value.unknown:
            return None
        word = value.text
        if word.startswith("--"):
            skip = word in GLOBAL_WITH_VALUE
            continue
        if service is None:
            if word != "sagemaker":
                return None
            service = i
            continue
        return (i, OPERATIONS[word]) if word in OPERATIONS else None
    return None
