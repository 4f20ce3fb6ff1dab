#!/usr/bin/env bash
# Install the Debian/Ubuntu libraries that pip-installed PySide6 needs, when they are missing
# and we are allowed to (root with apt-get). Used by CI; users see the list in the README.
set -euo pipefail
PKGS="libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core"
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
