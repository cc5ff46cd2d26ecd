"""Terraform (.tf): ``aws_sagemaker_endpoint`` resources as UpdateEndpoint requests, and
``aws_sagemaker_endpoint_configuration`` resources as endpoint configs for the context index.

HCL is parsed by tree-sitter-hcl (smlint.readers.hcl), which keeps the offset of every
attribute, block and expression. Snake_case names become the
API's PascalCase here, once, so the rules never see Terraform. Only literals are values: a
``var.x`` whose ``variable "x"`` (in any .tf file of the same folder) has a literal default
resolves to that default; every other expression (locals, references, functions,
conditionals, interpolations, ``dynamic`` blocks) is Unresolved.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from .. import budgets
from ..locations import LineIndex, Position, SourceMap
from ..model import ENDPOINT_CONFIG, UPDATE_ENDPOINT, Document, Unresolved, name_keys
from . import hcl
from .nodes import Duplicate, LoadError

ENDPOINT = "aws_sagemaker_endpoint"
CONFIG = "aws_sagemaker_endpoint_configuration"
TARGET = "terraform"

# Attributes whose schema type is a number: Terraform converts a numeric string ("600") to
# a number, and refuses anything else. String attributes take numbers and booleans as text.
NUMBERS = frozenset(
    {
        "wait_interval_in_seconds",
        "termination_wait_in_seconds",
        "maximum_execution_timeout_in_seconds",
        "value",
        "initial_instance_count",
        "max_concurrency",
        "memory_size_in_mb",
        "provisioned_concurrency",
    }
)
# Nested blocks that may repeat: a list in the API's shape.
LISTS = {"alarms": "Alarms", "production_variants": "ProductionVariants"}
# Capacity blocks: a finding about the block points at its `value`, the number that decides it.
CAPACITIES = frozenset(
    {"canary_size", "linear_step_size", "maximum_batch_size", "rollback_maximum_batch_size"}
)
# Names whose PascalCase is not the plain one.
SPECIAL = {"memory_size_in_mb": "MemorySizeInMB"}
# The endpoint's arguments that are request members; any other (a retain flag, a typo) is an
# unknown field, except these, which are Terraform's business and never sent in the request.
ENDPOINT_ARGS = {
    "name": "EndpointName",
    "endpoint_config_name": "EndpointConfigName",
    "deployment_config": "DeploymentConfig",
}
NOT_SENT = frozenset(
    {
        "tags",
        "tags_all",
        "region",
        "count",
        "for_each",
        "provider",
        "depends_on",
        "lifecycle",
        "provisioner",
        "connection",
    }
)
# What the context index needs of an endpoint config; its other arguments are not read.
CONFIG_ARGS = {"name": "EndpointConfigName", "production_variants": "ProductionVariants"}


def may_hold_request(text: str) -> bool:
    return ENDPOINT in text


def pascal(name: str) -> str:
    return SPECIAL.get(name) or "".join(part[:1].upper() + part[1:] for part in name.split("_"))


@dataclass
class Loaded:
    tree: object = None  # the parsed file (its comments are read from it)
    documents: list = field(default_factory=list)  # Documents: requests and endpoint configs
    error: LoadError | None = None


class HclSourceMap(SourceMap):
    """Positions of one resource's fields, and which of its values came from a variable's
    default (the findings about them say so)."""

    def __init__(self, lines: LineIndex, start: Position):
        super().__init__(start=start, lines=lines)
        self.from_variables: dict = {}  # field path -> variable name
        self.variable_files: dict = {}  # field path -> the variable file that set it (smlint.readers.tfvars)

    def provenance(self) -> dict:
        files = self.variable_files
        return {
            path: f"variable {name} in {files[path]}" if path in files else f"variable {name}'s default"
            for path, name in self.from_variables.items()
        }


def load_terraform(path: str, text: str, var_files=(), depends_on=None) -> Loaded:
    """``var_files``: (path, as shown) of the variable files the config names for the folder;
    ``depends_on(path)`` is told of every other file read (smlint.readers.Context)."""
    try:
        tree = hcl.parse(text)
    except LoadError as exc:
        return Loaded(error=exc)
    lines = LineIndex(text)
    folder = os.path.dirname(os.path.abspath(path))
    variables = _Variables(path, folder, tree, var_files, depends_on or _ignore)
    loaded = Loaded(tree=tree)
    try:
        for block in hcl.block_list(tree.body):
            labels = hcl.labels(block)
            if hcl.name_of(block) != "resource" or len(labels) != 2 or labels[0] not in (ENDPOINT, CONFIG):
                continue
            builder = _Builder(tree, lines, variables, block)
            if labels[0] == ENDPOINT:
                loaded.documents.append(builder.endpoint(path, folder, block, labels[1]))
            else:
                loaded.documents.append(builder.config(path, folder, block, labels[1]))
    except RecursionError:
        return Loaded(error=LoadError("expressions nested too deeply; smlint stops here"))
    return loaded


def _ignore(path: str) -> None:
    pass


# --- variables ------------------------------------------------------------------------------


class _Variables:
    """Literal defaults of the ``variable`` blocks of a folder's .tf files (this file's
    tree is already parsed; the others are read only when a ``var.`` reference asks, once
    per process: see ``_file_defaults``)."""

    def __init__(self, path: str, folder: str, tree, var_files=(), depends_on=None):
        self._path = os.path.abspath(path)
        self._depends_on = depends_on or _ignore
        self._var_files = tuple(var_files)
        self._folder = folder
        self._defaults: dict | None = None
        self._own = tree
        self._set: dict = {}  # name -> (value, file) from the folder's variable files
        self.skipped: list = []  # why a file of the folder was not read (over budgets.MAX_CONTEXT_BYTES)

    def default(self, name: str):
        """(found, value) for variable ``name``'s literal default, or the value the folder's
        variable files give it (see ``source``)."""
        if self._defaults is None:
            from .tfvars import values

            self._defaults = {}
            for other in _folder_files(self._folder, self._depends_on):
                if other != self._path:
                    defaults = _file_defaults(other, self._depends_on)
                    if defaults is None:
                        self.skipped.append(
                            f"{os.path.basename(other)} beside it is larger than "
                            f"{budgets.MAX_CONTEXT_BYTES >> 10} KiB and was not read for variable defaults"
                        )
                        continue
                    self._defaults.update(defaults)
            self._defaults.update(_defaults(self._own))
            self._set = values(self._folder, self._var_files, self._depends_on)
        if name in self._set:
            return True, self._set[name][0]
        if name not in self._defaults:
            return False, None
        return True, self._defaults[name]

    def source(self, name: str) -> str | None:
        """The variable file (terraform.tfvars, x.auto.tfvars, one the config names) that sets
        ``name``, if one does."""
        found = self._set.get(name) if self._defaults is not None else None
        return found[1] if found else None


_VARIABLE = re.compile(r"^\s*variable\s", re.MULTILINE)
_CACHE: dict = {}  # absolute path -> ((mtime, size), defaults): a folder's files parsed once


def _file_defaults(path: str, depends_on) -> dict | None:
    """The literal defaults of one file's variables; None when the file is over the size
    budget of files read for context."""
    depends_on(path)
    try:
        stat = os.stat(path)
    except OSError:
        return {}
    if stat.st_size > budgets.MAX_CONTEXT_BYTES:
        return None
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _CACHE.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    found: dict = {}
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError):
        text = ""
    if _VARIABLE.search(text):
        try:
            found = _defaults(hcl.parse(text))
        except LoadError:
            pass  # that file's own syntax error is reported when that file is linted
    _CACHE[path] = (key, found)
    return found


def _defaults(tree) -> dict:
    out = {}
    for block in hcl.block_list(tree.body):
        labels = hcl.labels(block)
        if hcl.name_of(block) != "variable" or len(labels) != 1:
            continue
        for attr in hcl.attributes(hcl.body(block)):
            if hcl.name_of(attr) == "default":
                value = hcl.literal(hcl.expression(attr), tree)
                if not _has_unresolved(value):
                    out[labels[0]] = value
    return out


def _folder_files(folder: str, depends_on) -> list:
    depends_on(folder)  # a .tf file added or removed changes the folder
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [
        os.path.join(folder, n)
        for n in names
        if n.endswith(".tf") and os.path.isfile(os.path.join(folder, n))
    ]


def _has_unresolved(value) -> bool:
    if isinstance(value, Unresolved):
        return True
    if isinstance(value, dict):
        return any(_has_unresolved(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_unresolved(v) for v in value)
    return False


# --- resources -> Documents -----------------------------------------------------------------


class _Builder:
    def __init__(self, tree, lines: LineIndex, variables: _Variables, block):
        self.tree = tree
        self.lines = lines
        self.variables = variables
        # a finding about the whole resource points at its `resource` keyword
        self.source_map = HclSourceMap(lines, self.span(hcl.head(block)))
        self.duplicates: list = []

    def span(self, node) -> Position:
        start, end = self.tree.span(node)
        return Position(*self.lines.position(start), *self.lines.position(end))

    def endpoint(self, path: str, folder: str, block, label: str) -> Document:
        payload = self._object(hcl.body(block), (), ENDPOINT_ARGS, ignore=NOT_SENT)
        address = f"{ENDPOINT}.{label}"
        refers: list = list(name_keys(payload))
        if not refers:
            ref = self._config_reference(hcl.body(block))
            if ref:
                refers.insert(0, ("tf", folder, ref))
        return Document(
            path,
            UPDATE_ENDPOINT,
            payload,
            self.source_map,
            origin=address,
            duplicates=self.duplicates,
            refers_to=tuple(refers),
            target=TARGET,
        )

    def config(self, path: str, folder: str, block, label: str) -> Document:
        payload = self._object(hcl.body(block), (), CONFIG_ARGS)
        address = f"{CONFIG}.{label}"
        known: list = [("tf", folder, address), *name_keys(payload)]
        return Document(
            path,
            ENDPOINT_CONFIG,
            payload,
            self.source_map,
            origin=address,
            known_as=tuple(known),
            target=TARGET,
        )

    def _config_reference(self, body) -> str | None:
        for attr in hcl.attributes(body):
            if hcl.name_of(attr) == "endpoint_config_name":
                names = hcl.traversal(hcl.expression(attr), indexes=True)  # count/for_each instances
                if names and len(names) == 3 and names[0] == CONFIG and names[2] in ("name", "id"):
                    return f"{CONFIG}.{names[1]}"
        return None

    def _object(self, body, path: tuple, names: dict | None = None, ignore=None) -> dict:
        """A block's body as an object. ``names``: the arguments' API names, and (without
        ``ignore``) the only arguments read; ``ignore``: arguments left out."""
        only = names if ignore is None else None
        names = names or {}
        out: dict = {}
        seen: dict = {}
        for node in hcl.entries(body):
            name = hcl.name_of(node)
            if hcl.is_block(node) and name == "dynamic":
                labels = hcl.labels(node)
                if not labels:
                    continue
                name = labels[0]
                if (only is not None and name not in only) or (ignore and name in ignore):
                    continue
                key = names.get(name) or LISTS.get(name) or pascal(name)
                out[key] = Unresolved("Terraform dynamic block")
                self.source_map.add(path + (key,), self.span(hcl.head(node)), self.span(node))
                continue
            if (only is not None and name not in only) or (ignore and name in ignore):
                continue
            key = names.get(name) or pascal(name)
            if hcl.is_block(node) and name in LISTS:
                key = LISTS[name]
                items = out.setdefault(key, [])
                if not isinstance(items, list):
                    continue
                index = len(items)
                if not index:
                    self.source_map.add(path + (key,), self.span(hcl.head(node)), self.span(node))
                self.source_map.add(path + (key, index), None, self.span(node))
                items.append(self._object(hcl.body(node), path + (key, index)))
                continue
            here = path + (key,)
            if key in seen:
                self.duplicates.append(Duplicate(here, seen[key], self.span(hcl.head(node))))
            seen[key] = self.span(hcl.head(node))
            if hcl.is_block(node):
                body = hcl.body(node)
                out[key] = self._object(body, here)
                where = self.span(hcl.head(node))
                if name in CAPACITIES:
                    value = next((a for a in hcl.attributes(body) if hcl.name_of(a) == "value"), None)
                    if value is not None:
                        where = self.span(hcl.head(value))
                self.source_map.add(here, where, self.span(node))
            else:
                value = self._value(node, name, here)
                if value is None:  # null (or a variable defaulting to null): as if omitted
                    self.source_map.from_variables.pop(here, None)
                    continue
                out[key] = value
                self.source_map.add(here, self.span(hcl.head(node)), self.span(hcl.expression(node)))
        return out

    def _value(self, attribute, name: str, path: tuple):
        expression = hcl.expression(attribute)
        value = hcl.literal(expression, self.tree)
        if isinstance(value, Unresolved):
            names = hcl.traversal(expression)
            if names and len(names) == 2 and names[0] == "var":
                found, default = self.variables.default(names[1])
                if found:
                    self.source_map.from_variables[path] = names[1]
                    if self.variables.source(names[1]):
                        self.source_map.variable_files[path] = self.variables.source(names[1])
                    value = default
                elif self.variables.skipped:  # the cut is said: SM003 shows the reason
                    value = Unresolved(f"Terraform reference var.{names[1]}; {self.variables.skipped[0]}")
        return _convert(value, name)


def _convert(value, name: str):
    """Terraform's own type conversion for the attribute's schema type."""
    if name in NUMBERS:
        if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
            return int(value.strip())
        if isinstance(value, float) and value.is_integer():
            return int(value)  # 600.0 and 6e2 are whole numbers: Terraform takes them
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def snake(name: str) -> str:
    """WaitIntervalInSeconds -> wait_interval_in_seconds: the argument as Terraform spells it."""
    special = {v: k for k, v in SPECIAL.items()}
    return special.get(name) or re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def read(text: str, path: str, context):
    """The ``aws_sagemaker_endpoint`` and ``aws_sagemaker_endpoint_configuration`` resources of
    a .tf file, with the folder's variables."""
    from functools import partial

    from ..sources import Problem
    from . import no_comments
    from .extracted import Extracted

    if not may_hold_request(text):
        return Extracted()
    loaded = load_terraform(path, text, context.var_files, context.depends_on)
    err = loaded.error
    if err:
        return Extracted(problem=Problem(path, err.message, err.line, err.column), comments=no_comments)
    found = Extracted.of(loaded.documents)
    found.comments = partial(_comments_of, loaded.tree)
    return found


def _comments_of(tree) -> list:
    from . import Comment

    return [Comment(*c) for c in hcl.tree_comments(tree)]


may_hold = may_hold_request
comments = hcl.comments  # (the reader contract: HCL's own comment tokens)
