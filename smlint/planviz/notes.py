"""The lines of notes under a plan's chart: the waits' total, the timeout and the time it leaves
for provisioning, terraform's apply wait, the rollback alarms, what is unknown, the problems."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..plan import APPLY_WAIT
from .canvas import Canvas, clean, minutes, span
from .palette import APPLY, INK, TIMEOUT, WARN


def notes(c: Canvas, d: dict, terraform: bool) -> None:
    total, timeout = d["total_seconds"], d["timeout_seconds"]
    c.y += 4
    if total is not None:
        c.line_of_text(
            f"waits: {minutes(total)}: {d['estimate']}, before provisioning time",
            fill=INK,
            class_="note-total",
        )
    elif d["steps"]:
        c.line_of_text("waits: unknown", fill=WARN, class_="note-total")
    if d["steps"] or timeout is not None:
        c.line_of_text(
            _timeout_note(total, timeout),
            fill=TIMEOUT if _short(total, timeout) else INK,
            class_="note-timeout",
        )
    if terraform and total is not None and total > APPLY_WAIT:
        c.line_of_text(
            f"terraform apply: the AWS provider stops waiting after {APPLY_WAIT} s, {total - APPLY_WAIT} s before "
            "the waits end (SM602)",
            fill=APPLY,
            class_="note-apply",
        )
    alarms = d["alarms"]
    if alarms is None:
        c.line_of_text("rollback alarms: unknown", fill=WARN, class_="note-alarms")
    elif alarms:
        c.line_of_text("rollback alarms: " + ", ".join(alarms), fill=INK, class_="note-alarms")
    else:
        c.line_of_text(
            "rollback alarms: none, nothing can stop the deployment and roll it back",
            fill=WARN,
            class_="note-alarms",
        )
    for what in d["unknown"]:
        c.line_of_text(f"unknown: {what}", fill=WARN, class_="note-unknown")
    if d["problems"]:
        c.line_of_text(f"problems ({len(d['problems'])}; smlint check shows them in full):", fill=INK)
        for p in d["problems"]:
            node = c.line_of_text(
                f"{p['line']}:{p['column']}: {p['rule']} [{p['severity']}] {p['message']}",
                indent=12,
                fill=TIMEOUT if p["severity"] == "error" else WARN,
                class_="note-problem",
            )
            ET.SubElement(node, "title").text = clean(p["message"])


def _short(total, timeout) -> bool:
    return total is not None and timeout is not None and timeout <= total


def _timeout_note(total, timeout) -> str:
    name = "MaximumExecutionTimeoutInSeconds"
    if timeout is None:
        return f"timeout: {name} not set"
    if total is None:
        return f"timeout: {name} {span(timeout)}; the waits are unknown"
    spare = timeout - total
    if spare > 0:
        return f"timeout: {name} {span(timeout)}, {span(spare)} left for provisioning"
    if spare == 0:
        return f"timeout: {name} {span(timeout)}, exactly the waits: no time left for provisioning"
    return f"timeout: {name} {span(timeout)}, {span(-spare)} short of the waits: the deployment may time out and roll back"
