"""The rule set a config asks for: the built-in rules, the user's own policy rules from its
``rules-dirs`` (validated against the rule meta-schema, ids of their choosing), and its
per-rule ``severity`` overrides."""

from __future__ import annotations

import os
from dataclasses import replace

# (rules-dirs, severity) -> (the rule files' stamp, the RuleSet built from them): a config's
# rule set is read once while its files stay as they were, and again once one is edited,
# added or removed (a language server outlives many edits of a team's policies)
_CACHE: dict = {}


def ruleset(config=None):
    from .registry import builtin_rules

    if config is None or (not config.rules_dirs and not config.severity):
        return builtin_rules()
    key = (config.rules_dirs, config.severity)
    stamp = _rules_stamp(config)
    cached = _CACHE.get(key)
    if cached is None or cached[0] != stamp:
        cached = _CACHE[key] = (stamp, _build(config))
    return cached[1]


def _rules_stamp(config) -> tuple:
    """What the rule files of the config's rules-dirs are now, as the rule set reads them
    (smlint.registry.load_rules): each file's name, size, modification time and inode (an
    editor that saves by renaming makes a new one)."""
    stamp = []
    for folder in config.rules_dirs if config is not None else ():
        try:
            names = sorted(os.listdir(folder))
        except OSError as exc:
            stamp.append((folder, exc.errno))
            continue
        for name in names:
            if name.endswith((".yaml", ".yml")):
                try:
                    info = os.stat(os.path.join(folder, name))
                except OSError as exc:
                    stamp.append((folder, name, exc.errno))
                    continue
                stamp.append((folder, name, info.st_size, info.st_mtime_ns, info.st_ino))
    return tuple(stamp)


def _build(config):
    from .registry import RuleError, RuleSet, builtin_rules, load_rules

    builtin = builtin_rules()
    rules = list(builtin)
    if config.rules_dirs:
        for rule in load_rules(config.rules_dirs, validate=True):
            if rule.id in builtin.by_id:
                raise RuleError(
                    f"{rule.source}: rule id {rule.id} is a built-in smlint rule; choose another id"
                )
            rules.append(rule)
    # A severity override changes the rule itself: its findings, whether it is on by default
    # (info rules are off), and what --fail-on compares.
    overrides = dict(config.severity)
    return RuleSet([replace(r, severity=overrides[r.id]) if r.id in overrides else r for r in rules])


def known_ids(config=None) -> list:
    """Every rule id a selector or a suppression may name. Without rules-dirs, the built-in
    ids are the rule files' names (a test keeps it so): no rule file is read at start-up."""
    if config is not None and config.rules_dirs:
        return [r.id for r in ruleset(config)]
    from .registry import rules_dir

    return sorted(p.stem for p in rules_dir().glob("*.yaml"))


def unknown_codes(ids, codes) -> list:
    """Selectors that match no rule: a typo should not pass silently."""
    from .registry import _matches

    return [c for c in codes if not any(_matches(i, [c]) for i in ids)]
