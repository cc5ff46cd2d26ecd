"""``smlint rule ID`` and ``smlint rules``: a rule's documentation found by id, name, prefix or
word, the table of every rule (the team's own too, from the config), and ``--verify``, which
runs every rule's examples."""

from __future__ import annotations

import sys

import click

from .exits import Failure, internal_error


def _ruleset():
    from .registry import RuleError, builtin_rules

    try:
        return builtin_rules()
    except RuleError as exc:
        raise Failure(str(exc)) from None


_RULES_CONFIG = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Use this config file's rules (rules-dirs, severity) instead of the one found here.",
)


def _user_ruleset(config_path):
    """The rules the config names (--config, else the one found from the working folder):
    the built-in ones and the team's own."""
    from .config import ConfigError, discover, load
    from .policies import ruleset
    from .registry import RuleError

    try:
        config = load(config_path) if config_path else discover(".")
        return ruleset(config), config
    except (ConfigError, RuleError) as exc:
        raise Failure(str(exc)) from None


@click.command()
@click.argument("rule_id")
@_RULES_CONFIG
def rule(rule_id, config_path):
    """Show a rule's documentation (by id or name); a prefix (SM20) or a word (canary) lists
    the rules that match."""
    from .ruledocs import rule_text, rules_table

    rules = _ruleset()
    found = _find_rule(rules, rule_id)
    if found is None:  # one of the team's own rules, or several that match
        rules, _ = _user_ruleset(config_path)
        found = _find_rule(rules, rule_id)
    if found is not None:
        click.echo(rule_text(found), nl=False)
        return
    matching = _matching_rules(rules, rule_id)
    if not matching:
        raise click.UsageError(f"no rule {rule_id!r} (see `smlint rules`)")
    if len(matching) == 1:
        click.echo(rule_text(matching[0]), nl=False)
        return
    click.echo(rules_table(matching), nl=False)


def _find_rule(rules, rule_id: str):
    return rules.by_id.get(rule_id.upper()) or next((r for r in rules if r.name == rule_id.lower()), None)


def _matching_rules(rules, text: str) -> list:
    """Rules whose id starts with ``text``, else whose name or summary holds it as a word."""
    import re

    by_id = [r for r in rules if r.id.startswith(text.upper())]
    if by_id:
        return by_id
    word = re.compile(rf"\b{re.escape(text.lower())}", re.IGNORECASE)
    return [r for r in rules if word.search(r.name) or word.search(r.summary)]


@click.command("rules")
@click.option("--format", "fmt", type=click.Choice(("text", "md")), default="text", show_default=True)
@_RULES_CONFIG
@click.option(
    "--verify", is_flag=True, help="Run every rule's bad and good examples; exit 1 if one misbehaves."
)
def rules_(fmt, config_path, verify):
    """List every rule: id, name, severity, summary (the team's own rules too)."""
    from .ruledocs import rules_table

    rules, config = _user_ruleset(config_path)
    if verify:
        from .verify import report

        try:
            text, code = report(rules, config if config.source else None)
        except Exception as exc:  # noqa: BLE001 - a traceback shown to a user is a bug
            internal_error(exc)
        click.echo(text, nl=False)
        sys.exit(code)
    click.echo(rules_table(rules, fmt), nl=False)
