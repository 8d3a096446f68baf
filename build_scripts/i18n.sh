#!/usr/bin/env bash
# The interface's translations (Qt Linguist files in oncopos/resources/i18n/).
#
#   bash build_scripts/i18n.sh           # after changing texts in oncopos/ui: refresh the .ts from the
#                                        # code (new texts arrive "unfinished": translate them), then compile
#   bash build_scripts/i18n.sh release   # compile the .ts into the .qm the app loads (setup.sh runs this)
#
# The .ts is the source kept in the repository; the .qm is built from it (and shipped in the bundle).
# Locations are left out of the .ts so that moving code does not rewrite the catalogue.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
i18n=oncopos/resources/i18n
languages=(fr_CA en_CA)  # English is the source text; its catalogue holds only the plural forms

if [ "${1:-}" != "release" ]; then
  mapfile -t sources < <(find oncopos/ui -name '*.py' | sort)
  for lang in "${languages[@]}"; do
    plural_only=()
    [ "$lang" = en_CA ] && plural_only=(-pluralonly)
    ts="$i18n/oncopos_$lang.ts"
    cp "$ts" "$ts.before"
    "$bin/pyside6-lupdate" "${sources[@]}" -ts "$ts" -target-language "$lang" \
      -no-obsolete -locations none -silent "${plural_only[@]}"
    # PySide6 6.11's lupdate (pinned for its reference counts) does not read a Python plural call
    # (translate(context, text, None, n)): put back the plural entries it dropped or flattened.
    "$bin/python" build_scripts/i18n_plurals.py "$ts.before" "$ts"
    rm -f "$ts.before"
  done
fi
for lang in "${languages[@]}"; do
  "$bin/pyside6-lrelease" -silent "$i18n/oncopos_$lang.ts" -qm "$i18n/oncopos_$lang.qm"
done
