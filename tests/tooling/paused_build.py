"""Run ``briefings`` held at a known point of a build, for tests that signal it there.

    python -m tests.tooling.paused_build POINT [briefings arguments...]

When the build reaches ``POINT`` it writes ``paused at POINT`` to stderr and sleeps
until a signal ends it, so a test interrupts or kills it exactly there, however loaded
the machine is, instead of racing the build with a guess:

- ``pdf``: the first PDF of the run is rendered and recorded; the worker pool is up.
- ``publish``: the whole site is in its staging folder, just before it is swapped in.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable
from typing import Any

import generator.engine.pipeline
import generator.pdf.render
from generator.cli import main

PAUSED = "paused at {point}"
POINTS: dict[str, tuple[Any, str, Callable[..., bool]]] = {
    # _released(waiting, made, lost, report, site) runs after every PDF the parent records.
    "pdf": (generator.pdf.render, "_released", lambda *args: bool(args[3].rendered)),
    "publish": (generator.engine.pipeline, "publish", lambda *args: True),
}
"""Each point: the module and function the build calls there, and when to stop in it."""


def hold_at(point: str) -> None:
    """Make the build stop at ``point`` and wait there for a signal."""
    module, name, reached = POINTS[point]
    original = getattr(module, name)

    def paused(*args: Any, **kwargs: Any) -> Any:
        if not reached(*args, **kwargs):
            return original(*args, **kwargs)
        print(PAUSED.format(point=point), file=sys.stderr, flush=True)
        while True:
            time.sleep(3600)

    setattr(module, name, paused)


if __name__ == "__main__":
    # As in a terminal: a shell that starts jobs in the background (CI's may) makes them
    # ignore Ctrl-C, and Python then never turns SIGINT into KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    hold_at(sys.argv[1])
    sys.exit(main(sys.argv[2:]))
