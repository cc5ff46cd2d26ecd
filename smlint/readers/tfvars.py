"""Terraform variable files beside the .tf files: the values ``terraform plan`` would give
``var.x`` in that folder, by Terraform's precedence (later wins): the variable's default, then
``terraform.tfvars``, ``terraform.tfvars.json``, then ``*.auto.tfvars`` and
``*.auto.tfvars.json`` in lexical order of their names. (``-var`` and ``-var-file`` on the
command line and ``TF_VAR_`` variables are the run's, not the repository's: a plan's JSON has
them, see smlint.readers.terraform_plan.)

Only literal values are taken (a variable file holds nothing else); a file that does not
parse is left out here (its own SM001 comes when it is linted, if ever).
"""

from __future__ import annotations

import json
import os

_CACHE: dict = {}  # absolute path -> ((mtime, size), values): each file parsed once per process


def files(folder: str) -> list:
    """The folder's variable files, in the order Terraform loads them."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    auto = sorted(n for n in names if n.endswith((".auto.tfvars", ".auto.tfvars.json")))
    ordered = [n for n in ("terraform.tfvars", "terraform.tfvars.json") if n in names] + auto
    return [os.path.join(folder, n) for n in ordered if os.path.isfile(os.path.join(folder, n))]


def values(folder: str, named=(), depends_on=None) -> dict:
    """name -> (value, file name) of the variables the folder's variable files set, then the
    files the config names for the folder (``named``: (path, as the config spells it)), in
    that order, as ``terraform plan -var-file=…`` applies them: after the folder's own.
    ``depends_on(path)`` is told of every file and folder read."""
    depends_on = depends_on or (lambda _: None)
    depends_on(folder)  # a variable file added or removed changes the result
    out: dict = {}
    for path, shown in [(p, os.path.basename(p)) for p in files(folder)] + list(named):
        depends_on(path)
        for name, value in _file_values(path).items():
            out[name] = (value, shown)
    return out


def _file_values(path: str) -> dict:
    try:
        stat = os.stat(path)
        key = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        return {}
    cached = _CACHE.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        with open(path, encoding="utf-8-sig") as fh:
            text = fh.read(1 << 20)
    except (OSError, UnicodeDecodeError):
        text = ""
    found = _json(text) if path.endswith(".json") else _hcl(text)
    _CACHE[path] = (key, found)
    return found


def _json(text: str) -> dict:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str)} if isinstance(data, dict) else {}


def _hcl(text: str) -> dict:
    from . import hcl
    from .nodes import LoadError
    from .terraform import _has_unresolved

    try:
        tree = hcl.parse(text)
    except LoadError:
        return {}
    out = {}
    for node in hcl.attributes(tree.body):
        value = hcl.literal(hcl.expression(node), tree)
        if not _has_unresolved(value):
            out[hcl.name_of(node)] = value
    return out
