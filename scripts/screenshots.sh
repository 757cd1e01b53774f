#!/usr/bin/env bash
# Renders the README's screenshots from the real binary: builds ewsconnect,
# runs `ewsconnect --demo` in a detached tmux session of a fixed size,
# drives it with send-keys (polling the screen, never sleeping blindly),
# captures each screen with its colours, normalises the SGR codes for
# freeze, and renders PNGs into screenshots/.
#
#   scripts/screenshots.sh              # every PNG
#   EWSCONNECT_BIN=path scripts/...     # use an already built binary
#
# Needs tmux, rsvg-convert (Debian librsvg2-bin: freeze's own PNG path
# crashes with Go 1.26) and DejaVu Sans Mono; installs them with apt-get
# when missing. freeze v0.2.2 is built into a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/screenshots
COLS=${COLS:-100}
ROWS=${ROWS:-30}

TMP=$(mktemp -d)
t() { tmux -S "$TMP/sock" "$@"; }
cleanup() { t kill-server 2>/dev/null || true; rm -rf "$TMP"; }
trap cleanup EXIT

# --- tools
missing=()
command -v tmux >/dev/null || missing+=(tmux)
command -v rsvg-convert >/dev/null || missing+=(librsvg2-bin)
fc-list 2>/dev/null | grep -q "DejaVu Sans Mono" || [ -e /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  echo "--- installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
echo "--- building freeze, the normaliser and ewsconnect"
(cd "$TMP" && GOBIN="$TMP/bin" GOWORK=off GOFLAGS=-mod=mod go install github.com/charmbracelet/freeze@v0.2.2)
go build -o "$TMP/bin/sgrnormalize" ./scripts/sgrnormalize
BIN=${EWSCONNECT_BIN:-$TMP/bin/ewsconnect}
if [ -z "${EWSCONNECT_BIN:-}" ]; then go build -o "$BIN" .; fi

# --- a terminal: xterm-256color with truecolor, so the capture has 24-bit colours
printf 'set -g default-terminal xterm-256color\nset -g remain-on-exit on\n' > "$TMP/tmux.conf"
cd "$TMP"  # reports the wizard saves land here, not in the repository
t -f "$TMP/tmux.conf" new-session -d -s app -x "$COLS" -y "$ROWS" -e COLORTERM=truecolor \
  "$BIN" --demo

screen() { t capture-pane -p -t app; }
wait_for() {  # poll the screen for a regexp; dump it on timeout
  local re=$1 deadline=$(( $(date +%s%N) + ${2:-10}*1000000000 ))
  while (( $(date +%s%N) < deadline )); do
    screen | grep -qE -- "$re" && return 0
    sleep 0.05
  done
  echo "timed out waiting for: $re" >&2; screen >&2; return 1
}
keys() { t send-keys -t app "$@"; }
type_text() { t send-keys -t app -l "$1"; }
shot() {  # shot NAME: the current screen as screenshots/NAME.png
  sleep 0.3  # let the last frame land
  t capture-pane -p -e -t app | "$TMP/bin/sgrnormalize" > "$TMP/$1.ansi"
  "$TMP/bin/freeze" -l ansi --font.family "DejaVu Sans Mono" --window \
    --padding 20 --margin 0 -o "$OUT/$1.png" "$TMP/$1.ansi" </dev/null >/dev/null
  echo "wrote screenshots/$1.png"
}

mkdir -p "$OUT"

echo "--- driving ewsconnect --demo at ${COLS}x${ROWS}"
wait_for 'Demo'
shot welcome
# the demo password, as the welcome screen shows it for the chosen account
PASSWORD=$(screen | sed -n 's/^ *Password  *//p' | head -n1)
[ -n "$PASSWORD" ] || { echo "no demo password on the welcome screen" >&2; exit 1; }

# An email address and a password are enough: the server is found by
# autodiscover, with every place it looked.
keys Tab
wait_for 'Email address'
type_text 'alice@contoso.test'
keys Enter
wait_for 'Password'
type_text "$PASSWORD"
keys Enter
wait_for 'Found your server'
shot find

# Back to the sign-in (the cursor is on the email) as bob, whose server
# wants CONTOSO\bob; then, instead of the server found from the email
# address, type the Outlook Web App address (u: I know my EWS URL); the
# wizard offers the EWS one.
keys Escape
wait_for 'Email address'
keys C-u
type_text 'bob@contoso.test'
keys Enter
wait_for 'EWS URL yourself|I know my EWS URL'
keys u
wait_for 'Exchange server address'
type_text 'https://mail.contoso.test/owa/'
wait_for 'press tab to use it'
shot server-owa

# Accept it; the checks refuse bob's email address as the login.
keys Tab
wait_for 'Looks like an EWS address'
keys Enter
wait_for 'Send the test message'
keys Enter
wait_for 'code auth-failed'
shot problem

# One key applies the login the server named; the checks run again.
keys d
wait_for 'Connected'
shot success

# The checks while a step runs: the slow server keeps one waiting.
keys n
wait_for 'Email address'
keys BTab C-u          # from the (empty) password up to the email
type_text 'alice@contoso.test'
keys Tab
type_text "$PASSWORD"
keys Tab Space         # turn bob's custom login off
keys Enter
wait_for 'Exchange server address'   # the address typed before is offered again
keys C-u
type_text 'https://slow.contoso.test/EWS/Exchange.asmx'
keys Enter
wait_for 'Send the test message'
keys Enter
wait_for 'gives up after'
shot checks

keys C-c
for _ in $(seq 100); do  # Ctrl+C ends it at once
  [ "$(t display -p -t app '#{pane_dead}')" = 1 ] && break
  sleep 0.05
done
[ "$(t display -p -t app '#{pane_dead}')" = 1 ] || { echo "ewsconnect did not end on Ctrl+C" >&2; exit 1; }

# A connection that works with a warning: Extended Protection behind a
# TLS-inspecting proxy, the demo row of that name.
t kill-session -t app
t -f "$TMP/tmux.conf" new-session -d -s app -x "$COLS" -y "$ROWS" -e COLORTERM=truecolor \
  "$BIN" --demo
wait_for 'Demo'
keys Down Down Down Down Down
wait_for '› extended-protection-inspected'
keys Enter
wait_for 'Email address'
keys Enter
wait_for 'Exchange server address'
keys Enter
wait_for 'Send the test message'
keys Enter
wait_for 'Worth knowing'
shot warning
keys q

# The same wizard in Polish, chosen by LANG alone: a wrong password, with
# what was seen and the fix in Polish.
t kill-session -t app
t -f "$TMP/tmux.conf" new-session -d -s app -x "$COLS" -y "$ROWS" -e COLORTERM=truecolor \
  -e LANG=pl_PL.UTF-8 "$BIN" --demo
wait_for 'Demo: w ewsconnect'
for _ in $(seq 60); do  # down the table to the wrong-password row
  screen | grep -q '› wrong-password' && break
  keys Down
  sleep 0.05
done
wait_for '› wrong-password'
keys Enter
wait_for 'Adres e-mail'
keys Enter
wait_for 'Adres URL programu Exchange'
keys Enter
wait_for 'Wyślij wiadomość testową'
keys Enter
wait_for 'kod auth-failed'
shot problem-pl
keys q
echo "--- done"
