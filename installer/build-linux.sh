#!/usr/bin/env bash
# Build the Linux one-folder app and a .deb for UOS/Kylin/Debian, for this machine's architecture.
#
#   installer/build-linux.sh            → build/dist/zhongxin/  and  build/zhongxin-desktop_<ver>_<arch>.deb
#   SKIP_FREEZE=1 installer/build-linux.sh   only repackage an existing build/dist/zhongxin
#
# Python: $PYTHON, else .venv/bin/python (scripts/bootstrap makes it), with pyinstaller installed
# (`pip install -e '.[dev]'`). Needs dpkg-deb and objdump (dpkg-dev, binutils).
#
# The .deb runs on systems whose C library is at least as new as the build machine's (checked
# below and written into Depends): build it on the oldest release you must support.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
PKG=zhongxin-desktop
PREFIX=/opt/$PKG
umask 022

VERSION=$("$PY" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
ARCH=$(dpkg --print-architecture)
DIST=build/dist/zhongxin

# --- 1. freeze --------------------------------------------------------------------------------
if [ "${SKIP_FREEZE:-0}" != 1 ]; then
  t0=$(date +%s)
  "$PY" -m PyInstaller --noconfirm --clean --log-level WARN installer/zhongxin.spec \
    --distpath build/dist --workpath build/work
  echo "freeze: $(( $(date +%s) - t0 )) s, $(du -sh "$DIST" | cut -f1)"
fi
[ -x "$DIST/zhongxin" ] && [ -x "$DIST/ZhongxinDesktop" ] || { echo "no frozen app in $DIST" >&2; exit 1; }

# The frozen app must report the one version of pyproject.toml (package metadata is bundled by the
# spec; a stale editable install would give an old number here).
frozen_version=$("$DIST/zhongxin" --version | awk '{print $2}')
if [ "$frozen_version" != "$VERSION" ]; then
  echo "frozen app says version $frozen_version, pyproject.toml says $VERSION:" \
       "reinstall the package (pip install -e .) and build again" >&2
  exit 1
fi

# --- 2. the package tree ----------------------------------------------------------------------
STAGE=build/deb/${PKG}_${VERSION}_${ARCH}
rm -rf "$STAGE"
mkdir -p "$STAGE$PREFIX" "$STAGE/usr/bin" "$STAGE/usr/share/applications" "$STAGE/usr/share/doc/$PKG" \
         "$STAGE/DEBIAN"
cp -a "$DIST/." "$STAGE$PREFIX/"
ln -s "$PREFIX/zhongxin" "$STAGE/usr/bin/zhongxin"   # the bootloader resolves its real folder

for png in resources/icons/app-*.png; do
  size=$(basename "$png" .png); size=${size#app-}
  install -D -m 644 "$png" "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/$PKG.png"
done
install -D -m 644 resources/icons/app.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/$PKG.svg"

cat > "$STAGE/usr/share/applications/$PKG.desktop" <<EOF
[Desktop Entry]
Type=Application
Version=1.0
Name=综治中心桌面端
Name[zh_CN]=综治中心桌面端
Name[en]=Zhongxin Desktop
GenericName=矛盾纠纷调处
GenericName[zh_CN]=矛盾纠纷调处
GenericName[en]=Dispute case management
Comment=乡镇综治中心矛盾纠纷登记、调解、回访、归档与统计
Comment[zh_CN]=乡镇综治中心矛盾纠纷登记、调解、回访、归档与统计
Comment[en]=Case management for township comprehensive-governance centers
Exec=$PREFIX/ZhongxinDesktop
Icon=$PKG
Terminal=false
Categories=Office;
Keywords=综治;调解;纠纷;网格;zhongxin;
StartupWMClass=ZhongxinDesktop
EOF

cat > "$STAGE/usr/share/doc/$PKG/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: $PKG

Files: *
License: MIT
Comment: 综治中心桌面端 / Zhongxin Desktop.
 $PREFIX/_internal bundles Python (PSF License), Qt 6 through PySide6 (LGPL-3.0, its shared
 libraries are kept as separate files and may be replaced), reportlab (BSD), openpyxl (MIT),
 peewee (MIT), cryptography (Apache-2.0/BSD), pypinyin (MIT), Faker (MIT), Pillow (MIT-CMU).
EOF

# --- 3. control data --------------------------------------------------------------------------
# The newest C library symbol any bundled file needs: the package refuses older systems clearly
# instead of failing at start with "GLIBC_2.xx not found".
glibc=$(find "$STAGE$PREFIX" -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
        | xargs -0 objdump -T 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
installed_kb=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)

# Depends: what the bundle does not carry (PyInstaller leaves out libc, libGL/libEGL and libxcb on
# purpose: they must match the machine's drivers and X server), the font configuration, and a
# Chinese screen font (without one every character is a box). Qt's other xcb helper libraries
# (xcb-cursor, icccm, image, keysyms, render-util, xkb, xkbcommon-x11) are bundled.
cat > "$STAGE/DEBIAN/control" <<EOF
Package: $PKG
Version: $VERSION
Architecture: $ARCH
Maintainer: Zhongxin Desktop <zhongxin-desktop@localhost>
Installed-Size: $installed_kb
Depends: libc6 (>= $glibc), libgl1, libegl1, libxcb1, libx11-6, libfontconfig1, libfreetype6, libdbus-1-3, fonts-wqy-microhei | fonts-wqy-zenhei | fonts-noto-cjk
Recommends: fonts-arphic-uming, fonts-hanazono, libwayland-client0, libwayland-cursor0, libwayland-egl1
Section: misc
Priority: optional
Description: 综治中心桌面端 — township comprehensive-governance center case management
 Offline-first desktop application for township comprehensive-governance
 centers (乡镇综治中心): disputes are registered, mediated, closed, followed up
 and archived; official documents are printed; statistics are exchanged with
 the county in signed, encrypted bundles.
 .
 Commands: zhongxin (command line; without a subcommand it opens the window).
 User data stays in ~/.local/share/ZhongxinDesktop and is never removed by
 this package.
EOF

# Maintainer scripts: caches only, never user data (it lives in each user's home).
cat > "$STAGE/DEBIAN/postinst" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = "configure" ]; then
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
  fi
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q /usr/share/applications || true
  fi
fi
exit 0
EOF
cat > "$STAGE/DEBIAN/postrm" <<'EOF'
#!/bin/sh
# Removes nothing of the users' data (~/.local/share/ZhongxinDesktop), not even on purge:
# the case records belong to the center, not to this program.
set -e
if [ "$1" = "remove" ] || [ "$1" = "purge" ]; then
  if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
  fi
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q /usr/share/applications || true
  fi
fi
exit 0
EOF
chmod 755 "$STAGE/DEBIAN/postinst" "$STAGE/DEBIAN/postrm"
chmod -R u+rwX,go+rX,go-w "$STAGE"

# --- 4. build ---------------------------------------------------------------------------------
# gzip: every dpkg reads it (older UOS/Kylin dpkg cannot read zstd) and it is 10x faster than xz here
DEB=build/${PKG}_${VERSION}_${ARCH}.deb
dpkg-deb --build --root-owner-group -Zgzip "$STAGE" "$DEB" >/dev/null
echo "deb: $DEB ($(du -h "$DEB" | cut -f1), installed ${installed_kb} KB, needs glibc >= $glibc)"
if command -v lintian >/dev/null 2>&1; then
  lintian --no-tag-display-limit "$DEB" || true   # advisory only
fi
