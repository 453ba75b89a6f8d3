"""Helpers that let tests drive the real checking tools.

- `tests.tooling.vnu`: HTML validation with the Nu Html Checker (vnu.jar).
- `tests.tooling.browser`: a local static server, headless Debian Chromium through
  Playwright, and what a page visit did (console errors, failed and external requests),
  axe-core accessibility checks and screenshots.
- `tests.tooling.pdf`: qpdf structure checks, text extraction and page rendering (poppler).
- `tests.tooling.markup`: scripts, on-handlers and code-running addresses in parsed HTML.
- `tests.tooling.citations`: the citation markers a narrative must show, from its content.

Each check returns a list (or None) of human-readable problems that the caller asserts to
be empty, so a failing test prints what is wrong. The tools are installed by `make test`:
npm packages from package-lock.json, Debian packages by scripts/system-deps.sh.
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO_ROOT / "node_modules"
ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"
