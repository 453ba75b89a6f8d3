#!/usr/bin/env bash
# Makes sure the Debian packages that the build or the tests need are on this machine.
#
#   bash scripts/system-deps.sh [test|site]     (default: test)
#
# "site" is what `make site` needs: the shared libraries WeasyPrint loads at run time
# (a missing one only shows up at the first PDF). "test" adds the tools the test suite
# drives: Chromium for Playwright, qpdf and poppler-utils for PDFs, a JRE for vnu.jar,
# and the locales' sources (a build must not change under another locale).
#
# Silent when everything is present. As root, installs only what is missing; otherwise
# names the missing packages, prints the command to run, and exits 1.
set -euo pipefail

# One requirement per line: how to check it, what to look for, the Debian package.
#   lib  - a shared object known to the dynamic loader (ldconfig's cache)
#   cmd  - a command on PATH
#   file - an executable at a fixed path (the tests launch /usr/bin/chromium directly)
#   data - a file at a fixed path (the tests compile a Turkish locale from its source)
site_requirements='
lib  libpango-1.0.so.0          libpango-1.0-0
lib  libpangoft2-1.0.so.0       libpangoft2-1.0-0
lib  libharfbuzz-subset.so.0    libharfbuzz-subset0
'
test_requirements="$site_requirements"'
file /usr/bin/chromium          chromium
cmd  qpdf                       qpdf
cmd  pdftotext                  poppler-utils
cmd  pdftoppm                   poppler-utils
cmd  java                       default-jre-headless
data /usr/share/i18n/locales/tr_TR locales
'

usage() {
    echo "usage: bash scripts/system-deps.sh [test|site]" >&2
    exit 2
}

case "${1:-test}" in
    test) requirements="$test_requirements" ;;
    site) requirements="$site_requirements" ;;
    *) usage ;;
esac

ldconfig_cache() {
    # Debian keeps ldconfig in /sbin, which is not on a normal user's PATH.
    local ldconfig
    ldconfig="$(command -v ldconfig || echo /sbin/ldconfig)"
    "$ldconfig" -p 2>/dev/null || true
}

is_present() {
    local kind="$1" target="$2"
    case "$kind" in
        lib) ldconfig_cache | awk -v so="$target" '$1 == so { found = 1 } END { exit !found }' ;;
        cmd) command -v "$target" >/dev/null 2>&1 ;;
        file) [[ -x "$target" ]] ;;
        data) [[ -f "$target" ]] ;;
        *) echo "system-deps.sh: unknown requirement kind '$kind'" >&2; exit 2 ;;
    esac
}

missing_packages() {
    local kind target package
    while read -r kind target package; do
        [[ -z "$kind" ]] && continue
        is_present "$kind" "$target" || echo "$package"
    done <<<"$requirements" | sort -u | tr '\n' ' ' | sed 's/ $//'
}

missing="$(missing_packages)"
[[ -z "$missing" ]] && exit 0

if [[ "$(id -u)" -ne 0 ]]; then
    cat >&2 <<MSG
Missing Debian packages: $missing
Install them (as root) with:
  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing
MSG
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing packages: $missing; this script can only install them with apt-get (Debian)." >&2
    exit 1
fi

echo "Installing missing Debian packages: $missing"
export DEBIAN_FRONTEND=noninteractive
# Wait for a concurrent apt/dpkg run (e.g. unattended-upgrades) instead of failing at once.
apt_options=(-q -o DPkg::Lock::Timeout=300)
apt-get "${apt_options[@]}" update >/dev/null
# shellcheck disable=SC2086  # $missing is a space-separated list of package names
apt-get "${apt_options[@]}" install -y --no-install-recommends $missing >/dev/null

still_missing="$(missing_packages)"
if [[ -n "$still_missing" ]]; then
    echo "Still missing after apt-get install: $still_missing" >&2
    exit 1
fi
