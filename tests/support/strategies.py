"""Hypothesis strategies for SageMaker endpoint requests, written by hand from the AWS API
model (botocore's sagemaker service-2.json, and the API Reference pages), not from smlint's
schema, so that the two can disagree.

``requests()`` draws (kind, payload): a request that is valid in every SM1xx respect.
``mutated()`` draws (kind, payload, expected) where exactly one field was moved out of the
model: ``expected`` is (rule id, path) of the one SM1xx finding smlint must report.
"""

from __future__ import annotations

import copy
import string

from hypothesis import strategies as st

UPDATE, CREATE, CONFIG = "update-endpoint", "create-endpoint", "deployment-config"

ROUTING_TYPES = ("ALL_AT_ONCE", "CANARY", "LINEAR")
CAPACITY_TYPES = ("INSTANCE_COUNT", "CAPACITY_PERCENT")
VARIANT_PROPERTY_TYPES = ("DesiredInstanceCount", "DesiredWeight", "DataCaptureConfig")

WAIT = (0, 3600)  # WaitIntervalInSeconds (both policies), TerminationWaitInSeconds
TIMEOUT = (600, 28800)  # MaximumExecutionTimeoutInSeconds (both policies)

# Kinds of field, by where they sit. A path is matched on its tail (list indexes as "[]").
# (Booleans, lists and objects without limits need no table: a valid payload's value already
# has the model's type, which is all a wrong-type mutation needs to know.)
INT_RANGES = {
    ("TrafficRoutingConfiguration", "WaitIntervalInSeconds"): WAIT,
    ("BlueGreenUpdatePolicy", "TerminationWaitInSeconds"): WAIT,
    ("BlueGreenUpdatePolicy", "MaximumExecutionTimeoutInSeconds"): TIMEOUT,
    ("RollingUpdatePolicy", "WaitIntervalInSeconds"): WAIT,
    ("RollingUpdatePolicy", "MaximumExecutionTimeoutInSeconds"): TIMEOUT,
    ("CanarySize", "Value"): (1, None),
    ("LinearStepSize", "Value"): (1, None),
    ("MaximumBatchSize", "Value"): (1, None),
    ("RollbackMaximumBatchSize", "Value"): (1, None),
}
ENUMS = {
    ("TrafficRoutingConfiguration", "Type"): ROUTING_TYPES,
    ("CanarySize", "Type"): CAPACITY_TYPES,
    ("LinearStepSize", "Type"): CAPACITY_TYPES,
    ("MaximumBatchSize", "Type"): CAPACITY_TYPES,
    ("RollbackMaximumBatchSize", "Type"): CAPACITY_TYPES,
    ("[]", "VariantPropertyType"): VARIANT_PROPERTY_TYPES,
}
NAMES = {  # string fields with length/pattern limits: their invalid values
    ("EndpointName",): (
        "",
        "-churn",
        "churn-",
        "churn_prod",
        "churn prod",
        "churn.prod",
        "a" * 64,
        "churn\n",
    ),
    ("EndpointConfigName",): ("", "-v7", "v7-", "churn_v7", "churn v7", "v7.1", "b" * 64, "v7\n"),
    ("[]", "AlarmName"): ("", "   ", "x" * 256),
    ("Tags", "[]", "Key"): ("", "k" * 129),
    ("Tags", "[]", "Value"): ("v" * 257,),
}
LISTS = {  # list fields: (too short, too long) item counts or None
    ("AutoRollbackConfiguration", "Alarms"): (0, 11),
    ("ExcludeRetainedVariantProperties",): (None, 4),
    ("Tags",): (None, 51),
}
REQUIRED = {  # object fields (by tail) and their required members
    (): ("EndpointName", "EndpointConfigName"),
    ("BlueGreenUpdatePolicy",): ("TrafficRoutingConfiguration",),
    ("TrafficRoutingConfiguration",): ("Type", "WaitIntervalInSeconds"),
    ("RollingUpdatePolicy",): ("MaximumBatchSize", "WaitIntervalInSeconds"),
    ("CanarySize",): ("Type", "Value"),
    ("LinearStepSize",): ("Type", "Value"),
    ("MaximumBatchSize",): ("Type", "Value"),
    ("RollbackMaximumBatchSize",): ("Type", "Value"),
    ("ExcludeRetainedVariantProperties", "[]"): ("VariantPropertyType",),
    ("Tags", "[]"): ("Key", "Value"),
}


def _tail(path: tuple) -> tuple:
    return tuple("[]" if isinstance(p, int) else p for p in path)


def _lookup(table, path: tuple):
    tail = _tail(path)
    for size in (3, 2, 1):
        if len(tail) >= size and tail[-size:] in table:
            return table[tail[-size:]]
    return None


# --------------------------------------------------------------------------- valid values

ALNUM = string.ascii_letters + string.digits


@st.composite
def names(draw):
    """[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}, at most 63 characters."""
    size = draw(st.integers(1, 63))
    body = draw(st.lists(st.sampled_from(ALNUM + "-"), min_size=max(size - 2, 0), max_size=max(size - 2, 0)))
    first = draw(st.sampled_from(ALNUM))
    if size == 1:
        return first
    return first + "".join(body) + draw(st.sampled_from(ALNUM))


# AlarmName: 1-255 characters, not blank, one line. Letters, digits, punctuation, symbols and
# ordinary spaces from all of Unicode (not line or paragraph separators, not control chars).
alarm_names = st.text(
    st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters="\x85\u2028\u2029"),
    min_size=1,
    max_size=255,
).filter(lambda s: s.strip() != "")

tag_keys = st.text(string.ascii_letters + string.digits + " _.:/=+-@", min_size=1, max_size=128)
tag_values = st.text(string.ascii_letters + string.digits + " _.:/=+-@", max_size=256)

capacity = st.fixed_dictionaries({"Type": st.sampled_from(CAPACITY_TYPES), "Value": st.integers(1, 10**6)})
waits = st.integers(*WAIT)
timeouts = st.integers(*TIMEOUT)

routing = st.fixed_dictionaries(
    {"Type": st.sampled_from(ROUTING_TYPES), "WaitIntervalInSeconds": waits},
    optional={"CanarySize": capacity, "LinearStepSize": capacity},
)
blue_green = st.fixed_dictionaries(
    {"TrafficRoutingConfiguration": routing},
    optional={"TerminationWaitInSeconds": waits, "MaximumExecutionTimeoutInSeconds": timeouts},
)
rolling = st.fixed_dictionaries(
    {"MaximumBatchSize": capacity, "WaitIntervalInSeconds": waits},
    optional={"MaximumExecutionTimeoutInSeconds": timeouts, "RollbackMaximumBatchSize": capacity},
)
alarms = st.lists(st.fixed_dictionaries({}, optional={"AlarmName": alarm_names}), min_size=1, max_size=10)
auto_rollback = st.fixed_dictionaries({}, optional={"Alarms": alarms})

# Never empty: an empty DeploymentConfig is valid, but then a look-alike key could make the
# request someone else's (smlint.detect) and the mutation tests would test detection.
deployment_config = st.fixed_dictionaries(
    {},
    optional={
        "BlueGreenUpdatePolicy": blue_green,
        "RollingUpdatePolicy": rolling,
        "AutoRollbackConfiguration": auto_rollback,
    },
).filter(bool)

variant_properties = st.lists(
    st.fixed_dictionaries({"VariantPropertyType": st.sampled_from(VARIANT_PROPERTY_TYPES)}), max_size=3
)
tags = st.lists(st.fixed_dictionaries({"Key": tag_keys, "Value": tag_values}), max_size=50)

update_requests = st.fixed_dictionaries(
    {"EndpointName": names(), "EndpointConfigName": names()},
    optional={
        "RetainAllVariantProperties": st.booleans(),
        "ExcludeRetainedVariantProperties": variant_properties,
        "DeploymentConfig": deployment_config,
        "RetainDeploymentConfig": st.booleans(),
    },
)
create_requests = st.fixed_dictionaries(
    {"EndpointName": names(), "EndpointConfigName": names()},
    optional={"DeploymentConfig": deployment_config, "Tags": tags},
)


def requests():
    """(kind, payload) of every kind smlint lints."""
    return st.one_of(
        st.tuples(st.just(UPDATE), update_requests),
        st.tuples(st.just(CREATE), create_requests),
        st.tuples(st.just(CONFIG), deployment_config),
    )


def file_name(kind: str, fmt: str) -> str:
    """A file name from which smlint.detect infers ``kind`` (create: by the name's hint)."""
    stem = {UPDATE: "update-request", CREATE: "create-endpoint", CONFIG: "deployment-config"}[kind]
    return f"{stem}.{fmt}"


def file_path(kind: str, path: tuple) -> tuple:
    """A path as smlint names it -> the path inside the file (a bare DeploymentConfig file
    is read as the request that would carry it)."""
    return path[1:] if kind == CONFIG else path


# --------------------------------------------------------------------------- mutations


def _walk(value, path=()):
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, path + (i,))


def _set(data, path, value):
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def _get(data, path):
    for key in path:
        data = data[key]
    return data


WRONG_TYPES = {  # a value of the wrong JSON type, by the type the model wants
    "integer": ("600", 600.5, 600.0, True, False, None, [], {}, [1]),
    "string": (5, 0, 1.5, True, None, [], {}, ["x"]),
    "boolean": ("true", "false", 1, 0, None, [], {}),
    "array": ({}, "x", 5, None, True),
    "object": ("x", "", 5, 1.5, None, False, [], ["x"]),
}

# Unknown member names: never a member of any request shape, never a key of a look-alike
# document that smlint.detect steps aside for.
unknown_keys = st.text(string.ascii_letters, min_size=4, max_size=12).map(lambda s: "Xq" + s)


def _model_type(value) -> str:
    """In a valid payload every value already has the model's type."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def wrap(kind: str, payload):
    """The payload as smlint sees it: a bare DeploymentConfig is wrapped."""
    return {"DeploymentConfig": payload} if kind == CONFIG else payload


def unwrap(kind: str, wrapped):
    return wrapped["DeploymentConfig"] if kind == CONFIG else wrapped


def _sites(kind: str, wrapped):
    """(mutation, path) pairs, paths as smlint names them, that move exactly one field out
    of the model."""
    file_root = ("DeploymentConfig",) if kind == CONFIG else ()
    for path, value in _walk(wrapped):
        if len(path) < len(file_root):
            continue  # the wrapper is not in the file
        if path != file_root:
            yield "type", path  # the root of the file must stay an object to be a request
        if _lookup(INT_RANGES, path):
            yield "range", path
        if _lookup(ENUMS, path):
            yield "enum", path
        if _lookup(NAMES, path):
            yield "name", path
        if isinstance(value, list) and _lookup(LISTS, path):
            yield "length", path
        if isinstance(value, dict):
            yield "unknown", path
            required = REQUIRED[()] if not path else _lookup({k: v for k, v in REQUIRED.items() if k}, path)
            for member in required or ():
                if member not in value:
                    continue
                if not path and member == "EndpointConfigName" and "DeploymentConfig" not in value:
                    # {"EndpointName": ...} alone mentions nothing of ours: smlint (by design)
                    # does not read it as a request at all (see test_detect).
                    continue
                yield ("required", member), path


@st.composite
def mutated(draw, base=None):
    """(kind, payload, (rule, path)): exactly one field moved out of the model; ``path`` as
    smlint names it."""
    kind, payload = draw(base or requests())
    wrapped = copy.deepcopy(wrap(kind, payload))
    sites: dict = {}
    for what, path in _sites(kind, wrapped):
        sites.setdefault(what if isinstance(what, str) else what[0], []).append((what, path))
    # the kind of mutation first, then the place: every rule gets its share of examples
    what, path = draw(st.sampled_from(sites[draw(st.sampled_from(sorted(sites)))]))
    expected = _mutate(draw, wrapped, what, path)
    return kind, unwrap(kind, wrapped), expected


def _mutate(draw, wrapped, what, path):
    if what == "type":
        wrong = draw(st.sampled_from(WRONG_TYPES[_model_type(_get(wrapped, path))]))
        _set(wrapped, path, copy.deepcopy(wrong))
        return "SM103", path
    if what == "range":
        low, high = _lookup(INT_RANGES, path)
        choices = [st.integers(low - 10**6, low - 1)]
        if high is not None:
            choices.append(st.integers(high + 1, high + 10**6))
        _set(wrapped, path, draw(st.one_of(choices)))
        return "SM104", path
    if what == "enum":
        allowed = _lookup(ENUMS, path)
        right = draw(st.sampled_from(allowed))
        wrong = draw(
            st.one_of(
                st.sampled_from(
                    [right.lower(), right.title(), right.replace("_", "-"), right + " ", "BLUE_GREEN", ""]
                ),
                # (COPY_COUNT and CAPACITY_PERCENTAGE are left out: in a bare rolling
                # DeploymentConfig they mark an inference component's or a HyperPod cluster's
                # config, which smlint leaves alone; test_detect covers both)
                st.text(string.ascii_uppercase + "_", min_size=1, max_size=20),
            ).filter(lambda s: s not in allowed and s not in ("COPY_COUNT", "CAPACITY_PERCENTAGE"))
        )
        _set(wrapped, path, wrong)
        return "SM105", path
    if what == "name":
        _set(wrapped, path, draw(st.sampled_from(_lookup(NAMES, path))))
        return "SM106", path
    if what == "length":
        counts = [c for c in _lookup(LISTS, path) if c is not None]
        count = draw(st.sampled_from(counts))
        items = _get(wrapped, path) or [_filler(path)]
        _set(wrapped, path, [copy.deepcopy(items[i % len(items)]) for i in range(count)])
        return "SM107", path
    if what == "unknown":
        target = _get(wrapped, path)
        key = draw(unknown_keys.filter(lambda k: k not in target))
        target[key] = draw(st.sampled_from([1, "x", True, None, {}, []]))
        return "SM102", path + (key,)
    _, member = what
    del _get(wrapped, path)[member]
    return "SM101", path + (member,)


def _filler(path):
    if path[-1] == "Alarms":
        return {"AlarmName": "churn-prod-5xx"}
    if path[-1] == "Tags":
        return {"Key": "team", "Value": "ml"}
    return {"VariantPropertyType": "DesiredWeight"}
