"""Hostile YAML, each beside a known-bad request that must still be reported: merge keys that
fan out (`<<: [*b, *b]` thirty levels deep), aliases past the value budget in one document of
several, thousands of documents in one file, and the depth pre-check's shortcut."""

from __future__ import annotations

from support.linting import lint_text

from smlint.readers.nodes import MAX_DEPTH, MAX_VALUES, could_nest_deeper_than

GOOD = "EndpointName: good_name\nEndpointConfigName: c\n"  # SM106 on its EndpointName


def _rows(text: str, path: str = "r.yaml") -> list:
    return sorted(
        (f.rule, f.line, f.column, f.message) for f in lint_text(text, "yaml", path, select=("ALL",))
    )


def _fan_out(levels: int) -> str:
    lines = ["Anchors:", "  a0: &a0 {x: 1}"]
    for i in range(1, levels + 1):
        lines.append(f"  a{i}: &a{i}\n    <<: [*a{i - 1}, *a{i - 1}]")
    return "\n".join(lines) + "\n"


def test_merge_fan_out_thirty_levels_is_read_and_the_request_linted():
    # 2^30 merges if each is built anew; the merged value itself is {x: 1}
    text = GOOD + _fan_out(30) + "Tags:\n  <<: *a30\n"
    rows = _rows(text)
    assert [r[:3] for r in rows] == [("SM102", 3, 1), ("SM103", text.count("\n") - 1, 1), ("SM106", 1, 1)]
    assert rows[1][3].startswith("Tags is an object; it must be a list")


def test_merge_fan_out_in_a_template_reads_the_template():
    text = (
        "Resources:\n  Ep:\n    Type: AWS::SageMaker::Endpoint\n    Properties:\n"
        "      EndpointName: good_name\n      EndpointConfigName: c\n"
        "Metadata:\n" + "".join("  " + line + "\n" for line in _fan_out(30).splitlines())
    )
    assert [r[:3] for r in _rows(text, "template.yaml")] == [("SM106", 5, 7)]


def test_merged_values_count_against_the_budget_as_aliases_do():
    # each level merges a mapping with ten keys whose values are the level below: 10^6 values
    text = "DeploymentConfig:\n  l0: &l0 {" + ", ".join(f"k{i}: 0" for i in range(10)) + "}\n"
    for i in range(1, 7):
        keys = ", ".join(f"k{j}: *l{i - 1}" for j in range(10))
        text += f"  l{i}: &l{i}\n    <<: {{{keys}}}\n"
    (row,) = _rows(text)
    assert row[0] == "SM001" and row[3].startswith(f"document expands to more than {MAX_VALUES} values")


def test_a_document_past_the_value_budget_leaves_the_others_linted():
    bomb = "DeploymentConfig:\n  l0: &l0 [" + ", ".join(["0"] * 10) + "]\n"
    for i in range(1, 6):
        bomb += f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n"
    text = bomb + "---\n" + GOOD
    rows = _rows(text)
    assert [r[:2] for r in rows] == [("SM001", 2), ("SM106", 9)]
    assert rows[0][3].startswith(f"document expands to more than {MAX_VALUES} values")


def test_thousands_of_documents_each_linted():
    doc = "EndpointName: e{i}\nEndpointConfigName: c\nDeploymentConfig: {{}}\n"
    text = "---\n".join(doc.format(i=i) for i in range(3000)) + "---\n" + GOOD
    rows = _rows(text)
    assert ("SM106", 4 * 3000 + 1, 1) in [r[:3] for r in rows]
    assert not [r for r in rows if r[0] == "SM001"]


def test_a_deep_document_after_many_shallow_ones_is_still_refused():
    shallow = "a: {b: [1]}\n---\n" * 2000
    deep = "DeploymentConfig: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    rows = _rows(shallow + deep + "---\n" + GOOD)
    assert [r[0] for r in rows] == ["SM001"]
    assert rows[0][3] == f"nesting deeper than {MAX_DEPTH} levels; smlint stops here"


def test_block_nesting_on_one_line_is_still_refused():
    text = "DeploymentConfig:\n  " + "- " * (MAX_DEPTH + 1) + "x\n"
    rows = _rows(text)
    assert [r[0] for r in rows] == ["SM001"] and rows[0][3].startswith("nesting deeper than")


def test_depth_shortcut_bound():
    # short lines and few brackets per document: provably shallow, the event pass skipped
    assert not could_nest_deeper_than("a: {b: [1]}\n---\n" * 5000, MAX_DEPTH)
    # a long line may hold a block nesting that deep
    assert could_nest_deeper_than("a: " + "x" * MAX_DEPTH + "\n" + ":" * MAX_DEPTH, MAX_DEPTH)
    # brackets of one document count together
    assert could_nest_deeper_than("a: " + "[" * (MAX_DEPTH // 2) + "\n" + "b: " + "[" * MAX_DEPTH, MAX_DEPTH)
