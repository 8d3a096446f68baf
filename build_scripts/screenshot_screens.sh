#!/usr/bin/env bash
# Every window and dialog of the desk, in French and in English, at 1024x768 and 1366x768, as PNGs to
# look at: the window tests' walk (tests/ui/test_french_windows.py, test_french_dialogs.py) under Xvfb,
# saving each screen it opens and checks.
#
#   bash build_scripts/screenshot_screens.sh [OUT]   # OUT/fr-CA-1024x768/*.png, OUT/en-CA-1366x768/*.png, ...
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-/tmp/oncopos-screens}")
for screen in 1024x768 1366x768; do
  ONCOPOS_SCREENSHOTS="$out" ONCOPOS_SCREEN="$screen" xvfb-run -a -s "-screen 0 ${screen}x24" \
    env QT_QPA_PLATFORM=xcb .venv/bin/python -m pytest -q -p no:cacheprovider \
    tests/ui/test_french_windows.py tests/ui/test_french_dialogs.py || status=$?
done
ls -d "$out"/*/
exit "${status:-0}"
