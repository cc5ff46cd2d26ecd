"""Settings, layered once, here: smlint's defaults, then the config file's, then the command
line's (ruff's order). A ``select`` replaces what came before it; ``extend-select`` adds;
``ignore`` removes; any other setting the command line gives wins over the config's."""

from __future__ import annotations


def options(config, cli: dict):
    """The runner's Options for the files under ``config`` (smlint.config.Config), given
    the command line's settings ``cli``."""
    from .runner import Options

    return Options(
        select=cli["select"],
        ignore=cli["ignore"],
        extend_select=cli["extend_select"],
        fleet_size=cli["fleet_size"] or config.instance_count,
        kind=cli["kind"],
        config=config if config.source else None,
        jobs=cli["jobs"],
        file_seconds=cli.get("file_seconds"),
        cache_dir=cli["cache_dir"],
    )


def fail_on(config, cli: dict) -> str:
    """The least severity that fails the run."""
    return cli.get("fail_on") or config.fail_on or "error"


def selection(rules, options) -> frozenset:
    """The rule ids that run: the rules on by default, then the config's select /
    extend-select / ignore, then the command line's."""
    from .config import DEFAULT
    from .registry import _matches

    config = getattr(options, "config", None) or DEFAULT
    chosen = set(rules.select())
    layers = (
        (config.select, config.extend_select, config.ignore),
        (options.select, getattr(options, "extend_select", ()), options.ignore),
    )
    for select, extend, ignore in layers:
        if select:
            chosen = {r.id for r in rules if _matches(r.id, select)}
        if extend:
            chosen |= {r.id for r in rules if _matches(r.id, extend)}
        if ignore:
            chosen = {rid for rid in chosen if not _matches(rid, ignore)}
    return frozenset(chosen)
