"""The SVG surface the plan picture is drawn on: its size and font, and the text on it.

``Canvas`` holds the SVG being drawn and the height reached so far; elements are added with
absolute coordinates. Text that XML cannot hold at all goes through ``clean``, the one place
input-derived text is made safe (ElementTree escapes markup).
"""

from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
WIDTH = 980
LEFT, RIGHT = 64, 36  # the plot's margins: y labels on the left
PLOT_H = 190
FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif"
LINE = 17  # a line of notes
CHAR = 0.6  # a character's width, in font sizes (DejaVu Sans is about 0.55-0.6)
WRAP = 3  # lines a note may take

# Characters XML 1.0 cannot hold, even escaped: shown as U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text) -> str:
    return _NOT_XML.sub("\ufffd", str(text))


def fit(text: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis to what fits ``width`` pixels at font ``size``."""
    most = max(4, int(width / (size * CHAR)))
    return text if len(text) <= most else text[: most - 1] + "…"


def minutes(seconds: int) -> str:
    """'25 min', '10 min 1 s', '45 s': exact, in the axis's unit."""
    whole, rest = divmod(seconds, 60)
    if not whole:
        return f"{rest} s"
    return f"{whole} min" + (f" {rest} s" if rest else "")


def span(seconds: int) -> str:
    """'1500 s (25 min)'."""
    return f"{seconds} s ({minutes(seconds)})"


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
        ET.SubElement(self.root, "title").text = clean(title)
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
        attrs = {k.rstrip("_").replace("_", "-"): num(v) for k, v in attrs.items() if v is not None}
        return ET.SubElement(self.group if parent is None else parent, tag, attrs)

    def text(self, x, y, content: str, parent=None, size=12, **attrs):
        node = self.el("text", parent, x=x, y=y, font_size=size, **attrs)
        node.text = clean(content)
        return node

    def line_of_text(self, content: str, size=12, indent=0, **attrs):
        """A line of notes at the current height, wrapped (at most WRAP lines, then cut); the
        height moves on."""
        width = WIDTH - LEFT - RIGHT - indent
        lines = textwrap.wrap(content, max(20, int(width / (size * CHAR))), break_on_hyphens=False) or [""]
        if len(lines) > WRAP:
            lines = lines[: WRAP - 1] + [fit(" ".join(lines[WRAP - 1 :]), size, width)]
        self.y += LINE if size <= 12 else size + 7
        node = self.text(LEFT + indent, self.y, lines[0], size=size, **attrs)
        for line in lines[1:]:
            self.y += LINE if size <= 12 else size + 4
            ET.SubElement(node, "tspan", x=num(LEFT + indent + 14), y=num(self.y)).text = clean(line)
        return node

    def finish(self) -> str:
        height = int(self.y + 16)
        self.root.set("height", str(height))
        self.root.set("viewBox", f"0 0 {WIDTH} {height}")
        ET.indent(self.root)
        return ET.tostring(self.root, encoding="unicode") + "\n"


def num(value) -> str:
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)
