#!/usr/bin/env bash
# Set up a machine to run OncoPOS from this checkout: system libraries (Debian/Ubuntu, as root),
# a virtual environment in .venv and the pinned Python packages. Safe to run again: it only
# installs what is missing.
#
#   bash build_scripts/setup.sh          # the app
#   bash build_scripts/setup.sh --dev    # the app, the test tools, PostgreSQL, Xvfb and PDF tools
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

python=${PYTHON:-python3}
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "OncoPOS needs Python 3.11 or newer; $("$python" --version) found. Set PYTHON=/path/to/python3.11." >&2
  exit 1
}

# Qt's runtime libraries and a font with accents (without fonts every glyph is a box).
packages=(libglib2.0-0 libgl1 libegl1 libxkbcommon0 libx11-6 libfontconfig1 libfreetype6 libdbus-1-3
          fonts-dejavu-core libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
          libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0)
if [ "$dev" = 1 ]; then
  # A throwaway PostgreSQL for the integration tests, a virtual screen for screenshots, PDF and
  # QR tools to look at what the app renders.
  packages+=(postgresql xvfb xauth poppler-utils zbar-tools)
  # PyInstaller reads library dependencies with objdump (tests/e2e/test_bundle.py builds the bundle)
  # and copies the shared Python runtime into it, which a fresh Debian 12 does not have.
  packages+=(binutils "libpython$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')")
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Missing system packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts a cluster on install; the tests run their own throwaway one instead.
  if [ "$dev" = 1 ] && command -v pg_ctlcluster >/dev/null; then
    pg_lsclusters -h 2>/dev/null | awk '$4=="online"{print $1, $2}' | while read -r v c; do
      pg_ctlcluster "$v" "$c" stop || true
    done
  fi
fi

[ -x .venv/bin/python ] || "$python" -m venv .venv
lock=requirements.lock
[ "$dev" = 1 ] && lock=requirements-dev.lock
# One stamp per kind of set-up: the development packages are a superset of the app's, so a plain
# set-up after --dev (or --dev after plain) leaves the other kind's stamp valid.
kind=app
[ "$dev" = 1 ] && kind=dev
stamp=".venv/.installed-$kind-$(sha256sum "$lock" pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -e "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r "$lock"
  .venv/bin/python -m pip install -q --no-deps -e .
  # (.installed-<16 hex> is the stamp of the set-up before there were kinds.)
  rm -f .venv/.installed-"$kind"-* .venv/.installed-????????????????
  touch "$stamp"
fi
# The interface's French catalogue: compiled from the .ts kept in the repository (see i18n.sh).
bash build_scripts/i18n.sh release
echo "Set up: $(.venv/bin/oncopos --version)"
