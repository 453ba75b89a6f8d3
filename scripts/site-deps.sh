#!/usr/bin/env bash
# Makes sure the shared libraries WeasyPrint needs (Pango, HarfBuzz) are installed,
# for `make site`. The checks and the install live in system-deps.sh.
set -euo pipefail
exec bash "$(dirname "${BASH_SOURCE[0]}")/system-deps.sh" site
