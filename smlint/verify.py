"""``smlint rules --verify``: each rule's documented examples, run as the test suite runs
smlint's own. The bad example must give exactly one finding of its rule (at ``bad-line``
when the rule says), the good one none; both must parse. Built-in and user rules alike."""

from __future__ import annotations

EXTENSIONS = {"json": "json", "yaml": "yaml", "terraform": "tf"}


def problems(rules, config=None) -> list:
    """[(rule id, what is wrong)] in rule order; a rule without examples is not judged."""
    from .runner import Linter, Options

    linters: dict = {}
    found = []
    for rule in rules:
        ex = rule.examples
        if not ex:
            continue
        key = (ex.get("instance-count"), ex.get("kind"))
        if key not in linters:
            options = Options(select=("ALL",), fleet_size=key[0], kind=key[1], config=config)
            linters[key] = Linter(options, rules)
        linter = linters[key]
        for which in ("bad", "good"):
            path = f"{which}-example.{EXTENSIONS[ex['format']]}"
            findings = linter.check_text(path, ex[which], ex["format"]).findings
            broken = [f for f in findings if f.rule == "SM001" and rule.id != "SM001"]
            mine = [f.line for f in findings if f.rule == rule.id]
            if broken:
                found.append(
                    (
                        rule.id,
                        f"the {which} example does not parse: {broken[0].line}:{broken[0].column}: {broken[0].message}",
                    )
                )
            elif which == "good" and mine:
                found.append((rule.id, f"the good example fires it (line {', '.join(map(str, mine))})"))
            elif which == "bad" and not mine:
                found.append((rule.id, "the bad example does not fire it"))
            elif which == "bad" and len(mine) > 1:
                found.append(
                    (
                        rule.id,
                        f"the bad example fires it {len(mine)} times (lines {', '.join(map(str, mine))})",
                    )
                )
            elif which == "bad" and ex.get("bad-line") and mine != [ex["bad-line"]]:
                found.append(
                    (rule.id, f"the bad example fires it at line {mine[0]}, not at bad-line {ex['bad-line']}")
                )
    return found


def report(rules, config=None) -> tuple:
    """(text, exit code): one line per misbehaving rule, then a summary line."""
    bad = problems(rules, config)
    checked = sum(1 for r in rules if r.examples)
    untested = [r.id for r in rules if not r.examples]
    lines = [f"{rule_id}: {what}" for rule_id, what in bad]
    failing = len({rule_id for rule_id, _ in bad})
    summary = f"{checked - failing} of {checked} rules behave as their examples say"
    if untested:
        summary += f"; without examples: {', '.join(untested)}"
    lines.append(summary + ".")
    return "\n".join(lines) + "\n", 1 if bad else 0
