#!/usr/bin/env bash
# Install the Debian/Ubuntu libraries that pip-installed PySide6 needs, when they are missing
# and we are allowed to (root with apt-get). Used by CI; users see the list in the README.
set -euo pipefail
PKGS="libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core"
# CI only: the validators tests/test_packaging.py runs on the .desktop and metainfo files, and
# the second renderers the export tests check SVG (rsvg-convert) and PDF (pdftoppm, pdftotext)
# output with (the tests skip without them). Installed when we may; never required.
TOOLS="desktop-file-utils appstream librsvg2-bin poppler-utils"
missing_tools=""
for p in $TOOLS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing_tools="$missing_tools $p"
done
if [ -n "$missing_tools" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing:$missing_tools"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing_tools >/dev/null; } \
    || echo "could not install$missing_tools: the packaging validation tests will skip" >&2
fi

missing=""
for p in $PKGS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -z "$missing" ]; then
  echo "system libraries present"
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing:$missing"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
  echo "missing system packages:$missing (install them with your package manager)" >&2
fi
