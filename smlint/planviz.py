"""``smlint plan --format svg|html``: each plan drawn as a person would sketch it.

One panel per request (and per alternative of a branching request): minutes across, the
share of traffic on the new fleet up; a bar per step, as wide as its bake; the termination
wait; the timeout as a red line; the time left for provisioning (or the overrun) between the
end of the waits and the timeout; what is unknown hatched and listed; the rollback alarms.

Every number comes from ``plan.plan_data``, the data ``--format json`` prints: nothing of the
schedule is worked out here, only scaled. The SVG is built with ElementTree (it escapes
markup); text XML cannot hold at all goes through ``_clean``, the one place input-derived
text is made safe. No script: the HTML page is the same SVG inline, with a title.
"""

from __future__ import annotations

import html
import re
import textwrap
import xml.etree.ElementTree as ET

from .plan import APPLY_WAIT, POLICY_NAMES, clock, plan_data

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH = 980
LEFT, RIGHT = 64, 36  # the plot's margins: y labels on the left
PLOT_H = 190
ABOVE = 54  # room above the plot: terraform's wait, the timeout, then the steps' shares
FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"
LINE = 17  # a line of notes
CHAR = 0.6  # a character's width, in font sizes (DejaVu Sans is about 0.55-0.6)
TICKS = (60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400)
MAX_TICKS = 10
WRAP = 3  # lines a note may take
MIN_RANGE = 300  # seconds: a plot shows at least 5 minutes
UNKNOWN_SHARE = 0.15  # a wait that is unknown is drawn this share of the range wide, hatched

BAKE, TERMINATION, UNKNOWN = "#4c78a8", "#9ab6d3", "url(#unknown-hatch)"
TIMEOUT, HEADROOM, OVERRUN, APPLY = "#d62728", "#54a24b", "#d62728", "#8e44ad"
INK, MUTED, GRID, WARN = "#222222", "#555555", "#dddddd", "#b35900"

# Characters XML 1.0 cannot hold, even escaped: shown as U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text) -> str:
    return _NOT_XML.sub("\ufffd", str(text))


def _axis_title(c, chart, plot_w: float, top: float, title: str, fill: str = MUTED) -> None:
    """The title under a chart's time axis."""
    c.text(
        LEFT + plot_w / 2,
        top + PLOT_H + 34,
        title,
        chart,
        size=11,
        text_anchor="middle",
        fill=fill,
        class_="xtitle",
    )


def _fit(text: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis to what fits ``width`` pixels at font ``size``."""
    most = max(4, int(width / (size * CHAR)))
    return text if len(text) <= most else text[: most - 1] + "…"


def _minutes(seconds: int) -> str:
    """'25 min', '10 min 1 s', '45 s': exact, in the axis's unit."""
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min" + (f" {rest} s" if rest else "")


def _span(seconds: int) -> str:
    """'1500 s (25 min)'."""
    return f"{seconds} s ({_minutes(seconds)})"


class Canvas:
    """The SVG being drawn: elements are added with absolute coordinates."""

    def __init__(self, title: str):
        self.root = ET.Element(
            "svg",
            xmlns=SVG_NS,
            width=str(WIDTH),
            role="img",
            **{"font-family": FONT, "font-size": "12"},
        )
        ET.SubElement(self.root, "title").text = _clean(title)
        defs = ET.SubElement(self.root, "defs")
        hatch = ET.SubElement(
            defs,
            "pattern",
            id="unknown-hatch",
            width="8",
            height="8",
            patternUnits="userSpaceOnUse",
            patternTransform="rotate(45)",
        )
        ET.SubElement(hatch, "rect", width="8", height="8", fill="#f1f1f1")
        ET.SubElement(
            hatch, "line", x1="0", y1="0", x2="0", y2="8", stroke="#9a9a9a", **{"stroke-width": "3"}
        )
        ET.SubElement(self.root, "rect", width="100%", height="100%", fill="#ffffff")
        self.y = 16.0
        self.group = self.root  # where elements go unless told

    def el(self, tag: str, parent=None, **attrs):
        attrs = {k.rstrip("_").replace("_", "-"): _num(v) for k, v in attrs.items() if v is not None}
        return ET.SubElement(self.group if parent is None else parent, tag, attrs)

    def text(self, x, y, content: str, parent=None, size=12, **attrs):
        node = self.el("text", parent, x=x, y=y, font_size=size, **attrs)
        node.text = _clean(content)
        return node

    def line_of_text(self, content: str, size=12, indent=0, **attrs):
        """A line of notes at the current height, wrapped (at most WRAP lines, then cut); the
        height moves on."""
        width = WIDTH - LEFT - RIGHT - indent
        lines = textwrap.wrap(content, max(20, int(width / (size * CHAR))), break_on_hyphens=False) or [""]
        if len(lines) > WRAP:
            lines = lines[: WRAP - 1] + [_fit(" ".join(lines[WRAP - 1 :]), size, width)]
        self.y += LINE if size <= 12 else size + 7
        node = self.text(LEFT + indent, self.y, lines[0], size=size, **attrs)
        for line in lines[1:]:
            self.y += LINE if size <= 12 else size + 4
            ET.SubElement(node, "tspan", x=_num(LEFT + indent + 14), y=_num(self.y)).text = _clean(line)
        return node

    def finish(self) -> str:
        height = int(self.y + 16)
        self.root.set("height", str(height))
        self.root.set("viewBox", f"0 0 {WIDTH} {height}")
        ET.indent(self.root)
        return ET.tostring(self.root, encoding="unicode") + "\n"


def _num(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


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
        _timed_chart(c, group, d, plan.doc.target == "terraform")
    else:
        _step_chart(c, group, d)
    _notes(c, d, plan.doc.target == "terraform")
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


def _timed_chart(c: Canvas, group, d: dict, terraform: bool) -> None:
    """Minutes across: each step a bar from its start, as wide as its wait."""
    steps, total, timeout = d["steps"], d["total_seconds"], d["timeout_seconds"]
    ends = [s["at_seconds"] + (s["wait_seconds"] or 0) for s in steps]
    known_end = max(ends + [timeout or 0, APPLY_WAIT if terraform and total and total > APPLY_WAIT else 0])
    placeholder = 0
    if any(s["wait_seconds"] is None for s in steps):
        placeholder = max(60, round(UNKNOWN_SHARE * max(known_end, MIN_RANGE)))
        known_end = max(
            known_end,
            max(e + placeholder for e, s in zip(ends, steps, strict=True) if s["wait_seconds"] is None),
        )
    tick = next((t for t in TICKS if known_end * 1.02 / t <= MAX_TICKS), TICKS[-1])
    span = max(MIN_RANGE, -(-int(known_end * 1.02) // tick) * tick)
    top = c.y + ABOVE
    plot_w = WIDTH - LEFT - RIGHT

    def x(seconds) -> float:
        return LEFT + plot_w * seconds / span

    def y(percent) -> float:
        return top + PLOT_H * (1 - percent / 100)

    chart = c.el("g", group, class_="chart timed")
    c.el(
        "rect",
        chart,
        x=LEFT,
        y=top,
        width=plot_w,
        height=PLOT_H,
        fill="#fafafa",
        stroke="#bbbbbb",
        class_="plot",
    )
    for pct in (25, 50, 75, 100):
        c.el("line", chart, x1=LEFT, x2=LEFT + plot_w, y1=y(pct), y2=y(pct), stroke=GRID, class_="ygrid")
    for pct in (0, 25, 50, 75, 100):
        c.text(LEFT - 6, y(pct) + 4, f"{pct}%", chart, size=11, text_anchor="end", fill=MUTED, class_="ytick")
    for at in range(0, span + 1, tick):
        c.el("line", chart, x1=x(at), x2=x(at), y1=top + PLOT_H, y2=top + PLOT_H + 5, stroke="#888888")
        c.text(
            x(at),
            top + PLOT_H + 18,
            f"{at // 60:g}",
            chart,
            size=11,
            text_anchor="middle",
            fill=MUTED,
            class_="xtick",
        )
    _axis_title(
        c,
        chart,
        plot_w,
        top,
        "minutes after the new fleet is provisioned (provisioning itself takes a time smlint cannot know)",
    )
    c.text(
        16,
        top + PLOT_H / 2,
        "traffic on the new fleet",
        chart,
        size=11,
        text_anchor="middle",
        fill=MUTED,
        transform=f"rotate(-90 16 {top + PLOT_H / 2:.1f})",
    )

    # headroom or overrun, behind the bars
    if total is not None and timeout is not None:
        if timeout > total:
            c.el(
                "rect",
                chart,
                x=x(total),
                y=top,
                width=x(timeout) - x(total),
                height=PLOT_H,
                fill=HEADROOM,
                fill_opacity="0.18",
                class_="headroom",
            )
            label = f"{_minutes(timeout - total)} left for provisioning"
            if x(timeout) - x(total) >= len(label) * 11 * CHAR + 8:
                c.text(
                    (x(total) + x(timeout)) / 2,
                    top + PLOT_H / 2,
                    label,
                    chart,
                    size=11,
                    text_anchor="middle",
                    fill="#2d6a27",
                    class_="headroom-label",
                )
    # the bars
    for step in steps:
        _bar(c, chart, step, x, placeholder, top)
    for step, after in zip(steps, [*steps[1:], None], strict=True):
        _bar_labels(c, chart, step, after, x, placeholder, top, d["fleet_size"])
    if total is not None and timeout is not None and timeout < total:  # over the bars: a red tint
        c.el(
            "rect",
            chart,
            x=x(timeout),
            y=top,
            width=x(total) - x(timeout),
            height=PLOT_H,
            fill=OVERRUN,
            fill_opacity="0.22",
            class_="overrun",
        )
    # the traffic on the new fleet, as a line, where every share is known
    if all(s["traffic_percent"] is not None for s in steps):
        points = [(x(0), y(0))]
        for step in steps:
            points += [
                (x(step["at_seconds"]), points[-1][1]),
                (x(step["at_seconds"]), y(step["traffic_percent"])),
            ]
        points.append((x(ends[-1]), points[-1][1]))
        path = "M " + " L ".join(f"{px:.2f} {py:.2f}" for px, py in points)
        c.el("path", chart, d=path, fill="none", stroke="#1f3b5c", stroke_width="2", class_="traffic")
    # the lines: terraform's wait, the timeout
    if terraform and total is not None and total > APPLY_WAIT:
        _vline(
            c,
            chart,
            x(APPLY_WAIT),
            top,
            f"terraform apply stops waiting ({_minutes(APPLY_WAIT)})",
            APPLY,
            "apply-wait",
            row=1,
            right=x(APPLY_WAIT) > LEFT + plot_w * 0.6,
        )
    if timeout is not None:
        _vline(
            c,
            chart,
            x(timeout),
            top,
            f"timeout {_minutes(timeout)}",
            TIMEOUT,
            "timeout",
            row=0,
            right=x(timeout) > LEFT + plot_w * 0.6,
        )
    c.y = top + PLOT_H + 40
    _legend(c, chart, d, placeholder > 0)


def _share(step: dict, fleet) -> str:
    """'16.7% (1/6)': the traffic on the new fleet, and its instances when known."""
    traffic, instances = step["traffic_percent"], step["instances"]
    share = "?" if traffic is None else f"{traffic:g}%"
    if instances is not None:
        share += (
            f" ({instances}/{fleet})" if fleet else f" ({instances} instance{'s' if instances != 1 else ''})"
        )
    return share


def _bar(c: Canvas, chart, step: dict, x, placeholder: int, top: float) -> None:
    at, wait, traffic = step["at_seconds"], step["wait_seconds"], step["traffic_percent"]
    terminate = step["action"] == "terminate"
    width = x(at + (placeholder if wait is None else wait)) - x(at)
    height = PLOT_H if traffic is None else PLOT_H * traffic / 100
    kind = "termination" if terminate else "bake"
    classes = ["step", kind] + (["unknown-traffic"] if traffic is None else [])
    classes += ["unknown-wait"] if wait is None else []
    fill = UNKNOWN if traffic is None or wait is None else (TERMINATION if terminate else BAKE)
    bar = c.el(
        "rect",
        chart,
        x=x(at),
        y=top + PLOT_H - height,
        width=width,
        height=height,
        fill=fill,
        stroke="#ffffff" if fill != UNKNOWN else "#777777",
        stroke_width="1",
        class_=" ".join(classes),
    )
    ET.SubElement(bar, "title").text = _clean(
        f"{step['description']}: at {clock(at)}, "
        f"{'?' if traffic is None else f'{traffic:g}%'} of the traffic on the new fleet, "
        f"then {'an unknown wait' if wait is None else _span(wait)}"
    )
    if wait == 0 and not terminate:  # a step that does not bake: a mark where it is
        c.el(
            "line",
            chart,
            x1=x(at),
            x2=x(at),
            y1=top + PLOT_H - height,
            y2=top + PLOT_H,
            stroke=WARN,
            stroke_width="3",
            class_="instant",
        )


def _bar_labels(c: Canvas, chart, step: dict, after, x, placeholder: int, top: float, fleet) -> None:
    """The share above a bar, its wait inside: drawn after every bar, so that none hides one.
    ``after``: the next step, whose bar the share must not run into."""
    at, wait, traffic = step["at_seconds"], step["wait_seconds"], step["traffic_percent"]
    terminate = step["action"] == "terminate"
    width = x(at + (placeholder if wait is None else wait)) - x(at)
    height = PLOT_H if traffic is None else PLOT_H * traffic / 100
    if not terminate:
        room = (x(after["at_seconds"]) if after else WIDTH - RIGHT) - x(at) - 4
        share = _share(step, fleet)
        if len(share) * 11 * CHAR > room:  # the next step's label would run into it
            share = "?" if traffic is None else f"{traffic:g}%"
        c.text(x(at) + 3, top + PLOT_H - height - 5, share, chart, size=11, fill=INK, class_="share")
    if wait == 0:
        if not terminate:
            c.text(x(at) + 5, top + PLOT_H - 8, "no bake", chart, size=11, fill=WARN, class_="duration")
        return
    what = "old fleet kept" if terminate else "bake"
    how_long = "?" if wait is None else _minutes(wait)
    fill_is_dark = traffic is not None and wait is not None and not terminate
    color = "#ffffff" if fill_is_dark else INK
    middle = x(at) + width / 2
    if width >= len(f"{what} {how_long}") * 11 * CHAR + 6 and height >= 18:
        c.text(
            middle,
            top + PLOT_H - 8,
            f"{what} {how_long}",
            chart,
            size=11,
            text_anchor="middle",
            fill=color,
            class_="duration",
        )
    elif width >= max(len(w) for w in (*what.split(), how_long)) * 11 * CHAR + 4 and height >= 48:
        words = what.split() + [how_long]  # one word a line, bottom up
        node = c.text(
            middle,
            top + PLOT_H - 8 - 13 * (len(words) - 1),
            words[0],
            chart,
            size=11,
            text_anchor="middle",
            fill=color,
            class_="duration",
        )
        for word in words[1:]:
            ET.SubElement(node, "tspan", x=_num(middle), dy="13").text = word


def _vline(c: Canvas, chart, at: float, top: float, label: str, color: str, cls: str, row: int, right: bool):
    """A dashed vertical line with its label above the plot, ``row`` lines higher."""
    c.el(
        "line",
        chart,
        x1=at,
        x2=at,
        y1=top - 32 - 14 * row,
        y2=top + PLOT_H,
        stroke=color,
        stroke_width="2",
        stroke_dasharray="6 4",
        class_=cls,
    )
    c.text(
        at - 4 if right else at + 4,
        top - 22 - 14 * row,
        label,
        chart,
        size=11,
        fill=color,
        font_weight="bold",
        text_anchor="end" if right else "start",
        class_=cls + "-label",
    )


def _step_chart(c: Canvas, group, d: dict) -> None:
    """When the steps' times are unknown: the steps in order, equally wide, no time axis."""
    steps = d["steps"]
    top = c.y + 26
    plot_w = WIDTH - LEFT - RIGHT
    width = plot_w / len(steps)
    chart = c.el("g", group, class_="chart untimed")
    c.el(
        "rect",
        chart,
        x=LEFT,
        y=top,
        width=plot_w,
        height=PLOT_H,
        fill="#fafafa",
        stroke="#bbbbbb",
        class_="plot",
    )
    for pct in (0, 50, 100):
        c.text(
            LEFT - 6,
            top + PLOT_H * (1 - pct / 100) + 4,
            f"{pct}%",
            chart,
            size=11,
            text_anchor="end",
            fill=MUTED,
            class_="ytick",
        )
    for i, step in enumerate(steps):
        traffic = step["traffic_percent"]
        height = PLOT_H if traffic is None else PLOT_H * traffic / 100
        terminate = step["action"] == "terminate"
        fill = UNKNOWN if traffic is None else (TERMINATION if terminate else BAKE)
        bar = c.el(
            "rect",
            chart,
            x=LEFT + i * width + 2,
            y=top + PLOT_H - height,
            width=width - 4,
            height=height,
            fill=fill,
            fill_opacity="0.55",
            stroke="#777777",
            stroke_dasharray="4 3",
            class_="step " + ("termination" if terminate else "bake"),
        )
        ET.SubElement(bar, "title").text = _clean(step["description"])
        share = "?" if traffic is None else f"{traffic:g}%"
        c.text(
            LEFT + i * width + 6,
            top + PLOT_H - height - 5 if traffic is not None else top - 5,
            share,
            chart,
            size=11,
            fill=INK,
            class_="share",
        )
        c.text(
            LEFT + (i + 0.5) * width,
            top + PLOT_H + 16,
            _fit(step["description"], 11, width - 6),
            chart,
            size=11,
            text_anchor="middle",
            fill=MUTED,
            class_="step-name",
        )
    _axis_title(c, chart, plot_w, top, "steps in order: their times are unknown (see below)", WARN)
    c.y = top + PLOT_H + 40
    _legend(c, chart, d, False)


def _legend(c: Canvas, chart, d: dict, unknown: bool) -> None:
    steps = d["steps"]
    items = []
    if any(s["action"] != "terminate" for s in steps):
        items.append(("rect", BAKE, "traffic shifted, then a bake"))
    if any(s["action"] == "terminate" and s["wait_seconds"] != 0 for s in steps):
        items.append(("rect", TERMINATION, "termination wait (old fleet kept)"))
    if unknown or any(s["traffic_percent"] is None for s in steps):
        items.append(("rect", UNKNOWN, "unknown"))
    if any(s["wait_seconds"] == 0 and s["action"] != "terminate" for s in steps):
        items.append(("line", WARN, "no bake"))
    total, timeout = d["total_seconds"], d["timeout_seconds"]
    if timeout is not None and total is not None and timeout != total:
        items.append(
            (
                "rect",
                HEADROOM if timeout > total else OVERRUN,
                "left for provisioning" if timeout > total else "waits past the timeout",
            )
        )
    if timeout is not None:
        items.append(("dash", TIMEOUT, "timeout"))
    legend = c.el("g", chart, class_="legend")
    c.y += 14
    at = LEFT
    for shape, color, label in items:
        if at + 24 + len(label) * 11 * CHAR > WIDTH - RIGHT:  # on to a second row
            at, c.y = LEFT, c.y + LINE
        if shape == "rect":
            opacity = "0.35" if color in (HEADROOM, OVERRUN) else None
            c.el(
                "rect",
                legend,
                x=at,
                y=c.y - 10,
                width=18,
                height=12,
                fill=color,
                fill_opacity=opacity,
                stroke="#888888",
            )
        else:
            c.el(
                "line",
                legend,
                x1=at + 9 if shape == "line" else at,
                x2=at + 9 if shape == "line" else at + 18,
                y1=c.y - 11 if shape == "line" else c.y - 4,
                y2=c.y + 2 if shape == "line" else c.y - 4,
                stroke=color,
                stroke_width="3" if shape == "line" else "2",
                stroke_dasharray="6 4" if shape == "dash" else None,
            )
        c.text(at + 24, c.y, label, legend, size=11, fill=INK)
        at += 24 + len(label) * 11 * CHAR + 18


def _notes(c: Canvas, d: dict, terraform: bool) -> None:
    total, timeout = d["total_seconds"], d["timeout_seconds"]
    c.y += 4
    if total is not None:
        c.line_of_text(
            f"waits: {_minutes(total)}: {d['estimate']}, before provisioning time",
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
            ET.SubElement(node, "title").text = _clean(p["message"])


def _short(total, timeout) -> bool:
    return total is not None and timeout is not None and timeout <= total


def _timeout_note(total, timeout) -> str:
    name = "MaximumExecutionTimeoutInSeconds"
    if timeout is None:
        return f"timeout: {name} not set"
    if total is None:
        return f"timeout: {name} {_span(timeout)}; the waits are unknown"
    spare = timeout - total
    if spare > 0:
        return f"timeout: {name} {_span(timeout)}, {_span(spare)} left for provisioning"
    if spare == 0:
        return f"timeout: {name} {_span(timeout)}, exactly the waits: no time left for provisioning"
    return f"timeout: {name} {_span(timeout)}, {_span(-spare)} short of the waits: the deployment may time out and roll back"


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
    title = html.escape(_clean("smlint plan: " + (", ".join(paths) or "no plan")))
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
