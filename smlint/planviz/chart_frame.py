"""What both plan charts share: the plot's box, the title under its axis, and the legend that
names only the marks the chart holds."""

from __future__ import annotations

from .canvas import CHAR, LEFT, LINE, PLOT_H, RIGHT, WIDTH, Canvas
from .palette import BAKE, HEADROOM, INK, MUTED, OVERRUN, TERMINATION, TIMEOUT, UNKNOWN, WARN


def plot_frame(c: Canvas, chart, top: float, plot_w: float) -> None:
    """The plot's box, behind everything drawn in it."""
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


def axis_title(c, chart, plot_w: float, top: float, title: str, fill: str = MUTED) -> None:
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


def legend(c: Canvas, chart, d: dict, unknown: bool) -> None:
    """The key under a chart: only the marks it holds, wrapped into rows."""
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
