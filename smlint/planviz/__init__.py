"""``smlint plan --format svg|html``: each plan drawn as a person would sketch it.

One panel per request (and per alternative of a branching request): minutes across, the
share of traffic on the new fleet up; a bar per step, as wide as its bake; the termination
wait; the timeout as a red line; the time left for provisioning (or the overrun) between the
end of the waits and the timeout; what is unknown hatched and listed; the rollback alarms.

Every number comes from ``plan.plan_data``, the data ``--format json`` prints: nothing of the
schedule is worked out here, only scaled. The SVG is built with ElementTree (it escapes
markup); text XML cannot hold at all goes through ``canvas.clean``, the one place
input-derived text is made safe. No script: the HTML page is the same SVG inline, with a title.

This module lays out the page: the panels, each a heading, a chart (``timed_chart`` when the
steps' times are known, ``step_chart`` when not) and its ``notes``, drawn on a ``canvas``.
"""

from __future__ import annotations

import html

from ..plan import POLICY_NAMES, plan_data
from .canvas import FONT, WIDTH, Canvas, clean
from .notes import notes
from .palette import GRID, INK, MUTED, TIMEOUT, WARN
from .step_chart import step_chart
from .timed_chart import timed_chart

# --- one panel --------------------------------------------------------------------------------


def _panel(c: Canvas, plan, display) -> None:
    d = plan_data(plan, display)
    group = c.group = c.el("g", c.root, class_="panel")
    origin = d["origin"] or d["kind"]
    c.line_of_text(f"{d['path']}:{d['line']}:{d['column']}: {origin}", size=15, font_weight="bold", fill=INK)
    if d["branch"]:
        c.line_of_text("when " + " and ".join(d["branch"]), fill=WARN, font_style="italic", class_="branch")
    c.line_of_text(_subtitle(d), fill=MUTED)
    if d["kind"] == "create-endpoint":
        c.line_of_text(
            "CreateEndpoint only stores this DeploymentConfig: it runs on the next UpdateEndpoint", fill=MUTED
        )
    steps = d["steps"]
    if not steps:
        c.line_of_text(_no_schedule(plan, d), fill=INK)
    elif all(s["at_seconds"] is not None for s in steps):
        timed_chart(c, group, d, plan.doc.target == "terraform")
    else:
        step_chart(c, group, d)
    notes(c, d, plan.doc.target == "terraform")
    c.y += 14
    c.el("line", x1=16, x2=WIDTH - 16, y1=c.y, y2=c.y, stroke=GRID, class_="separator")
    c.y += 8
    c.group = c.root


def _subtitle(d: dict) -> str:
    policy = POLICY_NAMES.get(d["policy"], "policy unknown") if d["policy"] else "policy unknown"
    if not d["steps"] and not d["policy"]:
        policy = "no update policy"
    if d["fleet_size"]:
        n = d["fleet_size"]
        fleet = f"fleet of {n} instance{'s' if n != 1 else ''}"
        fleet += f" ({d['fleet_source']})" if d["fleet_source"] else ""
    else:
        fleet = "fleet size unknown (--instance-count N)"
    return f"{policy} · {fleet}"


def _no_schedule(plan, d: dict) -> str:
    if plan.timeline is None:
        if plan.retained:
            return "no DeploymentConfig: RetainDeploymentConfig reuses the endpoint's last one (not in this file)"
        return "no DeploymentConfig: SageMaker's default, blue/green ALL_AT_ONCE with no baking and no automatic rollback"
    return "no steps to draw: " + ("; ".join(d["unknown"]) or "the policy is unknown")


# --- documents --------------------------------------------------------------------------------


def render_svg(plans: list, display, problems=()) -> str:
    """One SVG: a panel per plan, after the problems that kept files from being planned."""
    paths = sorted({display(p.doc.path) for p in plans})
    c = Canvas("smlint plan: " + (", ".join(paths) or "no plan"))
    for problem in [problems] if isinstance(problems, str) else problems:
        c.line_of_text(problem, size=13, fill=TIMEOUT, class_="problem")
    for plan in plans:
        _panel(c, plan, display)
    return c.finish()


def render_html(plans: list, display, problems=()) -> str:
    """A self-contained page: the SVG inline, no script, no outside resources."""
    paths = sorted({display(p.doc.path) for p in plans})
    title = html.escape(clean("smlint plan: " + (", ".join(paths) or "no plan")))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        "<style>body{margin:16px;background:#fff;color:#222;font-family:"
        f"{FONT}"
        "}h1{font-size:18px;font-weight:normal}svg{max-width:100%;height:auto}</style>\n"
        "</head>\n<body>\n"
        f"<h1>{title}</h1>\n"
        f"{render_svg(plans, display, problems)}"
        "</body>\n</html>\n"
    )
