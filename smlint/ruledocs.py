"""Rule documentation as people read it: ``smlint rule ID`` and ``smlint rules``."""

from __future__ import annotations

import textwrap


def rule_text(rule) -> str:
    docs = rule.docs
    out = [f"{rule.id} {rule.name} [{rule.severity}]", "", rule.summary, ""]
    for title, key in (("What it does", "what"), ("Why it matters", "why")):
        out += [f"## {title}", "", _para(docs[key]), ""]
    examples = rule.examples
    if examples:
        for title, key in (("Bad example", "bad"), ("Good example", "good")):
            out += [f"## {title}", ""]
            out += ["    " + line for line in examples[key].rstrip("\n").splitlines()]
            out.append("")
        if examples.get("instance-count"):
            out += [f"(examples linted with --instance-count {examples['instance-count']})", ""]
    out += ["## How to fix", "", _para(docs["fix"]), "", f"Fix: {_autofix(docs)}"]
    if docs.get("references"):  # (optional in a team's own rules)
        out += ["", "## References", ""]
        out += [f"- {ref['title']}: {ref['url']}" for ref in docs["references"]]
    return "\n".join(out) + "\n"


_AUTOFIX = {
    "safe": "safe (`smlint check --fix` applies it)",
    "unsafe": "unsafe (it changes the deployment: `smlint check --fix --unsafe-fixes` applies it)",
    "none": "none (the fix is the author's decision)",
}


def _autofix(docs) -> str:
    return _AUTOFIX[docs.get("autofix", "none")]


def _para(text: str) -> str:
    return "\n\n".join(
        textwrap.fill(" ".join(p.split()), 88, break_on_hyphens=False, break_long_words=False)
        for p in text.strip().split("\n\n")
    )


def rules_table(rules, fmt: str = "text") -> str:
    if fmt == "md":
        lines = ["| id | name | severity | default | summary |", "|---|---|---|---|---|"]
        for r in rules:
            lines.append(f"| {r.id} | {r.name} | {r.severity} | {_default(r)} | {r.summary} |")
        return "\n".join(lines) + "\n"
    width = max(len(r.name) for r in rules)
    lines = [f"{r.id}  {r.name:<{width}}  {r.severity:<7}  {_default(r):<3}  {r.summary}" for r in rules]
    off = [r.id for r in rules if _default(r) == "off"]
    if off:
        lines += ["", f"off: not run unless selected (--extend-select {off[0]}, --select ALL)"]
    return "\n".join(lines) + "\n"


def _default(rule) -> str:
    """The rule's default: off for those that run only when selected (info: RuleSet.select)."""
    return "off" if rule.severity == "info" else "on"
