"""GitLab Code Quality's report format, as its documentation states it: what a report
smlint writes must hold (the formatter's tests and the README's CI job share it)."""

import json
import os

# GitLab's "Implement a custom tool" section (docs.gitlab.com/ci/testing/code_quality/):
# the report is a JSON array of objects with these properties, the severity one of five
# strings, the path relative to the repository, and no byte order mark before the JSON.
GITLAB_REQUIRED = {
    "description": str,  # a description of the code quality violation
    "check_name": str,  # a unique name representing the check that emitted the issue
    "fingerprint": str,  # a unique fingerprint identifying the violation
    "severity": str,
}
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def assert_gitlab_report(text: str) -> list:
    assert not text.startswith("\ufeff")
    issues = json.loads(text)
    assert isinstance(issues, list)
    for issue in issues:
        for key, kind in GITLAB_REQUIRED.items():
            assert isinstance(issue.get(key), kind) and issue[key], (key, issue)
        assert issue["severity"] in GITLAB_SEVERITIES
        location = issue["location"]
        assert isinstance(location["path"], str) and not os.path.isabs(location["path"])
        assert not location["path"].startswith("./") and "\\" not in location["path"]
        # location.lines.begin or location.positions.begin.line: smlint gives the first
        begin = location["lines"]["begin"]
        assert isinstance(begin, int) and not isinstance(begin, bool) and begin >= 1
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints), "GitLab shows issues with one fingerprint as one"
    return issues
