"""JUnit XML, the report format CI systems (Jenkins, GitLab, Azure Pipelines, CircleCI)
show as test results: one test case per finding, failed when the finding is at or above
``--fail-on`` (what makes the exit code 1), else skipped with its message; a clean run is
one passing test case."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from . import escape, located_message

SHOWS_FAILING = True  # render() takes the findings at or above --fail-on


def render(report, rules=None, failing=None) -> str:
    """``failing``: the findings at or above their config's --fail-on (default: the errors)."""
    findings = report.findings
    fails = failing.__contains__ if failing is not None else (lambda f: f.at_least("error"))
    failures = sum(1 for f in findings if fails(f))
    skipped = len(findings) - failures
    tests = str(len(findings) or 1)
    root = ET.Element("testsuites", name="smlint", tests=tests, failures=str(failures))
    suite = ET.SubElement(
        root,
        "testsuite",
        name="smlint",
        tests=tests,
        failures=str(failures),
        errors="0",
        skipped=str(skipped),
    )
    for f in findings:
        path = escape.xml(f.path)
        case = ET.SubElement(
            suite, "testcase", classname=path, name=escape.xml(f"{f.rule} {f.name} at {f.line}:{f.column}")
        )
        message = escape.xml(located_message(f))
        help = f"help: {escape.xml(f.help)}" if f.help else ""
        if not fails(f):
            skipped = ET.SubElement(case, "skipped", message=message)
            if help:
                skipped.text = help
        else:
            failure = ET.SubElement(case, "failure", type=f.rule, message=message)
            failure.text = (
                f"{escape.path(f.path)}:{f.line}:{f.column}: {escape.xml(f.rule)} [{f.severity}] {message}"
                + (f"\n  {help}" if help else "")
            )
    if not findings:
        ET.SubElement(suite, "testcase", classname="smlint", name="no findings")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
