"""HTML validation with the Nu Html Checker, the validator behind validator.w3.org/nu.

vnu.jar comes from the vnu-jar npm package. The JVM takes about two seconds to start, so
validate a whole site in one call rather than one page at a time.
"""

import json
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from . import NODE_MODULES

VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# The quick C1 compiler alone and the simplest collector cut start-up from ~2.3 s to
# ~0.8 s and are no slower over hundreds of pages. C1's larger stack frames need more
# than the default 1 MB stack: vnu overflows on long documents with it.
_JVM_FLAGS = ["-Xss16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
# Language detection only ever produces warnings, which --errors-only drops anyway.
_VNU_FLAGS = ["--format", "json", "--errors-only", "--no-langdetect"]


class VnuError(RuntimeError):
    """vnu.jar could not run or gave output that is not its JSON report."""


def validate_html(paths: Sequence[Path]) -> list[str]:
    """Validate HTML files and directories; return one "file:line:col: message" per error.

    Directories are searched recursively for *.html, *.htm, *.xhtml and *.xht files
    (vnu's --skip-non-html, which then also applies to files named explicitly). Warnings
    are not reported. An empty list means every document is valid.
    """
    if not paths:
        return []
    if not VNU_JAR.is_file():
        raise VnuError(f"{VNU_JAR} is missing: run `npm ci` (or `make test`)")
    command = ["java", *_JVM_FLAGS, "-jar", str(VNU_JAR), *_VNU_FLAGS]
    if any(path.is_dir() for path in paths):
        command.append("--skip-non-html")
    command.extend(str(path) for path in paths)
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except FileNotFoundError as error:
        raise VnuError("java is missing: run `bash scripts/system-deps.sh`") from error
    # vnu exits 1 when it found errors; the JSON report always goes to stderr.
    if result.returncode not in (0, 1):
        raise VnuError(f"vnu.jar exited with {result.returncode}:\n{result.stderr}")
    try:
        report = json.loads(result.stderr)
    except json.JSONDecodeError as error:
        raise VnuError(f"vnu.jar printed no JSON report:\n{result.stderr}") from error
    return [_format_message(message) for message in report["messages"]]


def _format_message(message: dict[str, Any]) -> str:
    where = _path_from_url(message["url"]) if "url" in message else "vnu"
    if "lastLine" in message:
        line = message.get("firstLine", message["lastLine"])
        column = message.get("firstColumn", message.get("lastColumn", 0))
        where = f"{where}:{line}:{column}"
    return f"{where}: {message['message']}"


def _path_from_url(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return url
    return os.path.normpath(unquote(parsed.path))
