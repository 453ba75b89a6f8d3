"""`make mutate`: mutation testing of the modules where a silent mistake costs most.

Cosmic Ray changes one thing in a module's source (a ``<`` into ``<=``, a number, a
``True``, a removed ``not``...), runs the tests that exercise that module, and puts the
source back; a mutant that no test notices "survives". It mutates the files in place,
so the change reaches everything the tests start: Pelican in this process, forked
workers, the PDF worker pool and ``briefings`` run as a command.

Each lane is a copy of the working tree under ``.mutation/`` with a Cosmic Ray worker
serving it on loopback; every mutant of a module is handed to whichever lane is free,
and the lanes' ``PYTHONPATH`` makes even a subprocess import the lane's code. Before a
module's mutants run, its tests must pass on the unchanged code and fail when every
function of the module raises (or they would not be testing it at all).

The sessions (``.mutation/*.sqlite``, kept out of git) hold every result; the report
at the end lists each survivor with its file, line and diff. See docs/testing.md.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cosmic_ray.work_db import WorkDB, use_db
from cosmic_ray.work_item import TestOutcome, WorkerOutcome, WorkResult

PROJECT = Path(__file__).resolve().parent.parent
WORK = PROJECT / ".mutation"
BIN = Path(sys.executable).parent

MODULES: dict[str, list[str]] = {
    "generator/content/loading.py": [
        "tests/content/test_loading.py",
        "tests/checks/test_checks.py",
        "-k",
        "test_loading or symbolic_link_anywhere or hostile_files_are_each",
    ],
    "generator/markdown/render.py": ["tests/markdown/test_markdown.py"],
    "generator/markdown/references.py": ["tests/markdown/test_markdown.py"],
    "generator/markdown/citations.py": ["tests/markdown/test_markdown.py"],
    "generator/pdf/fetcher.py": [
        "tests/pdf/test_fetcher.py",
        "tests/pdf/test_pdf_step.py",
        "-k",
        "fetcher or hostile",
    ],
    "generator/engine/publishing.py": ["tests/engine/test_publishing.py", "-m", "not slow"],
    "generator/engine/last_build.py": ["tests/engine/test_last_build.py"],
    "generator/checks/references.py": [
        "tests/checks/test_checks.py",
        "-k",
        "mistake or base_corpus",
    ],
}
"""Each module and the pytest arguments choosing the tests that exercise it: fixture and
unit tests, never a build of the whole site with its PDFs."""

KEPT_REPLACEMENTS = [
    "Add_Sub",
    "Sub_Add",
    "Mul_Div",
    "Div_Mul",
    "FloorDiv_Div",
    "Mod_FloorDiv",
    "Pow_Mul",
    "LShift_RShift",
    "RShift_LShift",
    "BitOr_BitAnd",
    "BitAnd_BitOr",
    "BitXor_BitOr",
]
KEPT_COMPARISONS = [
    "Eq_NotEq",
    "NotEq_Eq",
    "Lt_LtE",
    "LtE_Lt",
    "Gt_GtE",
    "GtE_Gt",
    "Is_IsNot",
    "IsNot_Is",
]
EXCLUDED_OPERATORS = [
    # One replacement per operator: `a + b` turned into `a - b` asks whether the sum is
    # tested; `a ** b`, `a << b` and eight more ask the same question again.
    rf"core/ReplaceBinaryOperator_(?!({'|'.join(KEPT_REPLACEMENTS)})$)",
    # The opposite of (in)equality and identity, and the boundary of an ordering.
    rf"core/ReplaceComparisonOperator_(?!({'|'.join(KEPT_COMPARISONS)})$)",
    # Removing `not`, `-` or `~`; turning one into another asks the same question.
    r"core/ReplaceUnaryOperator_(?!Delete_)",
]


@dataclass(frozen=True)
class Equivalent:
    """Mutants of ``line`` in ``module`` that no test can tell from it, and why."""

    module: str
    line: str
    mutated: tuple[str, ...]
    why: str
    after: str = ""
    """The line before it, where ``line`` alone is not unique."""


EQUIVALENT = [
    Equivalent(
        "generator/engine/publishing.py",
        "COMPARE_CHUNK = 1 << 20",
        ("COMPARE_CHUNK = 2 << 20", "COMPARE_CHUNK = 1 << 21", "COMPARE_CHUNK = 1 << 19"),
        "files are compared in chunks of any size: only the memory used changes",
    ),
    Equivalent(
        "generator/engine/publishing.py",
        "umask = os.umask(0o022)",
        ("umask = os.umask(19)", "umask = os.umask(17)"),
        "the umask is set only to read it, and put back before anything is created",
    ),
    Equivalent(
        "generator/engine/publishing.py",
        'retired = output_dir.with_name(f"{retired_prefix(output_dir)}{secrets.token_hex(4)}")',
        (
            'retired = output_dir.with_name(f"{retired_prefix(output_dir)}{secrets.token_hex(5)}")',
            'retired = output_dir.with_name(f"{retired_prefix(output_dir)}{secrets.token_hex(3)}")',
        ),
        "a random name of other length is as good a temporary name",
    ),
    Equivalent(
        "generator/engine/publishing.py",
        'temporary = path.with_name(f".{name}.{secrets.token_hex(4)}.link")',
        (
            'temporary = path.with_name(f".{name}.{secrets.token_hex(5)}.link")',
            'temporary = path.with_name(f".{name}.{secrets.token_hex(3)}.link")',
        ),
        "a random name of other length is as good a temporary name",
    ),
    Equivalent(
        "generator/engine/last_build.py",
        "RECORD_FORMAT = 2",
        ("RECORD_FORMAT = 3", "RECORD_FORMAT = 1"),
        "a version compared only with itself; older records fail on their output anyway",
    ),
    Equivalent(
        "generator/engine/last_build.py",
        "digest.update(json.dumps(facts, sort_keys=True).encode())",
        ("digest.update(json.dumps(facts, sort_keys=False).encode())",),
        "the facts are built in a fixed order and their settings sorted by _canonical",
    ),
    Equivalent(
        "generator/engine/last_build.py",
        "for key, item in sorted(value.items(), key=lambda kv: str(kv[0]))",
        (
            "for key, item in sorted(value.items(), key=lambda kv: str(kv[1]))",
            "for key, item in sorted(value.items(), key=lambda kv: str(kv[-1]))",
        ),
        "the digest's json.dumps sorts the keys again",
    ),
    Equivalent(
        "generator/engine/last_build.py",
        "return sorted(json.dumps(_canonical(item), sort_keys=True) for item in value)",
        ("return sorted(json.dumps(_canonical(item), sort_keys=False) for item in value)",),
        "a set cannot hold a mapping, the only value whose keys could be sorted",
    ),
    Equivalent(
        "generator/engine/last_build.py",
        "if value is None or isinstance(value, str | int | float | bool):",
        ("if value is None and isinstance(value, str | int | float | bool):",),
        "plain values then go through repr(), which tells them apart just as well",
    ),
    Equivalent(
        "generator/engine/last_build.py",
        'temporary.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")',
        (
            'temporary.write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")',
            'temporary.write_text(json.dumps(data, indent=0, default=str), encoding="utf-8")',
        ),
        "the record is read back by json.loads, whatever its indentation",
    ),
    Equivalent(
        "generator/engine/last_build.py",
        "name = hashlib.sha256(str(output_dir.resolve()).encode()).hexdigest()[:16]",
        (
            "name = hashlib.sha256(str(output_dir.resolve()).encode()).hexdigest()[:17]",
            "name = hashlib.sha256(str(output_dir.resolve()).encode()).hexdigest()[:15]",
        ),
        "a record's file name may be any long enough prefix of the hash",
    ),
    Equivalent(
        "generator/engine/last_build.py",
        "def _digest_tree(digest: Any, root: Path, *, with_modes: bool = False) -> None:",
        ("def _digest_tree(digest: Any, root: Path, /, with_modes: bool = False) -> None:",),
        "every call passes root by position and with_modes by name",
    ),
    Equivalent(
        "generator/pdf/fetcher.py",
        "def __init__(self, site_url: str, site_dir: Path, *, document: str = "
        '"the document") -> None:',
        (
            "def __init__(self, site_url: str, site_dir: Path, /, document: str = "
            '"the document") -> None:',
        ),
        "every call passes the site by position and the document by name",
    ),
    Equivalent(
        "generator/pdf/fetcher.py",
        'super().__init__(allowed_protocols=("data",), allow_redirects=False)',
        ('super().__init__(allowed_protocols=("data",), allow_redirects=True)',),
        "WeasyPrint's own fetching is left only data: URIs, which never redirect",
    ),
    Equivalent(
        "generator/content/loading.py",
        "shown, 1,",  # error(shown, 1, 1, ...) written over several lines
        ("shown, 0,",),
        "error() raises a line or column below 1 to 1",
    ),
    Equivalent(
        "generator/content/loading.py",
        "1, 1,",
        ("1, 0,",),
        "error() raises a line or column below 1 to 1",
    ),
    Equivalent(
        "generator/content/loading.py",
        "line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)",
        (
            "line, column = (mark.line + 1, mark.column + 1) if mark else (0, 1)",
            "line, column = (mark.line + 1, mark.column + 1) if mark else (1, 0)",
        ),
        "error() raises a line or column below 1 to 1",
    ),
    Equivalent(
        "generator/content/loading.py",
        'f"file is larger than {MAX_FILE_BYTES // 1024} KiB",',
        ('f"file is larger than {MAX_FILE_BYTES // 1023} KiB",',),
        "262,144 // 1023 is 256 as well",
    ),
    Equivalent(
        "generator/content/loading.py",
        "def locate(self, loc: Sequence[Any], *, value: bool = False) -> Location:",
        ("def locate(self, loc: Sequence[Any], /, value: bool = False) -> Location:",),
        "every call passes loc by position and value by name",
    ),
    Equivalent(
        "generator/content/loading.py",
        "path: Path, *, display_path: str | None = None",
        ("path: Path, /, display_path: str | None = None",),
        "every call passes the path by position and display_path by name",
    ),
    Equivalent(
        "generator/markdown/render.py",
        "@cache",
        ("",),
        "the parser is built once instead of for every text: the same HTML, only slower",
    ),
    Equivalent(
        "generator/markdown/render.py",
        'MarkdownIt("commonmark", {"html": False, "typographer": False})',
        ('MarkdownIt("commonmark", {"html": False, "typographer": True})',),
        "the commonmark preset leaves the typographic rules off: the option has no rule to act on",
    ),
    Equivalent(
        "generator/content/loading.py",
        "value_positions: dict[tuple[Any, ...], Location] = field(default_factory=dict, "
        "repr=False)",
        (
            "value_positions: dict[tuple[Any, ...], Location] = field(default_factory=dict, "
            "repr=True)",
        ),
        "only what repr() prints for a document changes",
    ),
    Equivalent(
        "generator/content/loading.py",
        "positions: dict[tuple[Any, ...], Location] = field(default_factory=dict, repr=False)",
        ("positions: dict[tuple[Any, ...], Location] = field(default_factory=dict, repr=True)",),
        "only what repr() prints for a document changes",
    ),
    Equivalent(
        "generator/content/loading.py",
        "raw = stream.read(MAX_FILE_BYTES + 1)",
        ("raw = stream.read(MAX_FILE_BYTES + 2)",),
        "reading two bytes past the limit tells a file over it just as one does",
    ),
    Equivalent(
        "generator/content/loading.py",
        'return _parse_events(YAML(typ="safe", pure=True).parse(text), text, path, shown, what)',
        (
            'return _parse_events(YAML(typ="safe", pure=False).parse(text), text, path, shown, '
            "what)",
        ),
        "ruamel.yaml.clib is not in the lock files, so ruamel.yaml parses in Python either way",
    ),
    Equivalent(
        "generator/markdown/render.py",
        'if block.type == "inline" and block.children:',
        ('if block.type == "inline" or block.children:',),
        "only inline tokens have children, and an inline token's list is never None",
    ),
    Equivalent(
        "generator/engine/publishing.py",
        "return False",
        ("return True",),
        "a file missing on either side cannot be linked: the link that follows fails, "
        "and the copy is kept",
        after="except OSError:",
    ),
]
"""Survivors that are not a gap in the tests, explained in docs/testing.md."""


def _squeezed(text: str) -> str:
    return "".join(text.split())


_AT_THE_START = re.compile(r"(?P<call>\berror\([^,]+,)1,1,")
"""``error(path, 1, 1,`` without spaces: a problem located at the start of its file."""
_EQUIVALENT = {
    (known.module, _squeezed(known.after), _squeezed(known.line), _squeezed(mutated)): known.why
    for known in EQUIVALENT
    for mutated in known.mutated
}

CONFIG = """\
[cosmic-ray]
module-path = "{module}"
timeout = {timeout}
excluded-modules = []
test-command = "{command}"

[cosmic-ray.distributor]
name = "http"

[cosmic-ray.distributor.http]
worker-urls = [{urls}]

[cosmic-ray.filters.operators-filter]
exclude-operators = [{excluded}]
"""
WORKER = """\
import sys
from aiohttp import web
from cosmic_ray.distribution.http import handle_mutate_and_test
app = web.Application()
app.add_routes([web.post("/", handle_mutate_and_test)])
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
"""


@dataclass
class Lane:
    root: Path
    port: int
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all listed)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested side by side")
    parser.add_argument("--report", action="store_true", help="only report the last sessions")
    args = parser.parse_args()
    modules = args.modules or list(MODULES)
    unknown = [module for module in modules if module not in MODULES]
    if unknown:
        parser.error(f"not in scope: {', '.join(unknown)} (see MODULES in {__file__})")
    if not args.report:
        started = time.monotonic()
        WORK.mkdir(exist_ok=True)
        with lanes(args.jobs) as running:
            for module in modules:
                run_module(module, running)
        minutes = (time.monotonic() - started) / 60
        print(f"\nmutation testing took {minutes:.0f} min with {args.jobs} lanes")
    return report(modules)


@contextlib.contextmanager
def lanes(count: int) -> Iterator[list[Lane]]:
    """``count`` copies of the working tree, each served by a worker on loopback."""
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=PROJECT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    running: list[Lane] = []
    try:
        for number in range(count):
            root = WORK / f"lane-{number}"
            shutil.rmtree(root, ignore_errors=True)
            for name in filter(None, files.split("\0")):
                if (PROJECT / name).is_file() and not name.startswith(".mutation/"):
                    (root / name).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(PROJECT / name, root / name, follow_symlinks=False)
            port = free_port()
            process = subprocess.Popen(
                [sys.executable, "-c", WORKER, str(port)], cwd=root, env=lane_env(root)
            )
            running.append(Lane(root, port, process))
        for lane in running:
            wait_for(lane)
            check_imports_from(lane)
        yield running
    finally:
        for lane in running:
            lane.process.terminate()
            lane.process.wait(timeout=30)


def lane_env(root: Path) -> dict[str, str]:
    """The lane's code first on every interpreter's path, its own subprocesses included."""
    return {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(lane: Lane) -> None:
    deadline = time.monotonic() + 60
    while True:
        if lane.process.poll() is not None:
            raise SystemExit(f"the worker of {lane.root} stopped at start")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", lane.port)):
            return
        if time.monotonic() > deadline:
            raise SystemExit(f"the worker of {lane.root} did not start")
        time.sleep(0.2)


def check_imports_from(lane: Lane) -> None:
    """A subprocess in the lane must import the lane's copy, or mutants go unseen."""
    found = subprocess.run(
        [str(BIN / "python"), "-c", "import generator; print(generator.__file__)"],
        cwd=lane.root,
        env=lane_env(lane.root),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not Path(found).is_relative_to(lane.root):
        raise SystemExit(f"a subprocess in {lane.root} imports {found}")


def test_command(module: str) -> list[str]:
    return [
        str(BIN / "python"),
        "-m",
        "pytest",
        "-x",
        "-q",
        "-p",
        "no:cacheprovider",
        *MODULES[module],
    ]


def run_module(module: str, running: list[Lane]) -> None:
    name = module.removesuffix(".py").replace("/", ".")
    print(f"\n== {module}: tests {' '.join(MODULES[module])}", flush=True)
    baseline = time_tests(module, running[0])
    # A mutant that loops forever is killed at the timeout; the lanes' HTTP requests
    # give up at 300 s.
    timeout = min(max(60.0, 10 * baseline), 280.0)
    print(f"   tests pass unchanged in {baseline:.0f} s; a mutant gets {timeout:.0f} s")
    config = WORK / f"{name}.toml"
    session = WORK / f"{name}.sqlite"
    command = shlex.join(test_command(module))
    config.write_text(
        CONFIG.format(
            module=module,
            timeout=timeout,
            command=command.replace("\\", "\\\\").replace('"', '\\"'),
            urls=", ".join(f'"{lane.url}"' for lane in running),
            excluded=", ".join(f"'{pattern}'" for pattern in EXCLUDED_OPERATORS),
        )
    )
    session.unlink(missing_ok=True)
    cosmic_ray = str(BIN / "cosmic-ray")
    # Mutants are found in a lane's copy: the working tree may change during the run.
    copy = running[0].root
    subprocess.run([cosmic_ray, "init", str(config), str(session)], cwd=copy, check=True)
    subprocess.run(
        [str(BIN / "cr-filter-operators"), str(session), str(config)], cwd=PROJECT, check=True
    )
    with use_db(str(session), WorkDB.Mode.open) as db:
        skip_annotations(db, copy / module)
        pending = len(db.pending_work_items)
    print(f"   {pending} mutants", flush=True)
    subprocess.run([cosmic_ray, "exec", str(config), str(session)], cwd=PROJECT, check=True)


def time_tests(module: str, lane: Lane) -> float:
    """Seconds the module's tests take unchanged; they must also fail when every
    function of the module raises, or they do not exercise it."""
    started = time.monotonic()
    passed = subprocess.run(
        test_command(module), cwd=lane.root, env=lane_env(lane.root), capture_output=True
    )
    seconds = time.monotonic() - started
    if passed.returncode != 0:
        sys.stdout.buffer.write(passed.stdout + passed.stderr)
        raise SystemExit(f"the tests of {module} fail without any mutation")
    source = lane.root / module
    original = source.read_bytes()
    try:
        source.write_text(every_function_raises(original.decode()), encoding="utf-8")
        broken = subprocess.run(
            test_command(module), cwd=lane.root, env=lane_env(lane.root), capture_output=True
        )
    finally:
        source.write_bytes(original)
    if broken.returncode == 0:
        raise SystemExit(f"the tests of {module} pass when all its functions fail")
    return seconds


def every_function_raises(source: str) -> str:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            node.body = [ast.parse("raise RuntimeError('mutation testing')").body[0]]
    return ast.unparse(ast.fix_missing_locations(tree))


def skip_annotations(db: WorkDB, path: Path) -> None:
    """Mark mutants inside type annotations as skipped: with ``from __future__ import
    annotations`` an annotation is never evaluated, so changing it changes nothing."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    postponed = any(
        isinstance(node, ast.ImportFrom)
        and node.module == "__future__"
        and any(alias.name == "annotations" for alias in node.names)
        for node in tree.body
    )
    if not postponed:
        return
    lines = path.read_text(encoding="utf-8").splitlines()
    spans = [_span(lines, node) for node in _annotations(tree)]
    skipped = WorkResult(
        worker_outcome=WorkerOutcome.SKIPPED, output="inside an annotation, never evaluated"
    )
    for item in db.pending_work_items:
        start, end = tuple(item.mutations[0].start_pos), tuple(item.mutations[0].end_pos)
        if any(first <= start and end <= last for first, last in spans):
            db.set_result(item.job_id, skipped)


def _annotations(tree: ast.AST) -> Iterator[ast.expr]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
            yield node.returns
        elif isinstance(node, ast.arg | ast.AnnAssign) and node.annotation:
            yield node.annotation


def _span(lines: list[str], node: ast.expr) -> tuple[tuple[int, int], tuple[int, int]]:
    """(line, column) of the node's start and end as Cosmic Ray counts them: columns in
    characters, where ``ast`` counts UTF-8 bytes."""
    assert node.end_lineno is not None and node.end_col_offset is not None

    def column(line: int, offset: int) -> int:
        return len(lines[line - 1].encode()[:offset].decode())

    return (
        (node.lineno, column(node.lineno, node.col_offset)),
        (node.end_lineno, column(node.end_lineno, node.end_col_offset)),
    )


def report(modules: list[str]) -> int:
    """Print every survivor and the score of each module: killed among the mutants
    tested, equivalent ones (``EQUIVALENT``) left out. 1 if more than one in ten of the
    others survived."""
    rows = []
    survivors = []
    equivalents = []
    for module in modules:
        session = WORK / f"{module.removesuffix('.py').replace('/', '.')}.sqlite"
        if not session.exists():
            print(f"{module}: no session (run `make mutate` first)")
            continue
        with use_db(str(session), WorkDB.Mode.open) as db:
            results = db.completed_work_items
            pending = len(db.pending_work_items)
        counts = dict.fromkeys(("killed", "survived", "equivalent", "skipped"), 0)
        for item, result in results:
            if result.worker_outcome == WorkerOutcome.SKIPPED:
                counts["skipped"] += 1
            elif result.test_outcome == TestOutcome.KILLED:
                counts["killed"] += 1
            elif (
                why := equivalent(module, result)
            ) and result.test_outcome == TestOutcome.SURVIVED:
                counts["equivalent"] += 1
                equivalents.append(f"{module}:{item.mutations[0].start_pos[0]}: {why}")
            else:
                counts["survived"] += 1
                survivors.append((module, item, result))
        rows.append((module, counts, pending))
    if equivalents:
        print("\nEquivalent mutants (docs/testing.md):")
        print("\n".join(sorted(set(equivalents))))
    print("\nSurvivors:" if survivors else "\nNo survivors.")
    survivors.sort(key=lambda found: (found[0], found[1].mutations[0].start_pos))
    for module, item, result in survivors:
        mutation = item.mutations[0]
        outcome = (result.test_outcome or result.worker_outcome).value
        print(f"\n{module}:{mutation.start_pos[0]}: {mutation.operator_name} ({outcome})")
        diff = (result.diff or "").splitlines()
        print("\n".join(line for line in diff[3:] if line.startswith(("@@", "-", "+"))))
    print(f"\n{'module':<34} {'killed':>6} {'survived':>8} {'score':>6}", end="")
    print(f" {'equivalent':>10} {'skipped':>7}")
    tested = killed = 0
    for module, counts, pending in rows:
        total = counts["killed"] + counts["survived"]
        tested += total
        killed += counts["killed"]
        score = f"{100 * counts['killed'] / total:.1f}%" if total else "-"
        note = f"  ({pending} not run)" if pending else ""
        print(
            f"{module:<34} {counts['killed']:>6} {counts['survived']:>8} {score:>6}"
            f" {counts['equivalent']:>10} {counts['skipped']:>7}{note}"
        )
    if tested:
        print(f"{'all':<34} {killed:>6} {tested - killed:>8} {100 * killed / tested:.1f}%")
    return 1 if (tested - killed) * 10 > tested else 0


def equivalent(module: str, result: WorkResult) -> str | None:
    """Why the mutant in ``result`` is equivalent, if it is one listed or one that only
    lowers a line or column given to ``error()`` from 1 to 0 (it raises both to 1)."""
    diff = [line for line in (result.diff or "").splitlines()[3:] if not line.startswith("@@")]
    original = "".join(_squeezed(line[1:]) for line in diff if line.startswith("-"))
    mutated = "".join(_squeezed(line[1:]) for line in diff if line.startswith("+"))
    for lowered in (r"\g<call>0,1,", r"\g<call>1,0,"):
        if _AT_THE_START.sub(lowered, original, count=1) == mutated != original:
            return "error() raises a line or column below 1 to 1"
    first = next((n for n, line in enumerate(diff) if line.startswith("-")), 0)
    before = _squeezed(diff[first - 1][1:]) if first else ""
    return _EQUIVALENT.get((module, "", original, mutated)) or _EQUIVALENT.get(
        (module, before, original, mutated)
    )


if __name__ == "__main__":
    sys.exit(main())
