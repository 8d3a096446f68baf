#!/usr/bin/env bash
# Build the one-folder Linux bundle with PyInstaller, run its self-check, and pack it.
#
#   bash build_scripts/build_linux.sh                     # dist/OncoPOS/ and dist/OncoPOS-<version>-linux-<arch>.tar.gz
#   bash build_scripts/build_linux.sh --dist D --work W --no-setup --no-archive --no-check
#
# The archive holds OncoPOS/ (the program), install.sh and the icon; a desk PC needs no Python.
# tests/e2e/test_bundle.py runs this script (with --no-setup --no-archive) in CI.
set -euo pipefail
cd "$(dirname "$0")/.."

dist=dist work=build/pyinstaller setup=1 archive=1 check=1
while [ $# -gt 0 ]; do
  case "$1" in
    --dist) dist=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --no-setup) setup=0; shift ;;
    --no-archive) archive=0; shift ;;
    --no-check) check=0; shift ;;
    *) echo "unknown option $1 (see the comment at the top of $0)" >&2; exit 2 ;;
  esac
done

[ "$setup" = 1 ] && bash build_scripts/setup.sh --dev
# PyInstaller reads each library's dependencies with objdump (binutils) on Linux.
command -v objdump >/dev/null || { echo "objdump not found: apt-get install -y binutils (or bash build_scripts/setup.sh --dev)" >&2; exit 1; }

started=$(date +%s)
.venv/bin/python -m PyInstaller --noconfirm --log-level WARN --distpath "$dist" --workpath "$work" build_scripts/oncopos.spec
echo "Built $dist/OncoPOS in $(( $(date +%s) - started )) s; size $(du -sh "$dist/OncoPOS" | cut -f1)"

if [ "$check" = 1 ]; then
  # A scratch data folder: the builder's own OncoPOS data and logs stay untouched.
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  ONCOPOS_DATA_DIR="$scratch" "$dist/OncoPOS/OncoPOS" self-check
fi

if [ "$archive" = 1 ]; then
  version=$(.venv/bin/python -c 'import oncopos; print(oncopos.__version__)')
  stage=$(mktemp -d)
  .venv/bin/python build_scripts/make_icons.py --out "$work/icons" >/dev/null
  cp -a "$dist/OncoPOS" "$stage/OncoPOS"
  cp build_scripts/linux/install.sh "$stage/install.sh"
  cp "$work/icons/oncopos-256.png" "$stage/oncopos.png"
  archive_path="$dist/OncoPOS-$version-linux-$(uname -m).tar.gz"
  tar -C "$stage" -czf "$archive_path" OncoPOS install.sh oncopos.png
  rm -rf "$stage"
  echo "Packed $archive_path ($(du -h "$archive_path" | cut -f1))"
fi
