#!/usr/bin/env bash
# gui-test.sh — the real window, as a person meets it: start the built app under Xvfb, drop
# files on it with a real X11 drag-and-drop, take a screenshot and read it back with OCR.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED_DIR:-../shared}
[[ -x $shared/tools/dnd-drop ]] || { echo "gui-test: $shared/tools/dnd-drop not found" >&2; exit 1; }

go build -o bin/reportmail ./cmd/reportmail
work=$(mktemp -d)
# -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
Xvfb -displayfd 3 -screen 0 1280x860x24 -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb=$!
cleanup() { kill "${app:-}" "$xvfb" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 100); do [[ -s $work/display ]] && break; sleep 0.1; done
[[ -s $work/display ]] || { echo "gui-test: Xvfb did not start" >&2; cat "$work/xvfb.log" >&2; exit 1; }
export DISPLAY=:$(head -1 "$work/display")

start_app() {
  HOME=$work/home LANG=en_US.UTF-8 ./bin/reportmail "$@" >"$work/app.log" 2>&1 &
  app=$!
  for _ in $(seq 300); do
    xdotool search --onlyvisible --name '^Report Mail$' >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "gui-test: the window never appeared" >&2; cat "$work/app.log" >&2; exit 1
}

# read_screen FILE: screenshot, scaled up so OCR reads small UI text reliably.
read_screen() {
  import -window root "$work/shot.png"
  /usr/bin/convert "$work/shot.png" -resize 200% -colorspace Gray "$work/ocr.png"
  tesseract "$work/ocr.png" - 2>/dev/null | tr '\n' ' '
}

expect() { # expect WHAT TEXT…: wait until the screen shows every TEXT
  local what=$1; shift
  local seen=""
  for _ in $(seq 30); do
    seen=$(read_screen)
    local ok=1
    for t in "$@"; do grep -qiF -- "$t" <<<"$seen" || ok=0; done
    [[ $ok == 1 ]] && { echo "ok   $what"; return 0; }
    sleep 0.3
  done
  echo "FAIL $what: wanted [$*] on screen, saw: $seen" >&2
  cp "$work/shot.png" "${GUI_SHOT_DIR:-/tmp}/gui-test-fail.png" 2>/dev/null || true
  exit 1
}

start_app
expect "empty window invites a drop" "Drop a saved email"
"$shared/tools/dnd-drop" "Report Mail" ui/testdata/original.eml
expect "dropped original is judged original" "original.eml" "is the original" "What happened to this email"
"$shared/tools/dnd-drop" "Report Mail" ui/testdata/forward.eml
expect "dropped forward is refused" "forward.eml" "not the original" "Get the original"
"$shared/tools/dnd-drop" "Report Mail" assets/icon.png
expect "dropped picture is not an email" "icon.png" "not an email" "picture"

# A 25 MB message: the window must stay responsive while it is checked off the UI goroutine.
"$( [[ -x /usr/bin/python3 ]] && echo /usr/bin/python3 || echo python3 )" - "$work/big.eml" <<'PY'
import base64, os, sys
with open(sys.argv[1], "wb") as f:
    f.write(open("ui/testdata/original.eml", "rb").read().split(b"\n\n")[0].replace(b"text/plain; charset=utf-8", b'multipart/mixed; boundary="b"') + b"\n\n")
    f.write(b"--b\nContent-Type: text/plain\n\nBig prize.\n--b\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n")
    data = base64.encodebytes(os.urandom(18 << 20))
    f.write(data + b"--b--\n")
PY
"$shared/tools/dnd-drop" "Report Mail" "$work/big.eml"
xdotool mousemove --window "$(xdotool search --onlyvisible --name '^Report Mail$' | head -1)" 338 49 click 1
expect "window answers during a 25 MB check (Support tab opens)" "support desk" "Hours"
xdotool mousemove --window "$(xdotool search --onlyvisible --name '^Report Mail$' | head -1)" 80 49 click 1
expect "the 25 MB message is judged" "big.eml" "is the original"
echo "gui-test: 6 checks passed"
