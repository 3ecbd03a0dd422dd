#!/usr/bin/env bash
# Smoke-run the frozen app headless, as a clerk's first day would go:
#   an empty data folder → a demo township (database created and migrated) → the case list →
#   an agreement printed to PDF (checked with pdftotext) → the GUI opened and closed by itself.
#
#   installer/smoke.sh                          the installed .deb (/usr/bin/zhongxin, /opt/zhongxin-desktop)
#   installer/smoke.sh build/dist/zhongxin      a one-folder build, not installed
#   SMOKE_OUT=DIR installer/smoke.sh ...        also keep the PDF and pictures of the window in DIR
#
# Exits non-zero at the first step that fails, naming it. Needs pdftotext (poppler-utils), python3;
# with xvfb-run installed the GUI is also started on a virtual X server.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)

if [ $# -ge 1 ]; then
  CLI=$(cd "$1" && pwd)/zhongxin
  GUI=$(cd "$1" && pwd)/ZhongxinDesktop
else
  CLI=$(command -v zhongxin || true)
  GUI=/opt/zhongxin-desktop/ZhongxinDesktop
fi
[ -x "$CLI" ] && [ -x "$GUI" ] || { echo "smoke: executables not found ($CLI, $GUI)" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export QT_QPA_PLATFORM=offscreen
export ZHONGXIN_DATA_DIR=$WORK/data        # empty: the app must create everything itself
export ZHONGXIN_USER=admin ZHONGXIN_PASSWORD='Demo2026!'   # the demo's admin (README)

step() { echo "smoke: $*" >&2; }
fail() { echo "smoke: FAILED: $*" >&2; exit 1; }

step "$CLI --version"
version=$("$CLI" --version) || fail "--version"
echo "  $version"
if [ -f "$HERE/../pyproject.toml" ]; then
  want=$(python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' \
         "$HERE/../pyproject.toml")
  [ "$version" = "zhongxin $want" ] || fail "version is '$version', pyproject.toml says $want"
fi

step "demo on an empty data folder"
"$CLI" demo --cases 20 >"$WORK/demo.txt" || fail "zhongxin demo"
[ -s "$ZHONGXIN_DATA_DIR/zhongxin.sqlite" ] || fail "no database in $ZHONGXIN_DATA_DIR"

step "cases list --json"
"$CLI" cases list --json >"$WORK/cases.json" || fail "zhongxin cases list"
count=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$WORK/cases.json")
[ "$count" -gt 0 ] || fail "the case list is empty"
echo "  $count cases"

# A case with a written, frozen agreement (the demo makes some); read-only query of the file.
case_no=$(python3 - "$ZHONGXIN_DATA_DIR/zhongxin.sqlite" <<'EOF'
import sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
row = con.execute('SELECT c.case_no FROM "case" c JOIN agreement a ON a.case_id = c.id '
                  "WHERE a.kind = 'written' AND a.status = 'frozen' AND c.case_no IS NOT NULL "
                  "ORDER BY c.case_no LIMIT 1").fetchone()
print(row[0] if row else "")
EOF
)
[ -n "$case_no" ] || fail "the demo made no case with a written agreement"

step "print agreement $case_no"
"$CLI" print agreement "$case_no" --out "$WORK/agreement.pdf" || fail "zhongxin print agreement"
[ -s "$WORK/agreement.pdf" ] || fail "no PDF written"
pdftotext "$WORK/agreement.pdf" - | tr -d ' \n' | grep -q "人民调解协议书" \
  || fail "the PDF does not contain 人民调解协议书 (fonts or text missing)"

OUT=$(mkdir -p "${SMOKE_OUT:-$WORK}" && cd "${SMOKE_OUT:-$WORK}" && pwd)
[ "$OUT" = "$WORK" ] || cp "$WORK/agreement.pdf" "$OUT/agreement.pdf"

step "GUI --smoke-test (main window, every page, quit), offscreen"
ZHONGXIN_SMOKE_SCREENSHOT=$OUT/gui-offscreen.png timeout 180 "$GUI" --smoke-test \
  || fail "the GUI did not start and quit cleanly (exit $?)"
if command -v xvfb-run >/dev/null 2>&1; then
  # what a desktop uses: the bundled xcb platform plugin and its libraries, on a virtual X server
  step "GUI --smoke-test on X11 (xvfb)"
  QT_QPA_PLATFORM=xcb ZHONGXIN_SMOKE_SCREENSHOT=$OUT/gui-x11.png timeout 180 xvfb-run -a "$GUI" --smoke-test \
    || fail "the GUI did not start on X11 (xcb platform plugin or its libraries)"
fi

echo "smoke: ok ($version)"
