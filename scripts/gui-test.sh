#!/usr/bin/env bash
# gui-test.sh — the real window, as a person meets it: start the built app under Xvfb, drop
# files on it with a real X11 drag-and-drop, take a screenshot and read it back with OCR.
# The last check sends a report through the running test mail stack ($MAILSTACK_DIR, as
# scripts/test.sh starts it; skipped without one unless CI or REPORTMAIL_REQUIRE_MAILSTACK=1).
set -Eeuo pipefail
# A command that fails ends the test (set -e): say which, instead of stopping silently.
trap 'echo "FAIL gui-test line $LINENO: \"$BASH_COMMAND\" failed" >&2' ERR
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

# start_app runs the app with its own home (app_home, default $work/home) and XDG folders,
# so nothing of the person running the test is read or written, and without a session bus,
# so a password typed in the test never reaches a real keychain.
start_app() {
  local h=${app_home:-$work/home}
  HOME=$h XDG_CONFIG_HOME=$h/.config XDG_DATA_HOME=$h/.local/share XDG_CACHE_HOME=$h/.cache \
    LANG=en_US.UTF-8 env -u DBUS_SESSION_BUS_ADDRESS ./bin/reportmail "$@" >"$work/app.log" 2>&1 &
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
  id=$(xdotool search --onlyvisible --name '^Report Mail$' 2>/dev/null | sed -n 1p)
  if [[ -n $id ]] && eval "$(xdotool getwindowgeometry --shell "$id" 2>/dev/null)" && [[ -n ${WIDTH:-} ]]; then
    crop=(-crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage)
  fi
  /usr/bin/convert "$work/shot.png" "${crop[@]}" -resize 200% -colorspace Gray "$work/ocr.png"
  tesseract "$work/ocr.png" - 2>/dev/null | tr '\n' ' '
}

passed=0
pass() { echo "ok   $*"; passed=$((passed + 1)); }

# fail says what went wrong, keeps the last screenshot and the app's log, and ends the test.
fail() {
  echo "FAIL $*" >&2
  import -window root "$work/shot.png" 2>/dev/null || true
  cp "$work/shot.png" "${GUI_SHOT_DIR:-/tmp}/gui-test-fail.png" 2>/dev/null &&
    echo "     screenshot: ${GUI_SHOT_DIR:-/tmp}/gui-test-fail.png" >&2
  [[ -s $work/app.log ]] && { echo "     the app's log, last lines:" >&2; tail -20 "$work/app.log" >&2; }
  exit 1
}

expect() { # expect WHAT TEXT…: wait until the screen shows every TEXT
  local what=$1; shift
  local seen=""
  for _ in $(seq 30); do
    seen=$(read_screen)
    local ok=1
    for t in "$@"; do grep -qiF -- "$t" <<<"$seen" || ok=0; done
    [[ $ok == 1 ]] && { pass "$what"; return 0; }
    sleep 0.3
  done
  fail "$what: wanted [$*] on screen, saw: $seen"
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
xdotool mousemove --window "$(xdotool search --onlyvisible --name '^Report Mail$' | sed -n 1p)" 338 49 click 1
expect "window answers during a 25 MB check (Support tab opens)" "support desk" "Hours"
xdotool mousemove --window "$(xdotool search --onlyvisible --name '^Report Mail$' | sed -n 1p)" 80 49 click 1
expect "the 25 MB message is judged" "big.eml" "is the original"
# ---- keyboard (issue 10): every tab from the keyboard, and focus visible on a blue button ----
# sed, not head: head stops reading, and under pipefail xdotool's SIGPIPE fails the test.
win() { xdotool search --onlyvisible --name '^Report Mail$' | sed -n 1p; }
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
    pass "focus is visible on a blue button (after $tabs Shift+Tab presses; $n focus-coloured pixels)"
  else
    fail "no focused blue button ever showed the focus colour (see ${GUI_SHOT_DIR:-/tmp}/gui-test-focus.png)"
  fi
}
keyboard_checks

# ---- rejection notice (issue 11): the card says what happened and leads to the report ----
notice=$shared/corpus/bounce/bsd/lhost-postfix-39.eml # spamdetected, the whole email returned
if [[ -f $notice ]]; then
  "$shared/tools/dnd-drop" "Report Mail" "$notice"
  expect "dropped spam rejection notice is explained" "Rejection notice" "judged the content to be spam" "What came back"
else
  fail "the shared corpus has no $notice"
fi

# ---- two presses of Send make one report (issue 10), through the real Postfix ----
# A fresh app with an account on the test stack's submission port (its private CA loaded as
# Settings keeps it), no keychain, so it asks for the password. Send is pressed twice before
# the password prompt and twice while the report is on its way; the outbox must hold one
# report and the stack's Maildir must get one copy of it.

# click_text WORD: click the first word OCR reads as WORD (the screen is read at 200%).
click_text() {
  read_screen >/dev/null
  local at
  # Through a file: an awk that stops at the first match would kill tesseract mid-write.
  tesseract "$work/ocr.png" "$work/words" tsv 2>/dev/null
  at=$(awk -F'\t' -v w="$1" 'NR > 1 && tolower($12) == tolower(w) && !done {
    print int(($7 + $9 / 2) / 2), int(($8 + $10 / 2) / 2); done = 1 }' "$work/words.tsv")
  [[ -n $at ]] || fail "the word \"$1\" is not on the screen, so it cannot be clicked"
  # shellcheck disable=SC2086 # two numbers: x y
  xdotool mousemove --window "$(win)" $at click 1
}

# mail_stack_up STACKDIR: its env file is there and the submission port answers.
mail_stack_up() {
  [[ -r $1/env ]] || return 1
  local host port
  host=$(sed -n 's/^MAILSTACK_HOST_GOOD=//p' "$1/env")
  port=$(sed -n 's/^MAILSTACK_SMTP_SUBMISSION=//p' "$1/env")
  timeout 3 bash -c "exec 3<>/dev/tcp/${host:-127.0.0.1}/${port:-0}" 2>/dev/null
}

# maildir_names DIR: every message in a Maildir by its unique name (the part before ":",
# which stays when Dovecot moves it from new/ to cur/).
# find fails when Dovecot moves a file while it looks: that file is listed all the same.
maildir_names() { { find "$1/new" "$1/cur" -type f -printf '%f\n' 2>/dev/null || true; } | sed 's/:.*//' | sort -u; }

# maildir_count DIR BEFORE MESSAGE-ID SUBJECT: "N M", N the messages not in the BEFORE list
# with that Message-ID, M those with that Subject. Only headers are read.
maildir_count() {
  "$( [[ -x /usr/bin/python3 ]] && echo /usr/bin/python3 || echo python3 )" - "$@" <<'PY'
import email, email.header, email.policy, os, sys
d, before, mid, subject = sys.argv[1:5]
old = set(open(before).read().split())
n_id = n_subject = 0
for sub in ("new", "cur"):
    try:
        names = os.listdir(os.path.join(d, sub))
    except FileNotFoundError:
        continue
    for name in names:
        if name.split(":")[0] in old:
            continue
        try:
            with open(os.path.join(d, sub, name), "rb") as f:
                head = f.read(256 << 10).split(b"\n\n")[0]
        except FileNotFoundError:  # moved from new/ to cur/ meanwhile: seen there
            continue
        m = email.message_from_bytes(head + b"\n\n", policy=email.policy.default)
        n_id += (m.get("Message-ID") or "").strip() == mid
        n_subject += str(m.get("Subject") or "").strip() == subject
print(n_id, n_subject)
PY
}

send_checks() {
  local stack=${MAILSTACK_DIR:-/tmp/reportmail-mailstack}
  local original=$shared/corpus/spam/spamassassin-spam-001.eml # judged original, no type preselected
  if ! mail_stack_up "$stack"; then
    local why="the test mail stack in $stack is not running: run \`make mailstack\`"
    case ${CI:-}${REPORTMAIL_REQUIRE_MAILSTACK:-} in
    *1* | *true*) fail "$why (CI or REPORTMAIL_REQUIRE_MAILSTACK=1: this check must not be skipped)" ;;
    esac
    echo "skip two presses of Send make one report: $why"
    return 0
  fi
  [[ -f $original ]] || fail "the shared corpus has no $original"
  local -A ms # the stack's env without its MAILSTACK_ prefix
  local var
  for var in HOST_GOOD SMTP_SUBMISSION USER PASSWORD CA MAILDIR; do
    ms[$var]=$(sed -n "s/^MAILSTACK_$var=//p" "$stack/env")
    [[ -n ${ms[$var]} ]] || fail "$stack/env has no MAILSTACK_$var"
  done

  # A new app, as someone who has just set up their account (ui/settings.go's keys; 1 is
  # send.StartTLS) and loaded their IT person's certificate (ui/privateca.go's caFileName).
  kill "$app" 2>/dev/null || true
  wait "$app" 2>/dev/null || true
  app_home=$work/home-send
  local store=$app_home/.config/fyne/app.reportmail.desktop
  local outbox=$app_home/.config/reportmail/outbox
  mkdir -p "$store"
  cp "${ms[CA]}" "$store/private-server-certificate.pem"
  jq -n --arg addr "${ms[USER]}" --arg host "${ms[HOST_GOOD]}" --argjson port "${ms[SMTP_SUBMISSION]}" \
    '{"account.address": $addr, "account.host": $host, "account.port": $port,
      "account.security": 1, "account.username": $addr}' >"$store/preferences.json"
  maildir_names "${ms[MAILDIR]}" >"$work/maildir.before"
  start_app

  "$shared/tools/dnd-drop" "Report Mail" "$original"
  expect "a corpus spam is judged original, ready to send" "spamassassin-spam-001.eml" "is the original" "What happened to this email"
  click_text scam # "It is spam or a scam that reached my inbox"
  # Ctrl+Enter is "Send the Newest Report" (ui/menu.go): twice, as fast as keys go.
  key ctrl+Return
  xdotool key --clearmodifiers ctrl+Return
  expect "no keychain: the app asks for the password" "Password for" "needs the password"
  xdotool type --clearmodifiers --delay 20 "${ms[PASSWORD]}"
  # Enter sends; two more presses right behind it find no report left to send.
  xdotool key --clearmodifiers Return ctrl+Return ctrl+Return
  expect "Send pressed again while the report is on its way: nothing else to send" "already on its way"
  key Escape
  expect "the card says the report was sent" "Sent to" "Sent at"

  # The outbox: exactly one report, in the history, sent.
  local queued=() sent=() deadline=$((SECONDS + 30))
  while :; do
    mapfile -t queued < <(find "$outbox/queue" -mindepth 1 -maxdepth 1 -type d 2>/dev/null)
    mapfile -t sent < <(find "$outbox/history" -mindepth 1 -maxdepth 1 -type d 2>/dev/null)
    (( ${#queued[@]} + ${#sent[@]} > 1 )) && break
    (( ${#sent[@]} == 1 && ${#queued[@]} == 0 )) && break
    (( SECONDS < deadline )) || break
    sleep 0.5
  done
  (( ${#queued[@]} == 0 && ${#sent[@]} == 1 )) ||
    fail "two presses of Send: the outbox holds ${#sent[@]} sent and ${#queued[@]} other reports, want exactly 1 sent (in $outbox)"
  local state subject mid
  state=$(jq -r .state "${sent[0]}/state.json")
  subject=$(jq -r .subject "${sent[0]}/state.json")
  mid=$(jq -r .message_id "${sent[0]}/state.json")
  [[ $state == sent && -n $subject && -n $mid ]] ||
    fail "the outbox's report is \"$state\" (subject \"$subject\", Message-ID \"$mid\"), want sent"
  [[ $mid == \<*\> ]] || mid="<$mid>"
  pass "two presses of Send: the outbox holds one report, sent"

  # The Maildir: Postfix delivers on its own time, so wait for the copy, then a little more
  # for a second one that would follow it.
  local counts=(0 0)
  deadline=$((SECONDS + 30))
  while (( SECONDS < deadline )); do
    read -ra counts < <(maildir_count "${ms[MAILDIR]}" "$work/maildir.before" "$mid" "$subject")
    (( counts[0] >= 1 )) && break
    sleep 0.5
  done
  (( counts[0] >= 1 )) || fail "the report (Message-ID $mid) never reached ${ms[MAILDIR]} within 30 seconds; see $stack/maillog"
  sleep 3
  read -ra counts < <(maildir_count "${ms[MAILDIR]}" "$work/maildir.before" "$mid" "$subject")
  (( counts[0] == 1 && counts[1] == 1 )) ||
    fail "the support desk got ${counts[0]} copies of the report and ${counts[1]} new messages titled \"$subject\", want 1 of each"
  pass "the mail server delivered the report once (\"$subject\")"
}
send_checks
echo "gui-test: $passed checks passed"
