"""``briefings serve``: a live preview on 127.0.0.1 that rebuilds as you edit.

It watches ``content/``, ``theme/`` and the settings file; each change rebuilds the
site (drafts included) into a private folder under ``.briefings-cache/``, never
``output/``, and the open page reloads itself. Problems found by the checks, and
any rebuild failure, are printed in the terminal and shown as a banner on every
page. Ctrl-C or SIGTERM stops it, and it removes its folder.

What a rebuild reuses (what it costs: docs/performance.md, "Rebuilds in briefings
serve"): after an edit inside one relationship's folder, only that folder is loaded
again, only its narrative rendered and its charts drawn, and only its own pages are
written at once; every other page is written again when it is opened, so what it
shows is never from before the edit (see :mod:`.preview`). PDFs are rendered when
their URL is opened and copied from a cache while their page is unchanged; the search
index is made when the search page asks for it. The checks run beside the preview and
report a moment after the page has reloaded. Pelican's own content cache is not used:
it covers only updates and pages, the few files Pelican reads, and keys them by file
date, so it would miss a change to the people or sources they cite.
"""

from __future__ import annotations

import os
import queue
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

import watchfiles

from generator.serve.preview import Outcome, Preview, preview_overrides
from generator.serve.server import PreviewServer
from generator.settings import load_settings

DEFAULT_PORT = 8000
MAX_PRINTED = 50
DEBOUNCE_MS = 200


class ServeError(Exception):
    """The preview cannot start; the message says why and what to do."""


def serve(
    settings_file: Path,
    *,
    port: int = DEFAULT_PORT,
    as_of: str | None = None,
    out: TextIO = sys.stdout,
) -> int:
    """Serve the preview until Ctrl-C or SIGTERM; returns the exit status (0)."""

    overrides = preview_overrides(as_of)
    settings = load_settings(settings_file, overrides)
    printed = threading.Lock()

    def say(text: str) -> None:
        with printed:
            print(text, file=out, flush=True)

    project = settings_file.parent
    watched = [settings.content_dir, settings.theme_dir]
    for folder in watched:
        if not folder.is_dir():
            raise ServeError(
                f"there is no folder {folder} to preview; run from the project "
                "folder, or fix PATH and THEME in the settings file"
            )
    cache = project / ".briefings-cache"
    cache.mkdir(exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="preview-", dir=cache))
    preview = Preview(
        settings_file,
        overrides,
        workdir,
        log=say,
        on_checked=lambda outcome: _report_checks(outcome, say),
    )
    try:
        server = _bind(port, preview)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    stop = threading.Event()
    previous = {sig: signal.signal(sig, _stopper(stop)) for sig in _STOP_SIGNALS}
    changes: queue.Queue[set[Path]] = queue.Queue()
    threads = [
        threading.Thread(target=server.serve_forever, name="preview-http", daemon=True),
        threading.Thread(target=_watch, args=(watched, True, None, stop, changes), daemon=True),
        threading.Thread(
            target=_watch,
            args=([project], False, {settings_file.name, "pelicanconf.py"}, stop, changes),
            daemon=True,
        ),
        threading.Thread(
            target=_rebuild_on_change, args=(preview, changes, stop, say, project), daemon=True
        ),
    ]
    try:
        say(f"Building the preview of {project} …")
        _report(preview.rebuild(), None, project, say)
        preview.checked()
        for thread in threads:
            thread.start()
        say(
            f"Preview at {server.url} (drafts included; a PDF brief is rendered when "
            "you open it). Edit content/ or theme/ and the page reloads. Ctrl-C stops it."
        )
        while not stop.wait(0.5):
            pass
        say("Stopping (after the rebuild in progress, if any) …")
    finally:
        stop.set()
        if threads[0].is_alive():
            server.shutdown()
        server.server_close()
        for thread in threads[1:]:
            if thread.is_alive():
                thread.join()
        preview.stop_checks()
        with preview.steady():  # waits for a PDF being rendered for a request
            shutil.rmtree(workdir, ignore_errors=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    say("Preview stopped.")
    return 0


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _stopper(stop: threading.Event) -> Callable[[int, object], None]:
    """The first Ctrl-C or SIGTERM stops the preview cleanly; a second one quits at once."""

    def on_signal(_signal: int, _frame: object) -> None:
        if stop.is_set():
            print("briefings: stopped without cleaning up", file=sys.stderr, flush=True)
            os._exit(1)
        stop.set()

    return on_signal


def _bind(port: int, preview: Preview) -> PreviewServer:
    try:
        return PreviewServer(port, preview)
    except PermissionError:
        raise ServeError(
            f"port {port} needs administrator rights; use --port {DEFAULT_PORT}, or --port 0 "
            "for any free port"
        ) from None
    except OSError as exc:
        raise ServeError(
            f"cannot listen on 127.0.0.1:{port} ({exc.strerror or exc}): another program, "
            "perhaps another `briefings serve`, is using it; stop it, or use --port N "
            "(--port 0 picks a free port)"
        ) from None


def _watch(
    paths: list[Path],
    recursive: bool,
    names: set[str] | None,
    stop: threading.Event,
    changes: queue.Queue[set[Path]],
) -> None:
    """Put each batch of changed files on ``changes`` until ``stop`` is set.

    Settings files are watched through their folder, not recursively: an editor that
    saves by writing a new file and renaming it over the old one still gets noticed.
    """
    accept: Callable[[watchfiles.Change, str], bool] = (
        watchfiles.DefaultFilter()
        if names is None
        else lambda _change, path: Path(path).name in names
    )
    for batch in watchfiles.watch(
        *paths,
        watch_filter=accept,
        stop_event=stop,
        debounce=DEBOUNCE_MS,
        recursive=recursive,
        raise_interrupt=False,
    ):
        changes.put({Path(path) for _, path in batch})


def _rebuild_on_change(
    preview: Preview,
    changes: queue.Queue[set[Path]],
    stop: threading.Event,
    say: Callable[[str], None],
    project: Path,
) -> None:
    while not stop.is_set():
        try:
            changed = changes.get(timeout=0.2)
        except queue.Empty:
            continue
        while not changes.empty():
            changed |= changes.get_nowait()
        _report(preview.rebuild(changed), changed, project, say)


def _report(
    outcome: Outcome, changed: Iterable[Path] | None, project: Path, say: Callable[[str], None]
) -> None:
    if changed is not None:
        # Editors and tools save through temporary files without a suffix: not news.
        names = sorted(_shown(path, project) for path in changed if path.suffix)
        more = f" and {len(names) - 3} more" if len(names) > 3 else ""
        say(f"Changed: {', '.join(names[:3])}{more}")
    for line in outcome.messages[:MAX_PRINTED]:
        say(line)
    if outcome.failure:
        say(f"error: {outcome.failure}; still serving the last site that built")
    if outcome.edited is None:
        say(f"Rebuilt the site in {outcome.seconds:.2f} s; checking …")
    elif outcome.edited:
        edited = ", ".join(f"relationships/{slug}/" for slug in outcome.edited)
        say(
            f"Rebuilt {edited} in {outcome.seconds:.2f} s (other pages as they are opened); "
            "checking …"
        )
    else:
        say("Nothing to rebuild: the files saved are as they were; checking …")


def _report_checks(outcome: Outcome, say: Callable[[str], None]) -> None:
    """What the checks of the last rebuild found, once they have run."""
    lines = [str(problem) for problem in outcome.problems]
    for line in lines[:MAX_PRINTED]:
        say(line)
    if len(lines) > MAX_PRINTED:
        say(f"… and {len(lines) - MAX_PRINTED} more: run `briefings check` for all of them")
    if outcome.failure:
        say(f"error: {outcome.failure}")
    say(f"Checked: {outcome.errors} errors, {outcome.warnings} warnings")


def _shown(path: Path, project: Path) -> str:
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return str(path)
