#!/usr/bin/env bash
# Set up and start OncoPOS in training mode: demo students, the bundled Stripe simulator and a
# training inbox. No account, key or network needed; real data is never touched.
set -euo pipefail
cd "$(dirname "$0")/.."
bash build_scripts/setup.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No screen found (DISPLAY is not set). Run this from a desktop session, or on a server:" >&2
  echo "  apt-get install -y xvfb xauth && xvfb-run -a -s '-screen 0 1280x800x24' bash build_scripts/training.sh" >&2
  exit 1
fi
exec .venv/bin/oncopos --training "$@"
