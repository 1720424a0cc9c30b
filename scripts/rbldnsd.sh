#!/usr/bin/env bash
# A real DNSBL server (rbldnsd, the software many public lists run) on loopback for the
# blocklist tests.
#
# Usage: scripts/rbldnsd.sh start|stop|status [DIR]
#   DIR defaults to ${RBLDNSD_DIR:-/tmp/reportmail-rbldnsd}; absolute, no whitespace.
#   start   writes the zone files into DIR, starts rbldnsd on 127.0.0.1:$RBLDNSD_PORT
#           (default 10053, UDP), waits until it answers, writes DIR/env (RBLDNSD_ADDR=...)
#           and prints it. A running server in DIR is stopped and started again.
#   stop    stops the server of DIR and removes DIR/env.
#   status  exit 0 when the server of DIR is running, 1 otherwise.
# As root rbldnsd runs as nobody (it refuses to run as root); DIR is made readable.
#
# Zones (internal/testkit/dnstest describes the same entries for the Go tests):
#   ip.rbl.test       ip4set + ip6trie, Spamhaus ZEN-like codes: 127.0.0.2 (the RFC 5782 test
#                     entry), 192.0.2.2 SBL, .3 CSS, .4 XBL, .9 DROP, .10 PBL ISP,
#                     .11 PBL Spamhaus, .99 an undescribed code (127.0.0.99), 2001:db8::25 XBL;
#                     192.0.2.1 and 127.0.0.1 not listed.
#   dom.rbl.test      dnset: "test" (RFC 5782), .example-msp.test (the domain and every name
#                     under it, 127.0.1.2), example-isp.test only (127.0.1.4, not its hosts).
#   err.rbl.test      ip4trie 0.0.0.0/0 -> 127.255.255.254 (Spamhaus's "public resolver").
#   badtest.rbl.test  wrong test entries: 127.0.0.1 listed, 127.0.0.2 not; 192.0.2.2 listed.
#   mute.rbl.test     no test entry answers (as a list refusing a resolver); 192.0.2.2 listed.
set -euo pipefail

PROG=${0##*/}
die() { echo "$PROG: error: $*" >&2; exit 1; }

[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $PROG start|stop|status [DIR]" >&2; exit 2; }
CMD=$1
DIR=${2:-${RBLDNSD_DIR:-/tmp/reportmail-rbldnsd}}
case $DIR in /*) ;; *) die "DIR must be an absolute path, got '$DIR'" ;; esac
case $DIR in *[[:space:]]*) die "DIR must not contain whitespace: '$DIR'" ;; esac
DIR=${DIR%/}
[ -n "$DIR" ] || die "DIR must not be /"
PORT=${RBLDNSD_PORT:-10053}
case $PORT in '' | *[!0-9]*) die "RBLDNSD_PORT must be a port number, got '$PORT'" ;; esac
PIDFILE=$DIR/rbldnsd.pid
ENVFILE=$DIR/env

running() {
	[ -r "$PIDFILE" ] || return 1
	local pid
	pid=$(cat "$PIDFILE")
	[[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && grep -q rbldnsd "/proc/$pid/cmdline" 2>/dev/null
}

stop() {
	if running; then
		local pid i
		pid=$(cat "$PIDFILE")
		kill "$pid"
		# running, not kill -0: where nobody reaps orphans (a container's PID 1) the ended
		# daemon stays a zombie, which kill -0 still finds.
		for i in $(seq 50); do running || break; sleep 0.1; done
		running && kill -9 "$pid" 2>/dev/null || true
	fi
	rm -f "$PIDFILE" "$ENVFILE"
}

write_zones() {
	mkdir -p "$DIR"
	cat >"$DIR/ip.zone" <<'Z'
$SOA 0 ns.rbl.test hostmaster.rbl.test 0 1h 1h 1d 1m
:127.0.0.2:Listed by the test IP list, see https://lists.example.test/lookup?ip=$
127.0.0.2
192.0.2.2 :127.0.0.2:Test SBL listing for $, see https://lists.example.test/sbl
192.0.2.3 :127.0.0.3:Test CSS listing for $
192.0.2.4 :127.0.0.4:Test XBL listing for $
192.0.2.9 :127.0.0.9:Test DROP listing
192.0.2.10 :127.0.0.10:Test PBL (ISP) listing
192.0.2.11 :127.0.0.11:Test PBL listing
192.0.2.99 :127.0.0.99:Listed with a code nobody described
Z
	cat >"$DIR/ip6.zone" <<'Z'
2001:db8::25/128 :127.0.0.4:Test XBL listing for an IPv6 address
Z
	cat >"$DIR/dom.zone" <<'Z'
$SOA 0 ns.rbl.test hostmaster.rbl.test 0 1h 1h 1d 1m
:127.0.1.2:Test domain listing for $
test
.example-msp.test
example-isp.test :127.0.1.4:Test listing of the registrable domain only
Z
	cat >"$DIR/err.zone" <<'Z'
0.0.0.0/0 :127.255.255.254:Queries through public resolvers are refused
Z
	cat >"$DIR/badtest.zone" <<'Z'
127.0.0.1 :127.0.0.2:Wrongly listed test entry
192.0.2.2 :127.0.0.2:Listed by a list whose test entries are wrong
Z
	cat >"$DIR/mute.zone" <<'Z'
192.0.2.2 :127.0.0.2:Listed by a list that does not answer its test entries
Z
	chmod 755 "$DIR"
	chmod 644 "$DIR"/*.zone
}

# answers: does 2.0.0.127.ip.rbl.test resolve? (bash's /dev/udp cannot read a reply, so ask
# a tool that is there: rbldnsd answers only when it has loaded the zones.)
answers() {
	command -v python3 >/dev/null || { sleep 0.3; return 0; }
	python3 - "$PORT" <<'PY'
import socket, sys
q = bytes.fromhex("123400000001000000000000013201300130033132370269700372626c04746573740000010001")
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.3)
s.sendto(q, ("127.0.0.1", int(sys.argv[1])))
try:
    r = s.recv(512)
except OSError:
    sys.exit(1)
sys.exit(0 if r[:2] == q[:2] and (r[3] & 0x0f) == 0 and r[7] > 0 else 1)
PY
}

case $CMD in
start)
	command -v rbldnsd >/dev/null || die "rbldnsd is not installed: run scripts/deps.sh test"
	stop
	write_zones
	user=()
	[ "$(id -u)" = 0 ] && user=(-u nobody)
	rbldnsd "${user[@]}" -w "$DIR" -p "$PIDFILE" -b "127.0.0.1/$PORT" -t 1m -c 0 \
		ip.rbl.test:ip4set:ip.zone ip.rbl.test:ip6trie:ip6.zone \
		dom.rbl.test:dnset:dom.zone \
		err.rbl.test:ip4trie:err.zone \
		badtest.rbl.test:ip4set:badtest.zone \
		mute.rbl.test:ip4set:mute.zone >"$DIR/rbldnsd.log" 2>&1 || {
		cat "$DIR/rbldnsd.log" >&2
		die "rbldnsd did not start"
	}
	for _ in $(seq 50); do answers && break; sleep 0.1; done
	answers || die "rbldnsd started but does not answer on 127.0.0.1:$PORT"
	echo "RBLDNSD_ADDR=127.0.0.1:$PORT" >"$ENVFILE"
	cat "$ENVFILE"
	;;
stop) stop ;;
status) running ;;
*) die "unknown command $CMD" ;;
esac
