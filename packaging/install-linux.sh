#!/usr/bin/env bash
# Install the ChipScope bundle for the current user (no root), or remove it again.
#
#   ./install-linux.sh [BUNDLE_DIR]      install (BUNDLE_DIR: the unpacked ChipScope folder;
#                                        default: the folder this script is in, else dist/ChipScope)
#   ./install-linux.sh --uninstall       remove everything the install created
#
# Installs into $PREFIX (default ~/.local):
#   $PREFIX/opt/ChipScope/                       the bundle
#   $PREFIX/bin/chipscope                        a symlink to it (not if another chipscope is there)
#   $PREFIX/share/applications/io.github.chipscope.ChipScope.desktop
#   $PREFIX/share/icons/hicolor/*/apps/io.github.chipscope.ChipScope.{png,svg}
#   $PREFIX/share/metainfo/io.github.chipscope.ChipScope.metainfo.xml
#   $PREFIX/share/mime/packages/io.github.chipscope.ChipScope.xml  (scenario files open in it)
# Uninstalling removes these and the folders they leave empty; your scenarios, settings and log
# (in ChipScope's user-data folder) stay.
# HOME and PREFIX may be overridden (tests install into a temporary folder).
set -euo pipefail

APP_ID=io.github.chipscope.ChipScope
SIZES="16 22 24 32 48 64 128 256 512"
PREFIX="${PREFIX:-$HOME/.local}"
OPT="$PREFIX/opt/ChipScope"
BIN="$PREFIX/bin/chipscope"
SHARE="$PREFIX/share"
DESKTOP="$SHARE/applications/$APP_ID.desktop"
METAINFO="$SHARE/metainfo/$APP_ID.metainfo.xml"
MIME="$SHARE/mime/packages/$APP_ID.xml"
ICONS="$SHARE/icons/hicolor"

say() { printf '%s\n' "$*"; }
die() { printf 'install-linux.sh: error: %s\n' "$*" >&2; exit 1; }

refresh_caches() {
  # Menus and icon themes pick the files up without these, only later; never fail on them.
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
  fi
  if command -v update-mime-database >/dev/null 2>&1 && [ -d "$SHARE/mime/packages" ]; then
    update-mime-database "$SHARE/mime" 2>/dev/null || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$ICONS/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$ICONS" 2>/dev/null || true
  fi
}

our_symlink() {
  [ -L "$BIN" ] && [ "$(readlink "$BIN")" = "$OPT/ChipScope" ]
}

uninstall() {
  local removed=0
  if our_symlink; then rm -f "$BIN"; removed=1; fi
  for f in "$DESKTOP" "$METAINFO" "$MIME" "$ICONS/scalable/apps/$APP_ID.svg"; do
    if [ -e "$f" ]; then rm -f "$f"; removed=1; fi
  done
  for s in $SIZES; do
    f="$ICONS/${s}x${s}/apps/$APP_ID.png"
    if [ -e "$f" ]; then rm -f "$f"; removed=1; fi
  done
  if [ -d "$OPT" ]; then rm -rf "$OPT"; removed=1; fi
  if [ "$removed" = 1 ]; then
    refresh_caches
    # update-mime-database leaves its caches behind: drop them when no package is left.
    if [ -d "$SHARE/mime/packages" ] && [ -z "$(ls -A "$SHARE/mime/packages")" ]; then
      rm -rf "$SHARE/mime"
    fi
    # update-desktop-database's cache, when no other entry is left to describe.
    if [ "$(ls -A "$SHARE/applications" 2>/dev/null)" = "mimeinfo.cache" ]; then
      rm -f "$SHARE/applications/mimeinfo.cache"
    fi
    # The folders the install made and nothing else uses any more (never PREFIX itself).
    for d in "$ICONS"/*/apps "$ICONS"/* "$ICONS" "$SHARE/icons" "$SHARE/applications" \
             "$SHARE/metainfo" "$SHARE/mime/packages" "$SHARE/mime" "$SHARE" "$PREFIX/opt" \
             "$PREFIX/bin"; do
      [ -d "$d" ] && [ "$d" != "$PREFIX" ] && rmdir "$d" 2>/dev/null || true
    done
    say "ChipScope removed from $PREFIX."
    say "  Your scenarios, settings and log are kept (ChipScope's user-data folder and settings);"
    say "  delete them yourself if you no longer want them."
  else
    say "ChipScope is not installed in $PREFIX: nothing to remove."
  fi
}

find_bundle() {
  if [ $# -ge 1 ]; then
    printf '%s\n' "$1"
    return
  fi
  local here
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  if [ -x "$here/ChipScope" ]; then
    printf '%s\n' "$here"
  else
    printf '%s\n' "$here/../dist/ChipScope"
  fi
}

desktop_exec() {
  # The desktop entry spec wants arguments with spaces quoted.
  case "$1" in
    *[[:space:]]*) printf '"%s"' "$1" ;;
    *) printf '%s' "$1" ;;
  esac
}

install_files() {
  local bundle res exe
  bundle="$(cd "$1" 2>/dev/null && pwd)" || die "no ChipScope bundle at $1 (build it with: python packaging/build.py)"
  [ -x "$bundle/ChipScope" ] || die "$bundle/ChipScope is missing: not a ChipScope bundle"
  res="$bundle/_internal/chipscope/_bundled/resources"
  [ -f "$res/$APP_ID.desktop" ] || die "$res/$APP_ID.desktop is missing: the bundle is damaged"

  if [ "$bundle" != "$OPT" ]; then
    rm -rf "$OPT"
    mkdir -p "$(dirname "$OPT")"
    cp -a "$bundle" "$OPT"
  fi
  res="$OPT/_internal/chipscope/_bundled/resources"
  exe="$OPT/ChipScope"

  mkdir -p "$(dirname "$BIN")"
  if [ -e "$BIN" ] || [ -L "$BIN" ]; then
    if our_symlink; then :; else
      say "note: $BIN already exists (a pip or pipx install?); left as it is."
    fi
  else
    ln -s "$exe" "$BIN"
  fi

  for s in $SIZES; do
    install -D -m 644 "$res/icons/chipscope-$s.png" "$ICONS/${s}x${s}/apps/$APP_ID.png"
  done
  install -D -m 644 "$res/icons/chipscope.svg" "$ICONS/scalable/apps/$APP_ID.svg"
  install -D -m 644 "$res/$APP_ID.metainfo.xml" "$METAINFO"
  install -D -m 644 "$res/$APP_ID.mime.xml" "$MIME"
  mkdir -p "$(dirname "$DESKTOP")"
  sed -e "s|^Exec=.*|Exec=$(desktop_exec "$exe") %F|" \
      -e "/^Exec=/a TryExec=$exe" \
      "$res/$APP_ID.desktop" > "$DESKTOP"
  chmod 644 "$DESKTOP"
  refresh_caches
  say "ChipScope installed in $OPT"
  say "  start it from your applications menu, or run: $BIN"
  case ":$PATH:" in
    *":$(dirname "$BIN"):"*) ;;
    *) say "  ($(dirname "$BIN") is not on your PATH; the menu entry works regardless)" ;;
  esac
  say "  remove it with: $0 --uninstall"
}

case "${1:-}" in
  --uninstall) uninstall ;;
  -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' ;;
  -*) die "unknown option $1 (use --uninstall or --help)" ;;
  *) install_files "$(find_bundle "$@")" ;;
esac
