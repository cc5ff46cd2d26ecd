"""The language server's door into smlint for linting: every call into the lint API is here
(or, for hover and completion, in smlint.server.request_members), so that when the
pipeline's internals change only these modules follow.

It lints an editor's buffer exactly as ``smlint check --stdin-filename PATH`` would: the
nearest config of PATH, its excludes, its rule selection and fleet size, the file-size and
CPU-time budgets, suppressions, a notebook's stored positions. What it hands back is plain,
picklable data (it runs in the server's lint process, smlint.server.worker).

What it uses of smlint: ``config.discover/check_codes/shown/NAMES/ConfigError``, ``config_paths.excluder``,
``policies.known_ids/ruleset``, ``registry.builtin_rules/RuleError``, ``runner.Linter``
(``Options``; ``.rules``, ``.lint_data``, ``.read_configs``), the ``FileResult`` it returns,
``endpoint_configs.Index`` (its ``find``, wrapped) and ``ConfigRecord``,
``contextfiles.context_files/index_of``, ``cache.stat_signature``, ``fixing.fix_text/wanted``,
``sources.file_format/not_ours/iter_sources/read_bytes``, ``suppress.scan``,
``readers.comments_of/has_comments``, ``formatters.stored/located_message``,
``formatters.sarif.help_uri``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .. import sources
from ..config import NAMES as CONFIG_NAMES
from ..endpoint_configs import Index


@dataclass(frozen=True)
class RuleDoc:
    id: str
    name: str
    severity: str
    summary: str
    what: str
    fix: str
    autofix: str  # safe, unsafe, none
    href: str | None


@dataclass(frozen=True)
class ConfigProblem:
    """A config file that cannot be used: said once, at that file."""

    path: str  # absolute
    line: int  # 1-based
    column: int
    message: str


@dataclass
class Outcome:
    """What linting one buffer gave."""

    findings: list = field(default_factory=list)  # smlint.findings.Finding, the file's own
    configs: tuple = ()  # ConfigRecords this buffer defines (context for the others)
    asked: frozenset = frozenset()  # refers_to keys its requests looked up in other files
    related: dict = field(default_factory=dict)  # finding index -> ((path, line, message), ...)
    rules: dict = field(default_factory=dict)  # rule id -> RuleDoc, of the findings' rules
    # the config's rules-dirs (absolute): a policy file saved there changes every buffer's result
    rules_dirs: tuple = ()
    config_problem: ConfigProblem | None = None
    skipped: str | None = None  # why the buffer was not linted (excluded, not a format of ours)
    failure: str | None = None  # smlint's own crash on this buffer


# -- the linter of a path ---------------------------------------------------------------

_LINTERS: dict = {}  # Config -> Linter
# An editor's buffer is linted with its config's settings alone (no cache: a buffer is no file)
_NO_COMMAND_LINE = {
    "select": (),
    "ignore": (),
    "extend_select": (),
    "fleet_size": None,
    "kind": None,
    "jobs": 1,
    "cache_dir": None,
}
_FOUND: dict = {}  # folder -> Config (config.discover's cache)
_CONTEXT: dict = {}  # Config -> (its `context` files, their stat signatures, the Index of their configs)


def reset() -> None:
    """Forget configs and what was read from them (a config file changed)."""
    _LINTERS.clear()
    _FOUND.clear()
    _CONTEXT.clear()


def linter_of(path: str):
    """(Linter, config) for ``path`` as the command line builds them (smlint.session, with no
    command-line settings),
    or raises ConfigError."""
    from ..config import check_codes, discover
    from ..policies import known_ids, ruleset
    from ..runner import Linter
    from ..settings import options

    config = discover(path, _FOUND)
    linter = _LINTERS.get(config)
    # (a policy file edited since the linter was made: policies.ruleset reads them again)
    if linter is None or linter.rules is not ruleset(config):
        if config.locations or config.rules_dirs:
            check_codes(config, known_ids(config))
        linter = Linter(options(config, _NO_COMMAND_LINE))
        linter.rules  # noqa: B018 - a broken rules-dirs is the config's problem, said now
        _LINTERS[config] = linter
    return linter, config


def _config_problem(path: str, message: str) -> ConfigProblem:
    """Where a ConfigError's message (``file:line[:column]: what``) points: the config file
    nearest to ``path`` that the message names."""
    from ..config import shown

    folder = os.path.dirname(os.path.abspath(path))
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(folder, name)
            prefix = shown(candidate) + ":"
            if os.path.isfile(candidate) and message.startswith(prefix):
                numbers, rest = [], message[len(prefix) :]
                while len(numbers) < 2:
                    head, sep, tail = rest.partition(":")
                    if not sep or not head.isdigit():
                        break
                    numbers.append(int(head))
                    rest = tail
                line, column = (numbers + [1, 1])[:2]
                return ConfigProblem(candidate, line, column, message)
        parent = os.path.dirname(folder)
        if parent == folder:
            return ConfigProblem("", 1, 1, message)
        folder = parent


# -- linting ---------------------------------------------------------------------------


class _Asking(Index):
    """The index of the other files' endpoint configs, noting what the buffer's requests
    asked it (the runner asks it only for names the buffer itself does not define): those
    files are what the buffer depends on."""

    def __init__(self, records, fallback=None):
        super().__init__(records, fallback)
        self.asked: set = set()
        self.answers: list = []

    def find(self, refers_to):
        self.asked.update(refers_to)
        found = super().find(refers_to)
        if found is not None:
            self.answers.append(found)
        return found


def lint(path: str, text: str, records: tuple = ()) -> Outcome:
    """Lint the buffer ``text`` of the file ``path`` (absolute); ``records``: the endpoint
    configs of the other files of the workspace (ConfigRecords)."""
    from ..config import ConfigError
    from ..config_paths import excluder
    from ..registry import RuleError

    try:
        linter, config = linter_of(path)
    except (ConfigError, RuleError) as exc:
        return Outcome(config_problem=_config_problem(path, str(exc)), rules_dirs=_rules_dirs(path))
    excluded = excluder(linter.options.config)
    if excluded is not None and excluded(path, named=True):
        return Outcome(skipped="excluded by the config")
    fmt = sources.file_format(path)
    if fmt is None:
        return Outcome(skipped=sources.not_ours())
    context = _context(linter, config)
    index = _Asking(records, fallback=context)
    data = text.encode("utf-8", "surrogatepass")  # (as a file would hold it: sizes in bytes)
    result = linter.lint_data(path, data, fmt, index)
    if result.skip is not None:
        return Outcome(skipped=result.skip)
    findings = [f for f in result.findings if f.path == path]
    used = list(index.answers) + list(result.configs)
    return Outcome(
        findings=findings,
        configs=tuple(result.configs),
        asked=frozenset(index.asked),
        related=_related(findings, used),
        rules=_rule_docs(linter, findings),
        rules_dirs=config.rules_dirs,
        failure=result.failure,
    )


def _rules_dirs(path: str) -> tuple:
    """The rules-dirs of the config of ``path`` whose rule files cannot be read (a policy
    that does not load: its fix, saved, is what lints the buffers again)."""
    from ..config import ConfigError, discover

    try:
        return discover(path, _FOUND).rules_dirs
    except ConfigError:
        return ()


def _context(linter, config):
    """The endpoint configs of the config's ``context`` files (as ``check`` reads them), read
    again once one of those files changed (one outside the workspace has no watcher)."""
    from ..cache import stat_signature
    from ..contextfiles import context_files, index_of

    files, stamp, index = _CONTEXT.get(config, (None, None, None))
    if files is None:
        files = [path for path, _ in context_files(config)]
    # (stat before the read: a change made meanwhile is seen at the next lint)
    now = tuple(stat_signature(path) for path in files)
    if now != stamp:
        index = index_of(linter)
        _CONTEXT[config] = (files, now, index)
    return index


def _related(findings: list, records: list) -> dict:
    """For each finding whose message names an endpoint config (its fleet size, its
    variants): that config's place, as ``where`` says it (``path:line``)."""
    out: dict = {}
    for i, f in enumerate(findings):
        places = []
        for rec in records:
            if rec.where and rec.where in f.message:
                file, _, line = rec.where.rpartition(":")
                if file and line.isdigit() and (file, int(line)) not in [(p, n) for p, n, _ in places]:
                    places.append((file, int(line), rec.describe()))
        if places:
            out[i] = tuple(places)
    return out


def _rule_docs(linter, findings) -> dict:
    out: dict = {}
    for f in findings:
        if f.rule not in out:
            rule = linter.rules.by_id.get(f.rule)
            if rule is not None:
                out[f.rule] = rule_doc(rule)
    return out


def rule_doc(rule) -> RuleDoc:
    from ..formatters.sarif import help_uri

    docs = rule.docs or {}
    return RuleDoc(
        rule.id,
        rule.name,
        rule.severity,
        rule.summary,
        " ".join((docs.get("what") or "").split()),
        " ".join((docs.get("fix") or "").split()),
        docs.get("autofix", "none"),
        help_uri(rule),
    )


def builtin_rule_doc(rule_id: str) -> RuleDoc | None:
    """A built-in rule's documentation (a rule id in a ``# noqa`` with no finding)."""
    from ..registry import builtin_rules

    rule = builtin_rules().by_id.get(rule_id.upper())
    return rule_doc(rule) if rule is not None else None


# -- fixes -------------------------------------------------------------------------------


def fix_all(path: str, text: str, records: tuple = (), unsafe: bool = False) -> str | None:
    """The buffer with every safe fix applied (``smlint check --fix``, the config's fixable
    and unfixable lists honoured), or None when smlint cannot fix it."""
    from ..config import ConfigError
    from ..fixing import fix_text, wanted
    from ..registry import RuleError

    try:
        linter, config = linter_of(path)
    except (ConfigError, RuleError):
        return None
    fmt = sources.file_format(path)
    if fmt is None:
        return None
    fixable, unfixable = config.fixable, tuple(config.unfixable or ())
    done = fix_text(linter, path, text, fmt, lambda f: wanted(f, unsafe, fixable, unfixable))
    return done.text


def format_of(path: str) -> str | None:
    """The format smlint reads ``path`` as (by its name, as on the command line)."""
    return sources.file_format(path)


def stored(f) -> tuple:
    """(line, column, end line, end column) of a finding in the file as stored (a notebook's
    JSON), 1-based, columns in code points."""
    from ..formatters import stored as stored_

    return stored_(f)


def located_message(f) -> str:
    from ..formatters import located_message as located

    return located(f)


def suppressions(path: str, text: str) -> list:
    """The suppression comments of ``text`` (smlint.suppress.Directive: line, column, codes),
    from the comment tokens of the reader of ``path``'s format."""
    from ..readers import comments_of
    from ..suppress import scan

    fmt = sources.file_format(path)
    return scan(comments_of(text, fmt)()) if fmt else []


def has_comments(path: str) -> bool:
    """Whether the format of ``path`` has comments that can hold a suppression (JSON has none)."""
    from ..readers import has_comments as format_has_comments

    fmt = sources.file_format(path)
    return fmt is not None and format_has_comments(fmt)


# -- the workspace's endpoint configs ---------------------------------------------------

MAX_SCAN_FILES = 20_000  # past it, the rest of a (huge) workspace gives no context


def configs_on_disk(paths) -> dict:
    """path -> ConfigRecords of the endpoint configs each file under ``paths`` (folders or
    files) defines: as ``check`` lints a folder, under each file's nearest config and its
    excludes. Nothing in them is reported."""
    from ..config_paths import excluder

    out: dict = {}
    for root in paths:
        try:
            linter, _ = linter_of(root if os.path.isdir(root) else os.path.dirname(root) or ".")
        except Exception:  # a broken config: said when a file under it is linted
            continue
        for n, item in enumerate(sources.iter_sources([root], None, excluder(linter.options.config))):
            if n >= MAX_SCAN_FILES:
                break
            if not isinstance(item, sources.SourceFile):
                continue
            try:
                file_linter, _ = linter_of(item.path)
            except Exception:  # (its config is broken: said when the file is linted)
                continue
            data = sources.read_bytes(item.path)
            result = file_linter.read_configs(item.path, data, item.format)
            out[os.path.abspath(item.path)] = tuple(result.configs)
    return out
