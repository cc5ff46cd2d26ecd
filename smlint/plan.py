"""``smlint plan FILE``: each request's deployment as SageMaker would run it.

The steps, their times and the total come from ``checks.schedule.timeline``, the schedule
model SM208, SM209 and SM602 use, so the plan and the findings never disagree. Values that
failed a shape rule, or that cannot be known statically, are shown as unknown ("?"), never
guessed; the request's findings are listed under its plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .checks.schedule import DEFAULT_POLICY, Timeline, timeline
from .model import CREATE_ENDPOINT, Document, Unresolved
from .wording import field_name

BAR = 20  # characters of the traffic bar
APPLY_WAIT = 3600  # the Terraform AWS provider's wait for InService (SM602)


@dataclass
class Plan:
    doc: Document
    fleet: int | None
    timeline: Timeline | None
    alarms: list | None  # alarm names; None when unknown
    retained: bool = False  # RetainDeploymentConfig true without a DeploymentConfig
    problems: list = field(default_factory=list)  # the request's findings
    fleet_source: str = ""  # where N came from when an endpoint config gave it
    branch: tuple = ()  # the conditions this alternative of a branching request holds under
    cell: int | None = None  # a notebook's request: its cell (then line counts within the cell)
    line: int | None = None  # where the request starts, when it is not its source map's start


def _start(plan: Plan) -> tuple:
    start = plan.doc.source_map.start
    return plan.line or start.line, start.column


def _at(cell) -> str:
    """``cell 8:``: a notebook's lines count within the cell, as in ``smlint check``."""
    return f"cell {cell}:" if cell is not None else ""


def plan_document(
    doc: Document, fleet: int | None, lint=None, fleet_source: str = "", branch: tuple = ()
) -> Plan:
    """The plan of one request for a fleet of ``fleet`` instances (None: unknown). The one
    entry point: the CLI passes --instance-count; the endpoint-config context passes the N
    it found, and says where (``fleet_source``). ``lint``: Document -> findings, listed under
    the plan."""
    from .engine import checked_payload

    clean, _ = checked_payload(doc)
    config = clean.get("DeploymentConfig") if isinstance(clean, dict) else None
    problems = (
        sorted((f for f in lint(doc) if f.severity != "info"), key=lambda f: f.sort_key()) if lint else []
    )
    return Plan(
        doc,
        fleet,
        timeline(config, fleet) if config is not None else None,
        _alarms(config),
        retained=config is None and isinstance(clean, dict) and clean.get("RetainDeploymentConfig") is True,
        problems=problems,
        fleet_source=fleet_source if fleet else "",
        branch=tuple(branch),
    )


def _alarms(config) -> list | None:
    if not isinstance(config, dict):
        return []
    rollback = config.get("AutoRollbackConfiguration", {})
    if isinstance(rollback, Unresolved):
        return None
    alarms = rollback.get("Alarms", []) if isinstance(rollback, dict) else []
    if not isinstance(alarms, list):
        return None
    names = []
    for alarm in alarms:
        name = alarm.get("AlarmName") if isinstance(alarm, dict) else None
        names.append(name if isinstance(name, str) else "?")
    return names


# --- text -------------------------------------------------------------------------------------


def clock(seconds: int | None) -> str:
    if seconds is None:
        return "?"
    sign, seconds = ("-", -seconds) if seconds < 0 else ("", seconds)
    return f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def bar(traffic) -> str:
    if traffic is None:
        return "[" + "?" * BAR + "]"
    filled = round(BAR * traffic / 100)
    return "[" + "#" * filled + "." * (BAR - filled) + "]"


def _percent(traffic) -> str:
    if traffic is None:
        return "?"
    return f"{traffic:g}%"


def _instances(count, fleet) -> str:
    if count is None:
        return "?"
    return f"{count}/{fleet}" if fleet else str(count)


def _seconds(value) -> str:
    return "?" if value is None else f"{value} s"


POLICY_NAMES = {
    "ALL_AT_ONCE": "blue/green ALL_AT_ONCE",
    "CANARY": "blue/green CANARY",
    "LINEAR": "blue/green LINEAR",
    "ROLLING": "rolling",
}


def render_text(plans: list, display) -> str:
    """``display``: the file name at the start of a plan's first line. Every line is then
    escaped as text (smlint.formatters.escape): names, alarms and descriptions come from the
    file and must not start a line of their own."""
    from .formatters import escape

    out = []
    for plan in plans:
        out.extend(escape.prose(line) for line in _text(plan, display))
        out.append("")
    return "\n".join(out)


def _text(plan: Plan, display) -> list:
    doc, (line, column) = plan.doc, _start(plan)
    what = doc.origin or doc.kind
    fleet = (
        f"fleet of {plan.fleet} instance{'s' if plan.fleet != 1 else ''}"
        + (f" ({plan.fleet_source})" if plan.fleet_source else "")
        if plan.fleet
        else "fleet size unknown (--instance-count N)"
    )
    head = f"{display(doc.path)}:{_at(plan.cell)}{line}:{column}: {what}"
    if plan.branch:
        head += f" (when {' and '.join(plan.branch)})"
    tl = plan.timeline
    if tl is None:
        if plan.retained:
            lines = [
                head,
                "  no DeploymentConfig: RetainDeploymentConfig reuses the endpoint's last one (not in this file)",
            ]
        else:
            lines = [
                head,
                f"  no DeploymentConfig: SageMaker's default, blue/green {DEFAULT_POLICY} with no baking "
                "and no automatic rollback",
            ]
        return lines + _problems(plan)
    policy = POLICY_NAMES.get(tl.policy, "policy unknown")
    lines = [head, f"  {policy}, {fleet}"]
    if doc.kind == CREATE_ENDPOINT:
        lines.append(
            "  CreateEndpoint only stores this DeploymentConfig: it runs on the endpoint's next UpdateEndpoint"
        )
    if tl.steps:
        rows = [("at", "traffic on the new fleet", "", "instances", "wait", "step")]
        for step in tl.steps:
            rows.append(
                (
                    clock(step.at),
                    bar(step.traffic),
                    _percent(step.traffic),
                    _instances(step.instances, plan.fleet),
                    _seconds(step.wait),
                    step.what,
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(5)]
        for row in rows:
            cells = [row[0].rjust(widths[0]), row[1].ljust(widths[1]), row[2].rjust(widths[2])]
            cells += [row[3].rjust(widths[3]), row[4].rjust(widths[4]), row[5]]
            lines.append("  " + "  ".join(cells).rstrip())
    total = tl.waits.total if tl.waits else None
    if tl.waits:
        lines.append(f"  total: {clock(total)} of waits, {tl.waits.formula}, before provisioning time")
    else:
        lines.append("  total: unknown")
    lines.append("  " + _timeout_line(tl, total))
    if doc.target == "terraform" and total is not None and total > APPLY_WAIT:
        lines.append(
            f"  terraform apply: the AWS provider stops waiting after {APPLY_WAIT} s, {total - APPLY_WAIT} s "
            "before the estimated waits end, so it may time out (SM602)"
        )
    if plan.alarms is None:
        lines.append("  rollback alarms: unknown")
    elif plan.alarms:
        lines.append(f"  rollback alarms: {', '.join(plan.alarms)}")
    else:
        lines.append("  rollback alarms: none, nothing can stop the deployment and roll it back")
    if tl.unknown:
        lines.append(f"  unknown: {'; '.join(tl.unknown)}")
    return lines + _problems(plan)


def _timeout_line(tl: Timeline, total) -> str:
    name = "MaximumExecutionTimeoutInSeconds"
    if tl.timeout is None:
        return f"timeout: {name} not set"
    if total is None:
        return f"timeout: {name} {tl.timeout} s; the schedule is unknown"
    spare = tl.timeout - total
    if spare > 0:
        return f"timeout: {name} {tl.timeout} s, {spare} s left for provisioning"
    # as smlint check says it: certain at or below the waits it must take (SM208), else an
    # estimate (SM209)
    certain = tl.minimum is not None and tl.timeout <= tl.minimum.total
    outcome = (
        "the deployment times out and rolls back" if certain else "the deployment may time out and roll back"
    )
    if spare == 0:
        return f"timeout: {name} {tl.timeout} s, exactly the waits, no time left for provisioning: {outcome}"
    return f"timeout: {name} {tl.timeout} s, {-spare} s short of the waits: {outcome}"


def _problems(plan: Plan) -> list:
    if not plan.problems:
        return []
    lines = [f"  problems ({len(plan.problems)}; smlint check shows the messages):"]
    for f in plan.problems:
        lines.append(f"    {_at(f.cell)}{f.line}:{f.column}: {f.rule} [{f.severity}] {f.field or f.name}")
    return lines


# --- JSON -------------------------------------------------------------------------------------


def render_json(plans: list, display) -> str:
    from .formatters import escape

    return escape.json_text([_json(plan, display) for plan in plans], indent=2) + "\n"


def plan_data(plan: Plan, display) -> dict:
    """The plan as plain data: what ``--format json`` prints and the picture is drawn from."""
    return _json(plan, display)


def _json(plan: Plan, display) -> dict:
    doc, (line, column) = plan.doc, _start(plan)
    tl = plan.timeline
    total = tl.waits.total if tl and tl.waits else None
    return {
        "path": display(doc.path),
        **({"cell": plan.cell} if plan.cell is not None else {}),
        "line": line,
        "column": column,
        "origin": doc.origin,
        "kind": doc.kind,
        "branch": list(plan.branch) or None,
        "policy": (tl.policy or None) if tl else None,
        "fleet_size": plan.fleet,
        "fleet_source": plan.fleet_source or None,
        "steps": [
            {
                "at_seconds": s.at,
                "action": s.action,
                "traffic_percent": s.traffic,
                "instances": s.instances,
                "wait_seconds": s.wait,
                "description": s.what,
            }
            for s in (tl.steps if tl else ())
        ],
        "total_seconds": total,
        "estimate": tl.waits.formula if tl and tl.waits else None,
        "timeout_seconds": tl.timeout if tl else None,
        "timeout_field": field_name(("DeploymentConfig",) + tl.timeout_path)
        if tl and tl.timeout_path
        else None,
        "alarms": plan.alarms,
        "unknown": list(tl.unknown) if tl else [],
        "problems": [
            {
                "rule": f.rule,
                "severity": f.severity,
                **({"cell": f.cell} if f.cell is not None else {}),
                "line": f.line,
                "column": f.column,
                "field": f.field,
                "message": f.message,
                "help": f.help,
            }
            for f in plan.problems
        ],
    }


def plans_for_file(path: str, fleet: int | None, kind: str | None = None):
    """(plans, problem finding or None) for one file of any format smlint reads."""
    from . import sources
    from .runner import Linter, Options

    linter = Linter(Options(fleet_size=fleet, kind=kind))
    # (named as `smlint check` names it: no such file, a folder, a pipe, not ours)
    item = next(iter(sources.iter_sources([path], "sniff" if kind else None)), None)
    if isinstance(item, sources.Problem):
        return [], f"{path}: {item.message}" if item.skip else item
    if not isinstance(item, sources.SourceFile):  # (a folder is refused by the command line)
        return [], f"{path}: not a file"
    fmt = item.format
    data = sources.read_bytes(path)
    text = data if isinstance(data, sources.Problem) else sources.decode(path, data)
    if isinstance(text, sources.Problem):
        return [], text
    found = linter.extract(path, text, fmt)
    if found.problem is not None:
        problem = found.problem
        if found.locate:  # a notebook's syntax error: by cell, as `smlint check` says it
            cell, line = found.locate(problem.line)
            if cell is not None:
                return (
                    [],
                    f"{problem.path}:cell {cell}:{line}:{problem.column}: SM001 [error] {problem.message}",
                )
        return [], problem
    # N from the endpoint config the request names, when this file defines it
    from functools import partial

    from .endpoint_configs import Index, record
    from .engine import _new_count_applies

    index = Index(record(doc) for doc in found.configs)
    plans = []
    for unit in found.units:
        # every combination of branches (Fn::If, Python's if/else) that can happen
        doubted = dict(unit.undecided)
        branches = [
            (tuple(choices), doc) for i, (choices, doc) in enumerate(unit.variants) if i not in doubted
        ] or [((), unit.document)]
        for branch, doc in branches:
            config = index.find(doc.refers_to) if doc.refers_to else None
            from_config = (
                fleet is None
                and config is not None
                and config.fleet is not None
                and _new_count_applies(doc.payload)
            )
            n = config.fleet if from_config else fleet
            lint = partial(linter.lint_document, config=config)
            if found.relocate:  # a notebook: findings told by cell, as `smlint check` tells them
                lint = partial(_relocated, lint, found.relocate)
            plan = plan_document(doc, n, lint, config.describe() if from_config else "", branch)
            if found.locate:
                plan.cell, plan.line = found.locate(doc.source_map.start.line)
                plan.problems.sort(key=lambda f: f.sort_key())
            plans.append(plan)
    return plans, None


def _relocated(lint, relocate, doc) -> list:
    return relocate(lint(doc))


def run(paths, fmt: str, fleet: int | None, kind: str | None = None) -> tuple:
    """(output, exit code) of ``smlint plan`` on one file or several: 0 when each holds a
    plan, 1 when one holds no request or cannot be read (the SM001 finding is shown). JSON:
    one array of every file's plans, and ``{"path", "error"}`` for a file that gave none."""
    from .formatters import display_path, escape
    from .sources import Problem, tidy

    out, rows, code = [], [], 0
    drawn, problems = [], []  # for a picture: every file's plans, and what kept others from one
    for path in [paths] if isinstance(paths, str) else paths:
        path = tidy(path)
        plans, problem = plans_for_file(path, fleet, kind)
        if problem is None and not plans:
            problem = f"{escape.path(path)}: no UpdateEndpoint or CreateEndpoint request found"
        elif isinstance(problem, Problem):
            problem = (
                f"{escape.path(problem.path)}:{problem.line}:{problem.column}: SM001 [error] "
                f"{escape.text(problem.message)}"
            )
        elif problem is not None:
            problem = escape.text(problem)
        if problem is not None:
            code = 1
            out.append(problem + "\n")
            rows.append({"path": display_path(path), "error": problem})
            problems.append(problem)
        else:
            out.append(render_text(plans, escape.path))
            rows.extend(_json(plan, display_path) for plan in plans)
            drawn.extend(plans)
    if fmt in PICTURES:
        return _picture(fmt, drawn, problems), code
    if fmt == "json":
        return escape.json_text(rows, indent=2) + "\n", code
    return "".join(out), code


PICTURES = ("svg", "html")  # drawn by smlint.planviz


def _picture(fmt: str, plans: list, problems: list) -> str:
    from .formatters import display_path
    from .planviz import render_html, render_svg

    return (render_svg if fmt == "svg" else render_html)(plans, display_path, problems)
