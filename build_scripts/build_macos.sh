#!/usr/bin/env bash
# Build the OncoPOS bundle on macOS 11+: dist/OncoPOS.app and dist/OncoPOS-<version>-macos-<arch>.zip.
#
#   bash build_scripts/build_macos.sh [--no-check]
#
# Needs Python 3.11 or newer from python.org (or Homebrew) and this checkout. Not run in CI (CI is
# Linux): run it on a Mac before a release; the app is built for the Mac's own architecture
# (arm64 or x86_64). PyInstaller signs it ad hoc; it is not notarized, so Gatekeeper asks the
# first time (right-click, Open) until an Apple Developer ID signs and notarizes it.
set -euo pipefail
cd "$(dirname "$0")/.."
check=1
[ "${1:-}" = "--no-check" ] && check=0

python=${PYTHON:-python3}
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "OncoPOS needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2; exit 1; }
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -r requirements-dev.lock
.venv/bin/python -m pip install -q --no-deps -e .

# oncopos.icns from oncopos/resources/icons/oncopos.svg (Qt renders it, Pillow packs it).
.venv/bin/python build_scripts/make_icons.py --out build/icons
started=$(date +%s)
.venv/bin/python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller build_scripts/oncopos.spec
echo "Built dist/OncoPOS.app in $(( $(date +%s) - started )) s; size $(du -sh dist/OncoPOS.app | cut -f1)"

if [ "$check" = 1 ]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  # The executable inside the .app prints to the terminal when started from one.
  ONCOPOS_DATA_DIR="$scratch" dist/OncoPOS.app/Contents/MacOS/OncoPOS self-check
fi

version=$(.venv/bin/python -c 'import oncopos; print(oncopos.__version__)')
archive="dist/OncoPOS-$version-macos-$(uname -m).zip"
rm -f "$archive"
# ditto keeps the .app's symlinks, permissions and signature (zip -r would break the signature).
ditto -c -k --keepParent dist/OncoPOS.app "$archive"
echo "Packed $archive"
