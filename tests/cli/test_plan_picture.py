"""``smlint plan --format svg|html``: the SVG parses, and its geometry is the plan's JSON
scaled (step times to x, traffic shares to heights, the timeout's line, the headroom); one
panel per request and per branch; input text is escaped; the HTML page renders in a real
headless Chromium to a picture that is not blank."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.strategies import deployment_config

from smlint.cli import main
from smlint.formatters import display_path
from smlint.plan import plan_data, plans_for_file
from smlint.planviz import render_svg

ROOT = Path(__file__).resolve().parents[2]
PLAN = "tests/fixtures/plan"
NS = {"svg": "http://www.w3.org/2000/svg"}


@pytest.fixture(autouse=True)
def in_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def plan(*args):
    return CliRunner().invoke(main, ["plan", *args])


def picture(*args) -> tuple:
    """(SVG root, the plans' JSON) for the same arguments."""
    result = plan(*args, "--format", "svg")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("<svg ")
    root = ET.fromstring(result.output)
    data = json.loads(plan(*args, "--format", "json").output)
    return root, data


def classes(el) -> set:
    return set(el.get("class", "").split())


def find(parent, cls: str) -> list:
    return [el for el in parent.iter() if cls in classes(el)]


def num(el, attr: str) -> float:
    return float(el.get(attr))


class Axis:
    """The minute axis as a reader sees it: where the tick labels stand."""

    def __init__(self, chart):
        ticks = [(float(t.text) * 60, num(t, "x")) for t in find(chart, "xtick")]
        assert len(ticks) >= 3, "an axis has ticks"
        (s0, x0), (s1, x1) = ticks[0], ticks[-1]
        self.x0, self.scale = x0, (x1 - x0) / (s1 - s0)
        for seconds, x in ticks:  # evenly spaced, labelled in minutes
            assert x == pytest.approx(self.x(seconds), abs=0.02)
        assert s0 == 0

    def x(self, seconds: float) -> float:
        return self.x0 + seconds * self.scale


def assert_geometry(panel, data: dict) -> None:
    """The panel's bars, lines and bands are the plan's numbers, scaled."""
    (chart,) = find(panel, "timed")
    axis = Axis(chart)
    (plot,) = find(chart, "plot")
    bottom, full = num(plot, "y") + num(plot, "height"), num(plot, "height")
    assert num(plot, "x") == pytest.approx(axis.x(0), abs=0.02)
    bars = find(chart, "step")
    assert len(bars) == len(data["steps"])
    for bar, step in zip(bars, data["steps"], strict=True):
        assert ("termination" in classes(bar)) == (step["action"] == "terminate")
        assert num(bar, "x") == pytest.approx(axis.x(step["at_seconds"]), abs=0.02)
        if step["wait_seconds"] is not None:
            assert num(bar, "width") == pytest.approx(step["wait_seconds"] * axis.scale, abs=0.02)
        traffic = step["traffic_percent"]
        share = 1 if traffic is None else traffic / 100
        assert ("unknown-traffic" in classes(bar)) == (traffic is None)
        assert num(bar, "height") == pytest.approx(full * share, abs=0.02)
        assert num(bar, "y") + num(bar, "height") == pytest.approx(bottom, abs=0.02)
    timeout, total = data["timeout_seconds"], data["total_seconds"]
    lines = find(chart, "timeout")
    if timeout is None:
        assert lines == []
    else:
        (line,) = lines
        assert num(line, "x1") == num(line, "x2") == pytest.approx(axis.x(timeout), abs=0.02)
        (label,) = find(chart, "timeout-label")
        minutes, rest = divmod(timeout, 60)
        spoken = (
            f"{minutes} min {rest} s" if minutes and rest else f"{minutes} min" if minutes else f"{rest} s"
        )
        assert label.text == f"timeout {spoken}"
    headroom, overrun = find(chart, "headroom"), find(chart, "overrun")
    if timeout is not None and total is not None and timeout > total:
        (band,) = headroom
        assert num(band, "x") == pytest.approx(axis.x(total), abs=0.02)
        assert num(band, "width") == pytest.approx((timeout - total) * axis.scale, abs=0.02)
        assert overrun == []
    elif timeout is not None and total is not None and timeout < total:
        (band,) = overrun
        assert num(band, "x") == pytest.approx(axis.x(timeout), abs=0.02)
        assert num(band, "width") == pytest.approx((total - timeout) * axis.scale, abs=0.02)
        assert headroom == []
    else:
        assert headroom == overrun == []


def panels(root) -> list:
    return find(root, "panel")


def texts(el) -> list:
    """Each text as read: its wrapped lines (tspans) joined by spaces."""
    out = []
    for t in el.iter("{http://www.w3.org/2000/svg}text"):
        parts = [t.text or ""] + [span.text or "" for span in t.findall("svg:tspan", NS)]
        out.append(" ".join(parts))
    return out


def test_canary_geometry_is_the_plans_json():
    root, data = picture(f"{PLAN}/canary.json", "--instance-count", "6")
    (panel,) = panels(root)
    (request,) = data
    assert [s["traffic_percent"] for s in request["steps"]] == [16.7, 100, 100]
    assert_geometry(panel, request)
    words = texts(panel)
    assert "tests/fixtures/plan/canary.json:2:3: update-endpoint" in words
    assert "blue/green CANARY · fleet of 6 instances" in words
    assert "16.7% (1/6)" in words and "100% (6/6)" in words
    assert "35 min left for provisioning" in words
    assert "rollback alarms: fraud-5xx, fraud-latency" in words
    # the traffic line climbs the steps: 0 -> 16.7% at 0, 100% at 10 min, until 25 min
    (line,) = find(panel, "traffic")
    assert line.get("d").count("L") == 2 * len(request["steps"]) + 1


def test_linear_geometry_and_a_timeout_that_leaves_nothing():
    root, data = picture(f"{PLAN}/linear.yaml", "--instance-count", "4")  # 25% of 4: one instance a step
    (panel,) = panels(root)
    (request,) = data
    assert [s["at_seconds"] for s in request["steps"]] == [0, 300, 600, 900, 1200]
    assert request["timeout_seconds"] == request["total_seconds"] == 1200
    assert_geometry(panel, request)
    words = texts(panel)
    assert any(
        w.startswith("timeout: MaximumExecutionTimeoutInSeconds 1200 s (20 min), exactly the waits")
        for w in words
    )
    assert any(w.startswith("3:1: SM301 [warning]") for w in words)


def test_all_at_once_and_a_request_without_deployment_config():
    root, data = picture(f"{PLAN}/all-at-once.yaml")
    first, second = panels(root)
    assert [d["policy"] for d in data] == ["ALL_AT_ONCE", None]
    assert_geometry(first, data[0])
    # WaitIntervalInSeconds 0: a bar without width, marked where it is
    (mark,) = find(first, "instant")
    (bar,) = [b for b in find(first, "step") if "bake" in classes(b)]
    assert num(mark, "x1") == num(bar, "x") and num(bar, "width") == 0
    assert "no bake" in texts(first)
    assert find(second, "chart") == []
    assert any("RetainDeploymentConfig reuses the endpoint's last one" in w for w in texts(second))


@pytest.mark.parametrize("fleet", [None, 6])
def test_rolling_geometry_with_and_without_the_fleet_size(fleet):
    args = ("--instance-count", str(fleet)) if fleet else ()
    root, data = picture(f"{PLAN}/rolling-deployment-config.json", *args)
    (panel,) = panels(root)
    (request,) = data
    assert_geometry(panel, request)
    bars = find(panel, "step")
    if fleet:
        assert [s["traffic_percent"] for s in request["steps"]] == [33.3, 66.7, 100]
        assert not find(panel, "unknown-traffic")
    else:  # batches of 2 instances of an unknown fleet: the shares are unknown, hatched
        assert len(bars) == 2 and all("unknown-traffic" in classes(b) for b in bars)
        assert all(b.get("fill") == "url(#unknown-hatch)" for b in bars)
        assert "unknown: the number of batches (MaximumBatchSize in instances needs N)" in texts(panel)


def test_a_branching_python_request_is_one_panel_per_branch():
    root, data = picture(f"{PLAN}/branches.py", "--instance-count", "4")
    assert [d["branch"] for d in data] == [
        ["`production` at line 9 is true"],
        ["`production` at line 9 is false"],
    ]
    assert [d["policy"] for d in data] == ["CANARY", "ALL_AT_ONCE"]
    assert [d["total_seconds"] for d in data] == [1500, 360]
    both = panels(root)
    assert len(both) == 2
    for panel, request in zip(both, data, strict=True):
        assert_geometry(panel, request)
        (branch,) = find(panel, "branch")
        assert branch.text == "when " + request["branch"][0]
    # the text plan says the same
    text = plan(f"{PLAN}/branches.py").output
    assert (
        "tests/fixtures/plan/branches.py:18:11: call at line 18 (when `production` at line 9 is true)\n"
        in text
    )
    assert (
        "tests/fixtures/plan/branches.py:18:11: call at line 18 (when `production` at line 9 is false)\n"
        in text
    )


def test_timeout_below_the_waits_is_a_red_band(tmp_path):
    (tmp_path / "u.yaml").write_text(
        "EndpointName: e\nEndpointConfigName: c\nDeploymentConfig:\n  BlueGreenUpdatePolicy:\n"
        "    TrafficRoutingConfiguration:\n      Type: LINEAR\n"
        "      LinearStepSize: {Type: CAPACITY_PERCENT, Value: 10}\n      WaitIntervalInSeconds: 600\n"
        "    TerminationWaitInSeconds: 1800\n    MaximumExecutionTimeoutInSeconds: 6000\n",
        encoding="utf-8",
    )
    root, data = picture(str(tmp_path / "u.yaml"))
    (panel,) = panels(root)
    assert (data[0]["total_seconds"], data[0]["timeout_seconds"]) == (7800, 6000)
    assert_geometry(panel, data[0])
    assert any("1800 s (30 min) short of the waits: the deployment may time out" in w for w in texts(panel))


def test_terraform_draws_the_providers_wait():
    root, data = picture("examples/endpoint.tf")
    (panel,) = panels(root)
    assert_geometry(panel, data[0])
    axis = Axis(find(panel, "timed")[0])
    (line,) = find(panel, "apply-wait")
    assert num(line, "x1") == pytest.approx(axis.x(3600), abs=0.02)


def test_steps_whose_times_are_unknown_are_drawn_in_order_without_a_time_axis():
    result = plan("examples/rolling-both-policies.json", "--format", "svg")
    root = ET.fromstring(result.output)
    (panel,) = panels(root)
    (chart,) = find(panel, "untimed")
    assert find(chart, "xtick") == [] and len(find(chart, "step")) == 2
    assert "steps in order: their times are unknown (see below)" in texts(chart)


def test_input_text_is_escaped_and_stays_well_formed(tmp_path):
    name = "p<9>&\"'\x01"
    (tmp_path / "u.json").write_text(
        json.dumps(
            {
                "EndpointName": "e",
                "EndpointConfigName": "c",
                "DeploymentConfig": {
                    "BlueGreenUpdatePolicy": {
                        "TrafficRoutingConfiguration": {"Type": "ALL_AT_ONCE", "WaitIntervalInSeconds": 60},
                        "MaximumExecutionTimeoutInSeconds": 600,
                    },
                    "AutoRollbackConfiguration": {"Alarms": [{"AlarmName": name}]},
                },
            }
        ),
        encoding="utf-8",
    )
    for fmt in ("svg", "html"):
        output = plan(str(tmp_path / "u.json"), "--format", fmt).output
        assert "<9>" not in output and "\x01" not in output
        svg = output[output.index("<svg ") : output.index("</svg>") + 6]
        root = ET.fromstring(svg)
        (alarms,) = find(root, "note-alarms")
        assert alarms.text == "rollback alarms: p<9>&\"'\ufffd"


def test_html_is_a_self_contained_page_without_script():
    result = plan(f"{PLAN}/canary.json", "--format", "html")
    assert result.exit_code == 0
    page = result.output
    assert page.startswith("<!DOCTYPE html>\n") and page.rstrip().endswith("</html>")
    assert "<script" not in page.lower() and "javascript:" not in page.lower()
    assert "<title>smlint plan: tests/fixtures/plan/canary.json</title>" in page
    # nothing from outside: the only URL is the SVG namespace
    assert page.count("http") == page.count("http://www.w3.org/2000/svg")
    svg = page[page.index("<svg ") : page.index("</svg>") + 6]
    assert svg + "\n" == plan(f"{PLAN}/canary.json", "--format", "svg").output


def test_a_file_that_cannot_be_planned_is_still_a_picture(tmp_path):
    (tmp_path / "broken.json").write_text('{"EndpointName": "e", "DeploymentConfig": {', encoding="utf-8")
    result = plan(str(tmp_path / "broken.json"), "--format", "svg")
    assert result.exit_code == 1
    (problem,) = find(ET.fromstring(result.output), "problem")
    assert "broken.json:1:" in problem.text and "SM001 [error]" in problem.text
    (tmp_path / "other.json").write_text('{"a": 1}', encoding="utf-8")
    result = plan(str(tmp_path / "other.json"), "--format", "html")
    assert result.exit_code == 1
    svg = result.output[result.output.index("<svg ") : result.output.index("</svg>") + 6]
    (problem,) = texts(ET.fromstring(svg))
    assert problem.endswith("other.json: no UpdateEndpoint or CreateEndpoint request found")


def test_an_unknown_termination_wait_is_a_hatched_bar_of_its_own(tmp_path):
    (tmp_path / "u.yaml").write_text(
        "EndpointName: e\nEndpointConfigName: c\nDeploymentConfig:\n  BlueGreenUpdatePolicy:\n"
        "    TrafficRoutingConfiguration:\n      Type: CANARY\n"
        "      CanarySize: {Type: INSTANCE_COUNT, Value: 1}\n      WaitIntervalInSeconds: 300\n"
        "    TerminationWaitInSeconds: ${TERM}\n    MaximumExecutionTimeoutInSeconds: 3000\n",
        encoding="utf-8",
    )
    root, data = picture(str(tmp_path / "u.yaml"))
    (panel,) = panels(root)
    assert data[0]["total_seconds"] is None and data[0]["steps"][-1]["wait_seconds"] is None
    assert_geometry(panel, data[0])
    last = find(panel, "step")[-1]
    assert {"termination", "unknown-wait"} <= classes(last) and num(last, "width") > 0
    assert find(panel, "headroom") == find(panel, "overrun") == []
    assert "waits: unknown" in texts(panel)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(config=deployment_config, fleet=st.one_of(st.none(), st.integers(1, 40)))
def test_any_deployment_config_draws_its_json(tmp_path, config, fleet):
    path = tmp_path / "deployment-config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    plans, problem = plans_for_file(str(path), fleet)
    assert problem is None
    root = ET.fromstring(render_svg(plans, display_path))
    for panel, one in zip(panels(root), plans, strict=True):
        data = plan_data(one, display_path)
        if find(panel, "timed"):
            assert_geometry(panel, data)
        else:
            assert not data["steps"] or any(s["at_seconds"] is None for s in data["steps"])


def test_readme_plan_picture_command_works(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (line,) = [x for x in readme.splitlines() if x.startswith("smlint plan ") and "--format html" in x]
    command, _, target = line.partition(" > ")
    result = plan(*command.split()[2:])
    assert result.exit_code == 0 and target == "plan.html"
    assert result.output.startswith("<!DOCTYPE html>") and 'class="panel"' in result.output


# --- a real browser ---------------------------------------------------------------------------


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def png_pixels(data: bytes) -> tuple:
    """(width, height, rows of RGB tuples) of an 8-bit RGB or RGBA PNG, decoded with zlib."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, header = 8, b"", None
    while at < len(data):
        (length,), kind = struct.unpack(">I", data[at : at + 4]), data[at + 4 : at + 8]
        body = data[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        at += 12 + length
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, header
    channels = 3 if color == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                corner = previous[i - channels] if i >= channels else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append([tuple(line[i : i + 3]) for i in range(0, stride, channels)])
        previous = line
    return width, height, rows


@pytest.mark.slow
def test_the_html_page_renders_in_headless_chromium(tmp_path):
    browser = chromium()
    if browser is None:
        pytest.skip("no Chromium (.ci/run installs Debian's chromium package)")
    page = tmp_path / "plan.html"
    page.write_text(
        plan(f"{PLAN}/canary.json", "--instance-count", "6", "--format", "html").output, encoding="utf-8"
    )
    shot = tmp_path / "plan.png"
    subprocess.run(
        [
            browser,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--hide-scrollbars",
            "--window-size=1000,520",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (1000, 520)
    pixels = [p for row in rows for p in row]
    ink = sum(1 for p in pixels if min(p) < 200)
    assert ink > 0.03 * len(pixels), f"only {ink} of {len(pixels)} pixels are not white: a blank page"
    # the bake bars are there, in their colour (#4c78a8), and the timeout's red (#d62728)
    bars = sum(1 for r, g, b in pixels if abs(r - 0x4C) < 24 and abs(g - 0x78) < 24 and abs(b - 0xA8) < 24)
    red = sum(1 for r, g, b in pixels if r > 180 and g < 90 and b < 90)
    assert bars > 5000 and red > 50, (bars, red)
