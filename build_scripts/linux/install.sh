#!/usr/bin/env bash
# Install the OncoPOS bundle on a Linux desk PC (shipped at the top of the Linux archive).
#
#   sudo bash install.sh          # into /opt/OncoPOS, for every user, with a menu entry
#   bash install.sh               # into ~/.local/opt/OncoPOS, for this user only
#
# The PC needs the system's OpenGL, X11 and font libraries (every desktop has them). On a minimal
# Debian/Ubuntu: apt-get install libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1
# libdbus-1-3 libxcb-cursor0. An upgrade replaces the program only; data stays in the user's folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
[ -x "$here/OncoPOS/OncoPOS" ] || { echo "Run this from the unpacked archive (OncoPOS/ missing next to it)." >&2; exit 1; }

if [ "$(id -u)" = 0 ]; then
  prefix=/opt; bin=/usr/local/bin; apps=/usr/share/applications; icons=/usr/share/icons/hicolor/256x256/apps
else
  prefix=$HOME/.local/opt; bin=$HOME/.local/bin; apps=$HOME/.local/share/applications
  icons=$HOME/.local/share/icons/hicolor/256x256/apps
fi
mkdir -p "$prefix" "$bin" "$apps" "$icons"
# Copy beside the old version, then swap: a failed copy never leaves a half-installed program.
rm -rf "$prefix/OncoPOS.new"
cp -a "$here/OncoPOS" "$prefix/OncoPOS.new"
rm -rf "$prefix/OncoPOS.old"
[ -d "$prefix/OncoPOS" ] && mv "$prefix/OncoPOS" "$prefix/OncoPOS.old"
mv "$prefix/OncoPOS.new" "$prefix/OncoPOS"
rm -rf "$prefix/OncoPOS.old"
ln -sf "$prefix/OncoPOS/OncoPOS" "$bin/oncopos"
[ -f "$here/oncopos.png" ] && cp "$here/oncopos.png" "$icons/oncopos.png"
cat >"$apps/oncopos.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=OncoPOS
Comment=OncoOne Education front-desk point of sale
Exec=$prefix/OncoPOS/OncoPOS
Icon=oncopos
Categories=Office;Finance;
Terminal=false
EOF
echo "Installed in $prefix/OncoPOS. Checking it:"
"$prefix/OncoPOS/OncoPOS" self-check
