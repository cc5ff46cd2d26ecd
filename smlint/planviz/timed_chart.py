"""The chart of a plan whose steps' times are known: minutes across, traffic on the new fleet up.

A bar per step from its start, as wide as its bake (or the termination wait); a wait that is
unknown is drawn hatched, a placeholder share of the range wide; the headroom left for
provisioning (or the overrun) between the end of the waits and the timeout; the timeout and
terraform's apply wait as dashed lines. Only scaled here: every number is ``plan_data``'s.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ..plan import APPLY_WAIT, clock
from .canvas import CHAR, LEFT, PLOT_H, RIGHT, WIDTH, Canvas, clean, minutes, num, span
from .chart_frame import axis_title, legend, plot_frame
from .palette import APPLY, BAKE, GRID, HEADROOM, INK, MUTED, OVERRUN, TERMINATION, TIMEOUT, UNKNOWN, WARN

ABOVE = 54  # room above the plot: terraform's wait, the timeout, then the steps' shares
TICKS = (60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 14400, 21600, 43200, 86400)
MAX_TICKS = 10
MIN_RANGE = 300  # seconds: a plot shows at least 5 minutes
UNKNOWN_SHARE = 0.15  # a wait that is unknown is drawn this share of the range wide, hatched


def timed_chart(c: Canvas, group, d: dict, terraform: bool) -> None:
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
    axis_end = max(MIN_RANGE, -(-int(known_end * 1.02) // tick) * tick)
    top = c.y + ABOVE
    plot_w = WIDTH - LEFT - RIGHT

    def x(seconds) -> float:
        return LEFT + plot_w * seconds / axis_end

    def y(percent) -> float:
        return top + PLOT_H * (1 - percent / 100)

    chart = c.el("g", group, class_="chart timed")
    plot_frame(c, chart, top, plot_w)
    for pct in (25, 50, 75, 100):
        c.el("line", chart, x1=LEFT, x2=LEFT + plot_w, y1=y(pct), y2=y(pct), stroke=GRID, class_="ygrid")
    for pct in (0, 25, 50, 75, 100):
        c.text(LEFT - 6, y(pct) + 4, f"{pct}%", chart, size=11, text_anchor="end", fill=MUTED, class_="ytick")
    for at in range(0, axis_end + 1, tick):
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
    axis_title(
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
            _band(c, chart, x(total), x(timeout), top, HEADROOM, "0.18", "headroom")
            label = f"{minutes(timeout - total)} left for provisioning"
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
        _band(c, chart, x(timeout), x(total), top, OVERRUN, "0.22", "overrun")
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
    # the lines: terraform's wait, the timeout (a label right of its line unless near the end)
    lines = []
    if terraform and total is not None and total > APPLY_WAIT:
        lines.append(
            (APPLY_WAIT, f"terraform apply stops waiting ({minutes(APPLY_WAIT)})", APPLY, "apply-wait", 1)
        )
    if timeout is not None:
        lines.append((timeout, f"timeout {minutes(timeout)}", TIMEOUT, "timeout", 0))
    for at, label, color, cls, row in lines:
        _vline(c, chart, x(at), top, label, color, cls, row=row, right=x(at) > LEFT + plot_w * 0.6)
    c.y = top + PLOT_H + 40
    legend(c, chart, d, placeholder > 0)


def _band(c: Canvas, chart, start: float, end: float, top: float, fill: str, opacity: str, cls: str) -> None:
    """A tint over the plot's whole height between two times (the headroom, the overrun)."""
    c.el(
        "rect",
        chart,
        x=start,
        y=top,
        width=end - start,
        height=PLOT_H,
        fill=fill,
        fill_opacity=opacity,
        class_=cls,
    )


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
    ET.SubElement(bar, "title").text = clean(
        f"{step['description']}: at {clock(at)}, "
        f"{'?' if traffic is None else f'{traffic:g}%'} of the traffic on the new fleet, "
        f"then {'an unknown wait' if wait is None else span(wait)}"
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
    how_long = "?" if wait is None else minutes(wait)
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
            ET.SubElement(node, "tspan", x=num(middle), dy="13").text = word


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
