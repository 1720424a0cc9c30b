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

# read_screen: screenshot cut to the window (tesseract finds no text at all in some screens
# that are half window, half black root), scaled up so OCR reads small UI text reliably.
read_screen() {
  import -window root "$work/shot.png"
  local id crop=() X Y WIDTH HEIGHT
  id=$(xdotool search --onlyvisible --name '^Report Mail$' 2>/dev/null | head -1)
  if [[ -n $id ]] && eval "$(xdotool getwindowgeometry --shell "$id" 2>/dev/null)" && [[ -n ${WIDTH:-} ]]; then
    crop=(-crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage)
  fi
  /usr/bin/convert "$work/shot.png" "${crop[@]}" -resize 200% -colorspace Gray "$work/ocr.png"
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
# ---- keyboard (issue 10): every tab from the keyboard, and focus visible on a blue button ----
win() { xdotool search --onlyvisible --name '^Report Mail$' | head -1; }
key() { xdotool windowfocus --sync "$(win)" 2>/dev/null || true; xdotool key --clearmodifiers "$1"; }

# focus_pixels: how many pixels have the colour of a focused primary (blue) button, Fyne's
# blue with the app's amber focus colour blended over it (ui/theme.go).
focus_pixels() {
  import -window root "$work/focus.png"
  /usr/bin/convert "$work/focus.png" -depth 8 rgb:- | "$( [[ -x /usr/bin/python3 ]] && echo /usr/bin/python3 || echo python3 )" -c '
import sys
d = sys.stdin.buffer.read()
# Fyne blue 0x296ff6 under amber 0xff8c00 at 0x99/0xff.
a = 0x99 / 255
want = [round(a * f + (1 - a) * b) for f, b in zip((0xff, 0x8c, 0x00), (0x29, 0x6f, 0xf6))]
n = sum(1 for i in range(0, len(d) - 2, 3) if all(abs(d[i + k] - want[k]) <= 6 for k in range(3)))
print(n)'
}

keyboard_checks() {
  key ctrl+2
  expect "Ctrl+2 shows Sent reports" "Waiting to be sent" "No reports sent yet"
  key ctrl+5
  expect "Ctrl+5 shows Settings" "Your email account" "Test connection"
  key ctrl+3
  expect "Ctrl+3 shows Support" "support desk" "Hours"
  key ctrl+1
  expect "Ctrl+1 is back on the report, cards still there" "big.eml" "is the original"
  # Shift+Tab through the window until a blue button (Open…) has the focus. Backwards, since
  # the card's note box keeps Tab for itself.
  local n=0 tabs
  for tabs in $(seq 25); do
    key shift+Tab
    sleep 0.2
    n=$(focus_pixels)
    (( n > 300 )) && break
  done
  cp "$work/focus.png" "${GUI_SHOT_DIR:-/tmp}/gui-test-focus.png" 2>/dev/null || true
  if (( n > 300 )); then
    echo "ok   focus is visible on a blue button (after $tabs Shift+Tab presses; $n focus-coloured pixels)"
  else
    echo "FAIL no focused blue button ever showed the focus colour (see ${GUI_SHOT_DIR:-/tmp}/gui-test-focus.png)" >&2
    exit 1
  fi
}
keyboard_checks

# ---- rejection notice (issue 11): the card says what happened and leads to the report ----
notice=$shared/corpus/bounce/bsd/lhost-postfix-39.eml # spamdetected, the whole email returned
if [[ -f $notice ]]; then
  "$shared/tools/dnd-drop" "Report Mail" "$notice"
  expect "dropped spam rejection notice is explained" "Rejection notice" "judged the content to be spam" "What came back"
else
  echo "FAIL the shared corpus has no $notice" >&2
  exit 1
fi
echo "gui-test: 12 checks passed"
