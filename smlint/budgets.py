"""Budgets: how large a value smlint follows, in one place. Past a budget a value is
``Unresolved`` with a reason that says so (SM003 shows it), never an internal error, never a
guess, and the run goes on in bounded time and memory."""

from __future__ import annotations

import signal
import threading

from .model import Unresolved

# Python's own limit for printing decimal integers is 4300 digits (sys.int_info); smlint never
# relies on that global setting: integers past MAX_INT_BITS (about 3,900 digits) are not
# followed, and smlint.wording.number shows any integer without str().
MAX_INT_DIGITS = 4300
MAX_INT_BITS = MAX_INT_DIGITS * 3
MAX_STR = 100_000  # characters of one string built by evaluation
MAX_NODES = 100_000  # parts of one value (dicts, lists, scalars), as YAML's alias expansion
MAX_ITEMS = 10_000  # items of one list built by evaluation (`+`, `.extend`, `.append`)
# Bytes of a file read only for context (a folder's Terraform variables): a request file may
# be 10 MiB (sources.MAX_FILE_BYTES), what it merely refers to is read only when small (HCL
# parses at about 100 KB/s here: a variables file is a few KB).
MAX_CONTEXT_BYTES = 256 * 1024
# Requests a CloudFormation template's Parameter probes may add (each AllowedValue, MinValue
# and MaxValue tried in place of the Default): past it, the untried ones are said in SM003.
MAX_PROBE_DOCUMENTS = 500

TOO_LARGE = "too large to evaluate"


def too_large(what: str) -> Unresolved:
    """The marker of a value past a budget: ``what`` says which (``a 5001-digit integer``)."""
    return Unresolved(f"{what}: {TOO_LARGE}")


def scalar_problem(value) -> str | None:
    """Why a scalar cannot stand in a request as it is (None when it can): a number kind the
    API has no type for, an integer or a string past its budget."""
    kind = type(value)
    if kind is bool or value is None or kind is float:
        return None
    if kind is int:
        return None if value.bit_length() <= MAX_INT_BITS else f"an integer of {value.bit_length()} bits"
    if kind is str:
        return None if len(value) <= MAX_STR else f"a string of {len(value)} characters"
    return f"a {kind.__name__} value"


def checked(value):
    """``value``, or the Unresolved marker saying why it is not followed."""
    if isinstance(value, Unresolved):
        return value
    problem = scalar_problem(value)
    if problem is None:
        return value
    return too_large(problem) if type(value) in (int, str) else Unresolved(problem)


# --------------------------------------------------------------------------- time

# Seconds of CPU time one file may take (read, parse, evaluate, lint). Past it the file is
# one SM001 "stopped after N s" and the run goes on with the next file. CPU time, not wall
# time: a machine busy with other work must not turn a normal file into an error.
FILE_SECONDS = 10.0


class OutOfTime(BaseException):  # (not an Exception: no reader's `except Exception` swallows it)
    def __init__(self, seconds: float):
        super().__init__(f"stopped after {seconds:g} s")
        self.seconds = seconds


def stopped(seconds: float, what: str) -> str:
    """The message of a file the time budget cut: its lead, then ``what`` it left undone."""
    return f"stopped after {seconds:g} s of CPU time, smlint's budget for one file (--file-timeout): {what}"


class CutSaid(BaseException):
    """OutOfTime while the runner linted a request a reader handed it as it read
    (smlint.readers.Context.lint_now), and the runner has said so at that request: the
    reader stops where it is, with no word of its own, and hands back what it has."""


_armed: list = []  # [the seconds of the budget running now] (+ "extended"); budgets never nest
_before: list = []  # the SIGPROF handler there was before smlint's, if a function
_installed: list = []  # [True] once smlint's handler is


def _expired(signum, frame):
    if _armed:
        raise OutOfTime(_armed[0])
    if _before:  # (a profiler's, whose own timer runs now)
        _before[0](signum, frame)


class time_budget:  # noqa: N801 - used as a function: ``with time_budget(seconds):``
    """Raise OutOfTime in the block once it has used ``seconds`` of CPU time.

    A SIGPROF timer (ITIMER_PROF: the process's CPU time) in the thread that lints: smlint lints a file in a process's main
    thread, serially (--jobs 1) and in each worker of the pool alike, so one mechanism covers
    both, with no process to start per file and nothing left running when it fires (a
    worker process per slow file would cost a fork per file and its result's pickling). Where
    no such timer exists (Windows, a thread other than the main one) the block runs unbounded.
    Python delivers the signal between bytecodes: a single C call (a regex, a parser) ends
    first, which the size budgets bound. The handler is installed once and stays (it does
    nothing while no budget runs): installing and restoring it per file cost ~50 us a file,
    a fifth of linting a small one. (A class, not a generator context manager: entered once
    per file, 1.2 µs against 1.8 µs here.)"""

    __slots__ = ("seconds", "armed")

    def __init__(self, seconds: float | None):
        self.seconds = seconds
        self.armed = False

    def __enter__(self) -> None:
        seconds = self.seconds
        if not (
            seconds
            and seconds > 0
            and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_PROF)[0] == 0  # (never within another budget, a profiler)
        ):
            return
        if not _installed:  # (signal.getsignal per file would cost what this saves: its enum lookup)
            previous = signal.signal(signal.SIGPROF, _expired)
            _before[:] = [previous] if callable(previous) else []
            _installed.append(True)
        _armed[:] = [seconds]
        signal.setitimer(signal.ITIMER_PROF, seconds)
        self.armed = True

    def __exit__(self, *exc) -> None:
        if self.armed:
            self.armed = False
            signal.setitimer(signal.ITIMER_PROF, 0)
            _armed.clear()  # (a signal still pending after this finds no budget)


# When a reader's work on a file runs out of time, what it had established by then (60,000
# calls cut at the 30,000th) gets this share of the budget more to be linted, rather than
# being lost with the rest. A file that fits its budget is never cut earlier for it.
EXTRA_FOR_LINTING = 0.5


def extend_for_linting() -> None:
    """After OutOfTime, caught by a reader that keeps what it established: the running
    budget's EXTRA_FOR_LINTING more, once per file (ITIMER_PROF is one-shot: it has not run
    since it fired). Cut again, the reader keeps less, and the rest runs to its end."""
    if len(_armed) == 1:
        _armed.append("extended")
        signal.setitimer(signal.ITIMER_PROF, _armed[0] * EXTRA_FOR_LINTING)


def settle() -> None:
    """A file whose cut is said: what it established is not lost to a later cut (its
    suppressions, the freeing of what it read): the running budget stops here."""
    if _armed:
        signal.setitimer(signal.ITIMER_PROF, 0)
