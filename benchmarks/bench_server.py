"""`smlint server`: how long from an edit to its diagnostics, and memory over a long session.

    python benchmarks/bench_server.py [--repeat 50] [--edits 10000]

1. Latency: the real server in a child process, driven over stdio by pygls's client. For a
   200-line deploy script and a 2,000-line CloudFormation template: ``didChange`` (the whole
   text, one value changed) -> the ``publishDiagnostics`` of that version, median of --repeat.
   The server waits for a pause in typing (smlint.server.open_documents.DEBOUNCE, 300 ms) before
   linting; the figure is given with and without that wait. The baseline is the command
   line's in-process lint of the same text (``Linter.lint_data``, what ``smlint check`` runs per
   file, no cache), median of --repeat, measured in the same run: back to back, and after the
   same 300 ms idle as the server's (a CPU's caches and clock cool down in a pause).
2. Memory: --edits edits of the deploy script, each saved (``didSave`` lints at once, without
   the pause, so every edit is linted): the resident memory of the server and of its lint
   processes, at the start and every tenth of the way.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from bench_cfn import template, to_yaml  # noqa: E402  (the same CloudFormation as bench_cfn)
from lsprotocol import types  # noqa: E402
from pygls.lsp.client import LanguageClient  # noqa: E402

from smlint.server.open_documents import DEBOUNCE  # noqa: E402


def deploy_script(lines: int = 200) -> str:
    """A deploy script of about ``lines`` lines: helpers, then the update_endpoint call."""
    head = [
        '"""Deploy the ranker: called by the pipeline once the model is registered."""',
        "",
        "import logging",
        "import time",
        "",
        "import boto3",
        "",
        "LOG = logging.getLogger(__name__)",
        'ALARMS = [{"AlarmName": "ranker-prod-5xx"}, {"AlarmName": "ranker-prod-p99-latency"}]',
        "BAKE = 10 * 60",
        "",
    ]
    helpers = []
    i = 0
    while len(head) + len(helpers) < lines - 24:
        helpers += [
            "",
            f"def wait_for_status_{i}(client, name, wanted, delay=30):",
            f'    """Poll the endpoint until its status is ``wanted`` (helper {i})."""',
            "    while True:",
            "        status = client.describe_endpoint(EndpointName=name)['EndpointStatus']",
            f"        LOG.info('endpoint %s is %s (%d)', name, status, {i})",
            "        if status == wanted:",
            "            return status",
            "        time.sleep(delay)",
        ]
        i += 1
    call = [
        "",
        "",
        "def deploy(config_name: str) -> None:",
        '    sagemaker = boto3.client("sagemaker")',
        "    deployment = {",
        '        "BlueGreenUpdatePolicy": {',
        '            "TrafficRoutingConfiguration": {',
        '                "Type": "CANARY",',
        '                "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": VALUE},',
        '                "WaitIntervalInSeconds": BAKE,',
        "            },",
        '            "TerminationWaitInSeconds": 300,',
        '            "MaximumExecutionTimeoutInSeconds": 3600,',
        "        },",
        '        "AutoRollbackConfiguration": {"Alarms": ALARMS},',
        "    }",
        "    sagemaker.update_endpoint(",
        '        EndpointName="ranker-prod",',
        "        EndpointConfigName=config_name,",
        "        DeploymentConfig=deployment,",
        "    )",
        "    wait_for_status_0(sagemaker, 'ranker-prod', 'InService')",
    ]
    return "\n".join(head + helpers + call) + "\n"


def cloudformation(lines: int = 2000) -> str:
    """A template of about ``lines`` lines: endpoints, their configs and models (bench_cfn's,
    renamed apart)."""
    rng = random.Random(20261202)
    merged = {"AWSTemplateFormatVersion": "2010-09-09", "Parameters": {}, "Resources": {}}
    i = 0
    while to_yaml(merged).count("\n") < lines:
        one = template(rng, i)
        merged["Parameters"][f"ImageUri{i}"] = one["Parameters"]["ImageUri"]
        for name, resource in one["Resources"].items():
            merged["Resources"][f"{name}{i}"] = _renamed(resource, i)
        i += 1
    return to_yaml(merged)


def _renamed(value, i: int):
    """A resource of the ``i``-th template, its references to the others of that template
    renamed as they are in the merged one."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key == "Ref" and item == "ImageUri":
                out[key] = f"ImageUri{i}"
            elif key == "Fn::GetAtt":
                out[key] = [f"{item[0]}{i}", item[1]]
            else:
                out[key] = _renamed(item, i)
        return out
    if isinstance(value, list):
        return [_renamed(item, i) for item in value]
    return value


def variant(text: str, n: int) -> str:
    """The text with one value changed (each edit a new text, as typing makes)."""
    if "VALUE" in text:
        return text.replace("VALUE", str(5 + n % 40), 1)
    return text.replace("/m:1", f"/m:{n}", 1)


def in_process(path: str, text: str, repeat: int, pause: float = 0.0) -> float:
    """Median time of the command line's lint of one file's text, in this process;
    ``pause``: seconds idle before each (as the server is while you type)."""
    from smlint import sources
    from smlint.runner import Linter, Options

    linter = Linter(Options())
    fmt = sources.file_format(path)
    data = text.encode("utf-8")
    linter.lint_data(path, data, fmt)  # (rules loaded, imports done: as for the server's warm process)
    times = []
    for n in range(repeat):
        data = variant(text, n).encode("utf-8")
        if pause:
            time.sleep(pause)
        start = time.perf_counter()
        linter.lint_data(path, data, fmt)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


class Driver:
    def __init__(self, root: Path):
        self.root = root
        self.client = LanguageClient("smlint-bench", "0")
        self.waiting: dict = {}  # (uri, version) -> Future
        self.seen: dict = {}  # (uri, version) -> time published

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params):
            key = (params.uri, params.version)
            self.seen[key] = time.perf_counter()
            future = self.waiting.pop(key, None)
            if future is not None and not future.done():
                future.set_result(self.seen[key])

    async def start(self):
        await self.client.start_io(sys.executable, "-m", "smlint", "server", cwd=self.root)
        await self.client.initialize_async(
            types.InitializeParams(
                capabilities=types.ClientCapabilities(), process_id=os.getpid(), root_uri=self.root.as_uri()
            )
        )
        self.client.initialized(types.InitializedParams())

    def server_pids(self) -> list:
        pid = self.client._server.pid
        pids = [pid]
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                pids += [int(p) for p in fh.read().split()]
        return pids

    def rss_mib(self) -> tuple:
        out = []
        for pid in self.server_pids():
            with open(f"/proc/{pid}/status") as fh:
                kb = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:"))
            out.append(kb / 1024)
        return tuple(out)

    async def published(self, uri: str, version: int) -> float:
        if (uri, version) in self.seen:
            return self.seen[(uri, version)]
        future = asyncio.get_running_loop().create_future()
        self.waiting[(uri, version)] = future
        return await asyncio.wait_for(future, 60)

    def open(self, uri: str, text: str) -> None:
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "x", 1, text))
        )

    def change(self, uri: str, text: str, version: int) -> None:
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version, uri),
                [types.TextDocumentContentChangeWholeDocument(text)],
            )
        )

    def save(self, uri: str) -> None:
        self.client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri)))

    async def stop(self):
        await self.client.shutdown_async(None)
        self.client.exit(None)
        await self.client.stop()


async def latency(driver: Driver, uri: str, text: str, repeat: int) -> float:
    driver.open(uri, variant(text, 0))
    await driver.published(uri, 1)
    times = []
    for n in range(repeat):
        version = n + 2
        start = time.perf_counter()
        driver.change(uri, variant(text, n + 1), version)
        times.append(await driver.published(uri, version) - start)
    return statistics.median(times)


async def memory(driver: Driver, uri: str, text: str, edits: int) -> list:
    driver.open(uri, variant(text, 0))
    await driver.published(uri, 1)
    samples = []
    for n in range(edits):
        version = n + 2
        driver.change(uri, variant(text, n), version)
        driver.save(uri)
        await driver.published(uri, version)
        if n == 99 or (n + 1) % (edits // 10 or 1) == 0:
            samples.append((n + 1, driver.rss_mib()))
    return samples


async def run(args) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        cases = [("deploy.py", deploy_script()), ("stack.yaml", cloudformation())]
        baseline, paused = {}, {}
        for name, text in cases:
            (root / name).write_text(variant(text, 0), encoding="utf-8")
            baseline[name] = in_process(str(root / name), text, args.repeat)
            paused[name] = in_process(str(root / name), text, args.repeat, DEBOUNCE)
        driver = Driver(root)
        await driver.start()
        try:
            for name, text in cases:
                uri = (root / name).as_uri()
                median = await latency(driver, uri, text, args.repeat)
                work = median - DEBOUNCE
                print(f"{name}: {text.count(chr(10))} lines")
                print(f"  in-process lint (smlint check's, per file)  {baseline[name] * 1000:8.1f} ms")
                print(
                    f"  didChange -> publishDiagnostics            {median * 1000:8.1f} ms  (median of {args.repeat})"
                )
                print(f"    less the {DEBOUNCE * 1000:.0f} ms pause in typing         {work * 1000:8.1f} ms")
                print(
                    f"  in-process lint after {DEBOUNCE * 1000:.0f} ms idle (caches cold)  {paused[name] * 1000:8.1f} ms"
                )
                print(
                    f"  ratio (less the pause) / in-process: {work / baseline[name]:.2f}"
                    f"; / in-process after the same idle: {work / paused[name]:.2f}"
                )
            if args.edits:
                uri = (root / "memory.py").as_uri()
                samples = await memory(driver, uri, deploy_script(), args.edits)
                print(
                    f"memory over {args.edits} edits of the deploy script (each linted), MiB RSS (server, lint processes)"
                )
                for n, rss in samples:
                    print(
                        f"  after {n:6d} edits: "
                        + ", ".join(f"{r:6.1f}" for r in rss)
                        + f"   total {sum(rss):6.1f}"
                    )
        finally:
            await driver.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--edits", type=int, default=10_000)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
