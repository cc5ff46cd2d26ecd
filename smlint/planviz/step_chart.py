"""The chart of a plan whose steps' times are unknown: the steps in order, equally wide, no time
axis, each as high as its share of the traffic (hatched when that is unknown too)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .canvas import LEFT, PLOT_H, RIGHT, WIDTH, Canvas, clean, fit
from .chart_frame import axis_title, legend, plot_frame
from .palette import BAKE, INK, MUTED, TERMINATION, UNKNOWN, WARN


def step_chart(c: Canvas, group, d: dict) -> None:
    """When the steps' times are unknown: the steps in order, equally wide, no time axis."""
    steps = d["steps"]
    top = c.y + 26
    plot_w = WIDTH - LEFT - RIGHT
    width = plot_w / len(steps)
    chart = c.el("g", group, class_="chart untimed")
    plot_frame(c, chart, top, plot_w)
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
        ET.SubElement(bar, "title").text = clean(step["description"])
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
            fit(step["description"], 11, width - 6),
            chart,
            size=11,
            text_anchor="middle",
            fill=MUTED,
            class_="step-name",
        )
    axis_title(c, chart, plot_w, top, "steps in order: their times are unknown (see below)", WARN)
    c.y = top + PLOT_H + 40
    legend(c, chart, d, False)
