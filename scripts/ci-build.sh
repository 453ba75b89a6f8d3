#!/usr/bin/env bash
# The build of the CI workflows, run here: ci-build.sh SHARDS OUTPUT [BRIEFINGS OPTIONS...]
#
# The workflows build the PDFs in SHARDS matrix jobs that share nothing, then merge them
# in one last job (docs/scaling.md). This runs the same commands one after the other,
# from the project folder: each shard into its own fresh folder, so with a fresh PDF
# cache, as a matrix job starts on a new machine; then the merge, from a cache of its
# own that starts empty (a cold run: no cache from an earlier run), and the site it
# builds becomes OUTPUT. Its bytes must be those of a plain `briefings build`, so a
# wrong merge shows here, not on the published site. BRIEFINGS is the command
# (default .venv/bin/briefings); the options go before its subcommand (--settings,
# --as-of).
set -euo pipefail

if [ $# -lt 2 ]; then
    echo "usage: $0 SHARDS OUTPUT [BRIEFINGS OPTIONS...]" >&2
    exit 2
fi
shards=$1
output=$2
shift 2
briefings=${BRIEFINGS:-.venv/bin/briefings}

# Beside OUTPUT, so that the finished site is moved into place, not copied.
mkdir -p "$(dirname "$output")"
work=$(mktemp -d "$(dirname "$output")/.ci-build.XXXXXX")
trap 'rm -rf "$work"' EXIT

caches=()
for shard in $(seq 1 "$shards"); do
    # A build keeps its cache in .briefings-cache beside its output folder (unless the
    # settings name another folder).
    "$briefings" "$@" build --shard "$shard/$shards" --output "$work/shard-$shard/output"
    caches+=("$work/shard-$shard/.briefings-cache")
done
"$briefings" "$@" merge-shards "${caches[@]}" --output "$work/merged/output"

rm -rf "$output"
mv "$work/merged/output" "$output"
echo "The site built in $shards shards is in $output."
