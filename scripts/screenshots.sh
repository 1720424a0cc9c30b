#!/usr/bin/env bash
# screenshots.sh — take the README's screenshots of the real window under Xvfb: the empty
# window, each verdict after a real drag-and-drop, and every tab. Writes docs/*.png.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED_DIR:-../shared}
go build -o bin/reportmail ./cmd/reportmail
work=$(mktemp -d)
Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3>"$work/display" 2>/dev/null &
xvfb=$!
trap 'kill ${app:-} $xvfb 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do [[ -s $work/display ]] && break; sleep 0.1; done
export DISPLAY=:$(cat "$work/display")

# A person who picked Gmail earlier sees Gmail's steps straight away.
prefs=$work/home/.config/fyne/app.reportmail.desktop
mkdir -p "$prefs"
echo '{"mail-client":"gmail"}' >"$prefs/preferences.json"
HOME=$work/home LANG=en_US.UTF-8 ./bin/reportmail >"$work/app.log" 2>&1 &
app=$!
for _ in $(seq 100); do win=$(xdotool search --onlyvisible --name '^Report Mail$' 2>/dev/null | head -1) && [[ -n $win ]] && break; sleep 0.1; done
sleep 0.5
shot() { sleep "${2:-0.8}"; import -window "$win" "docs/$1.png"; echo "docs/$1.png"; }
# Ctrl+N shows tab N (the View menu), whatever the tabs' widths.
tab() { xdotool windowfocus --sync "$win" key "ctrl+$1"; }

shot empty
"$shared/tools/dnd-drop" "Report Mail" ui/testdata/original.eml >/dev/null
shot original
"$shared/tools/dnd-drop" "Report Mail" ui/testdata/forward.eml >/dev/null
shot not-original
"$shared/tools/dnd-drop" "Report Mail" assets/icon.png >/dev/null
shot not-email
"$shared/tools/dnd-drop" "Report Mail" "$shared/corpus/bounce/bsd/lhost-postfix-39.eml" >/dev/null
shot notice 1.5
tab 2; shot sent-reports
tab 3; shot support
tab 4; shot mail-setup
tab 5; shot settings
tab 6; shot blocklists
