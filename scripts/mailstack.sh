#!/usr/bin/env bash
# A real Postfix + Dovecot on loopback for Report Mail's tests.
#
# Usage: scripts/mailstack.sh install|start|stop|status [DIR]
#   DIR defaults to ${MAILSTACK_DIR:-/tmp/reportmail-mailstack}; it must be an absolute
#   path without whitespace. Must run as root (Debian 12, no systemd, no syslog needed).
#
#   install  apt-get installs whatever of postfix dovecot-core dovecot-imapd dovecot-pop3d
#            socat openssl swaks libnet-ssleay-perl is missing (quiet when all is there).
#   start    (re)creates certificates when needed, writes private Postfix and Dovecot
#            instances into DIR, starts them, waits for every port, writes DIR/env and
#            prints it (about 1-1.5 s on an idle machine, +0.5 s when it makes the certs).
#            When the stack in DIR is already running it is stopped and started again;
#            every start begins with an empty Maildir (the previous maillog is kept as
#            maillog.old).
#   stop     SIGTERMs Postfix's and Dovecot's masters and the socat relays and waits for
#            every process of theirs (about 1.3 s, Dovecot's helpers are the slow part);
#            DIR stays (certificates are reused), DIR/env is removed.
#   status   exit 0 when everything is running, 1 otherwise.
#
# Addresses (Linux routes all of 127/8 to lo; the same port numbers on each):
#   127.0.0.1 good certificate (SAN localhost, 127.0.0.1)
#   127.0.0.2 expired certificate (same names + 127.0.0.2)
#   127.0.0.3 valid certificate for another host only (other-host.example.test)
#   127.0.0.4 Dovecot's STARTTLS listeners (IMAP, POP3), reached through socat, see below.
#   127.0.0.5 Dovecot IMAPS without MOVE, 127.0.0.6 IMAPS without MOVE and UIDPLUS; both are
#             reached through socat from 127.0.0.1 (MAILSTACK_IMAPS_NOMOVE/_BARE below), so
#             the client verifies the good certificate for 127.0.0.1.
#
# Ports (override with the environment variable of the same name):
#   MAILSTACK_SMTP_STARTTLS  10025  port-25 style: STARTTLS offered, AUTH only after TLS
#   MAILSTACK_SMTP_TRAP      10026  127.0.0.1 only: no TLS at all, AUTH offered in clear
#                                   (and it even succeeds). Logs as postfix/trap/smtpd with
#                                   the client port: "disconnect from
#                                   localhost[127.0.0.1]:PORT ... auth=1 ..." -- an "auth="
#                                   field means the client sent AUTH there, i.e. leaked.
#   MAILSTACK_SMTP_SMALL     10027  127.0.0.1 only: submission style (STARTTLS + AUTH
#                                   required) with message_size_limit=$MAILSTACK_SMALL_LIMIT
#                                   (1 MiB): a larger message gets 552 -- "552 5.3.4 Error:
#                                   message file too big" after DATA, or "552 5.3.4 Message
#                                   size exceeds fixed limit" for MAIL FROM ... SIZE=n.
#   MAILSTACK_SMTP_SUBMISSION 10587 587 style: TLS required (STARTTLS), AUTH required
#   MAILSTACK_SMTP_IMPLICIT  10465  465 style: implicit TLS, AUTH required
#   MAILSTACK_IMAP 10143 / MAILSTACK_IMAPS 10993 / MAILSTACK_POP3 10110 / MAILSTACK_POP3S 10995
#   MAILSTACK_IMAPS_NOMOVE   10994  127.0.0.1 only: implicit-TLS IMAP whose capabilities
#                                   lack MOVE (a client must COPY + \Deleted + UID EXPUNGE).
#   MAILSTACK_IMAPS_BARE     10996  127.0.0.1 only: implicit-TLS IMAP without MOVE and
#                                   without UIDPLUS (no UID EXPUNGE either).
#     How: Dovecot 2.3 applies `local IP { protocol imap { imap_capability = ... } }` after
#     login, per local address, but has no per-port filter; so the full capability list
#     minus MOVE (minus UIDPLUS) is set for 127.0.0.5 (127.0.0.6), and socat relays
#     127.0.0.1:port to 127.0.0.5/6:MAILSTACK_IMAPS. Dovecot still obeys a MOVE sent
#     anyway: the listener only stops advertising it, which is what a client must check.
#   MAILSTACK_OAUTH_PORT     10980  NOT served by the stack: Dovecot's oauth2 passdb asks
#                                   http://127.0.0.1:PORT/introspect (RFC 7662, POST
#                                   token=..., answer {"active": true, "username": USER}) to
#                                   check XOAUTH2/OAUTHBEARER tokens on IMAP and, through
#                                   Dovecot SASL, on Postfix's AUTH ports after STARTTLS. A
#                                   test runs its own HTTP server on that port; without one
#                                   every token is refused ("Introspection failed").
#   The normal message_size_limit is 60 MiB (MAILSTACK_SIZE_LIMIT; a 30 MB message is
#   accepted). Other overrides: MAILSTACK_USER (reporter@example.test), MAILSTACK_PASSWORD
#   (test-password-123), MAILSTACK_UID (5000, owner of the Maildir), MAILSTACK_START_TIMEOUT
#   (20 s). Two stacks can run at once with different DIRs and ports; a restart of a stack
#   breaks the sessions of tests that are using it at that moment.
#
# Dovecot pitfall (2.3): a client whose address equals the server's (127.0.0.1 ->
# 127.0.0.1) counts as "secured" and may log in in plaintext despite ssl=required. So
# Dovecot's STARTTLS ports (IMAP, POP3) listen on 127.0.0.2, 127.0.0.3 and 127.0.0.4, and
# socat relays 127.0.0.1:port to 127.0.0.4:port (Dovecot then sees 127.0.0.1 -> 127.0.0.4,
# not secured, and presents the good certificate). On 127.0.0.2/3 clients come from
# 127.0.0.1 anyway. The implicit-TLS ports (IMAPS, POP3S) listen directly on .1/.2/.3.
#
# All mail to any address in any domain lands in one Maildir ($MAILSTACK_MAILDIR), as
# sent (no header rewriting) plus Return-Path, X-Original-To, Delivered-To and one
# Received header on top, with CRLF stored as LF. One exception, so that a test gets a
# really delivered message (real Received line) into Junk: a recipient whose local part
# ends in "+junk" lands in the Junk folder (Maildir/.Junk). (virtual(8) forbids $1 in
# regexp maps, so other folders are reached by moving the delivered file, see
# mailstacktest.Deliver.)
# Folders Junk, Trash and Sent exist from the start with their RFC 6154 roles (\Junk,
# \Trash, \Sent; SPECIAL-USE in LIST) and are subscribed (auto = subscribe).
set -euo pipefail

PROG=${0##*/}
die() { echo "$PROG: error: $*" >&2; exit 1; }
note() { echo "$PROG: $*" >&2; }

PACKAGES=(postfix dovecot-core dovecot-imapd dovecot-pop3d socat openssl swaks libnet-ssleay-perl)

usage() {
	echo "usage: $PROG install|start|stop|status [DIR]  (DIR default: \${MAILSTACK_DIR:-/tmp/reportmail-mailstack})" >&2
	exit 2
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
CMD=$1
DIR=${2:-${MAILSTACK_DIR:-/tmp/reportmail-mailstack}}
case $DIR in
/*) ;;
*) die "DIR must be an absolute path, got '$DIR'" ;;
esac
case $DIR in
*[[:space:]]*) die "DIR must not contain whitespace: '$DIR'" ;;
esac
DIR=${DIR%/}
[ -n "$DIR" ] || die "DIR must not be /"

# ---------------------------------------------------------------- settings
MAILSTACK_USER=${MAILSTACK_USER:-reporter@example.test}
MAILSTACK_PASSWORD=${MAILSTACK_PASSWORD:-test-password-123}
P_STARTTLS=${MAILSTACK_SMTP_STARTTLS:-10025}
P_TRAP=${MAILSTACK_SMTP_TRAP:-10026}
P_SMALL=${MAILSTACK_SMTP_SMALL:-10027}
P_SUBMISSION=${MAILSTACK_SMTP_SUBMISSION:-10587}
P_IMPLICIT=${MAILSTACK_SMTP_IMPLICIT:-10465}
P_IMAP=${MAILSTACK_IMAP:-10143}
P_IMAPS=${MAILSTACK_IMAPS:-10993}
P_POP3=${MAILSTACK_POP3:-10110}
P_POP3S=${MAILSTACK_POP3S:-10995}
P_IMAPS_NOMOVE=${MAILSTACK_IMAPS_NOMOVE:-10994}
P_IMAPS_BARE=${MAILSTACK_IMAPS_BARE:-10996}
P_OAUTH=${MAILSTACK_OAUTH_PORT:-10980}
SMALL_LIMIT=${MAILSTACK_SMALL_LIMIT:-1048576}
SIZE_LIMIT=${MAILSTACK_SIZE_LIMIT:-62914560}
MAIL_UID=${MAILSTACK_UID:-5000} # virtual(8) refuses uids below 100; no passwd entry needed
START_TIMEOUT=${MAILSTACK_START_TIMEOUT:-20}

HOST_GOOD=127.0.0.1
HOST_EXPIRED=127.0.0.2
HOST_WRONG=127.0.0.3
HOST_DOVECOT_STARTTLS=127.0.0.4
HOST_NOMOVE=127.0.0.5
HOST_BARE=127.0.0.6
# Dovecot 2.3.19's own post-login capability list (as it says after LOGIN), less MOVE.
CAPS_NOMOVE="IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT SORT=DISPLAY THREAD=REFERENCES THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY SPECIAL-USE LITERAL+"
CAPS_BARE=${CAPS_NOMOVE/ UIDPLUS/}
CERT_HOSTS=("$HOST_GOOD:good" "$HOST_EXPIRED:expired" "$HOST_WRONG:wrong")

CERTS=$DIR/certs
PFCONF=$DIR/postfix
SPOOL=$DIR/spool
PFDATA=$DIR/postfix-data
DCDIR=$DIR/dovecot
DCRUN=$DIR/dovecot/run
RUN=$DIR/run
HOME_DIR=$DIR/mail/reporter
MAILDIR=$HOME_DIR/Maildir
MAILLOG=$DIR/maillog
DOVECOT_LOG=$DIR/dovecot.log
SOCAT_LOG=$DIR/socat.log
ENVFILE=$DIR/env

# The ports a started stack uses are saved, so that stop, status and a restart wait for
# the right ones even when the environment differs from the one start saw.
SAVED_KEYS="P_STARTTLS P_TRAP P_SMALL P_SUBMISSION P_IMPLICIT P_IMAP P_IMAPS P_POP3 P_POP3S P_IMAPS_NOMOVE P_IMAPS_BARE P_OAUTH"
save_settings() {
	local k
	for k in $SAVED_KEYS; do echo "$k=${!k}"; done >"$RUN/settings"
}
load_settings() {
	local k v
	[ -r "$RUN/settings" ] || return 0
	while IFS='=' read -r k v; do
		case " $SAVED_KEYS " in
		*" $k "*) [[ $v =~ ^[0-9]+$ ]] && printf -v "$k" '%s' "$v" ;;
		esac
	done <"$RUN/settings"
	return 0
}

check_port() {
	case $2 in
	'' | *[!0-9]*) die "$1 must be a port number, got '$2'" ;;
	esac
	[ "$2" -ge 1024 ] && [ "$2" -le 65535 ] || die "$1 must be an unprivileged port (1024-65535), got $2"
}

validate_settings() {
	check_port MAILSTACK_SMTP_STARTTLS "$P_STARTTLS"
	check_port MAILSTACK_SMTP_TRAP "$P_TRAP"
	check_port MAILSTACK_SMTP_SMALL "$P_SMALL"
	check_port MAILSTACK_SMTP_SUBMISSION "$P_SUBMISSION"
	check_port MAILSTACK_SMTP_IMPLICIT "$P_IMPLICIT"
	check_port MAILSTACK_IMAP "$P_IMAP"
	check_port MAILSTACK_IMAPS "$P_IMAPS"
	check_port MAILSTACK_POP3 "$P_POP3"
	check_port MAILSTACK_POP3S "$P_POP3S"
	check_port MAILSTACK_IMAPS_NOMOVE "$P_IMAPS_NOMOVE"
	check_port MAILSTACK_IMAPS_BARE "$P_IMAPS_BARE"
	check_port MAILSTACK_OAUTH_PORT "$P_OAUTH"
	local dup
	dup=$(printf '%s\n' "$P_STARTTLS" "$P_TRAP" "$P_SMALL" "$P_SUBMISSION" "$P_IMPLICIT" \
		"$P_IMAP" "$P_IMAPS" "$P_POP3" "$P_POP3S" "$P_IMAPS_NOMOVE" "$P_IMAPS_BARE" "$P_OAUTH" |
		sort | uniq -d | head -n1)
	[ -z "$dup" ] || die "port $dup is configured twice"
	case $MAILSTACK_USER in
	*[!A-Za-z0-9@._+-]* | '') die "MAILSTACK_USER may only contain letters, digits and @._+-" ;;
	esac
	case $MAILSTACK_PASSWORD in
	*[!A-Za-z0-9._+-]* | '') die "MAILSTACK_PASSWORD may only contain letters, digits and ._+-" ;;
	esac
	case $SMALL_LIMIT$SIZE_LIMIT$MAIL_UID$START_TIMEOUT in
	*[!0-9]*) die "MAILSTACK_SMALL_LIMIT, MAILSTACK_SIZE_LIMIT, MAILSTACK_UID and MAILSTACK_START_TIMEOUT must be numbers" ;;
	esac
	[ "$MAIL_UID" -ge 100 ] || die "MAILSTACK_UID must be >= 100 (virtual(8) refuses lower)"
}

need_root() {
	[ "$(id -u)" = 0 ] || die "must run as root (Postfix and Dovecot are started as root)"
}

# ---------------------------------------------------------------- install
missing_packages() {
	local p st
	for p in "${PACKAGES[@]}"; do
		st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		[ "$st" = "install ok installed" ] || echo "$p"
	done
}

cmd_install() {
	need_root
	local missing
	missing=$(missing_packages | tr '\n' ' ')
	missing=${missing% }
	[ -n "$missing" ] || return 0
	command -v apt-get >/dev/null || die "apt-get not found; install by hand: $missing"

	local log had_policy=0
	log=$(mktemp /tmp/mailstack-install.XXXXXX.log)
	[ -e /usr/sbin/policy-rc.d ] && had_policy=1
	if [ "$had_policy" = 0 ]; then
		printf '#!/bin/sh\n# temporary, written by mailstack.sh install\nexit 101\n' >/usr/sbin/policy-rc.d
		chmod 0755 /usr/sbin/policy-rc.d
		trap 'rm -f /usr/sbin/policy-rc.d' EXIT
	fi
	echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
	note "installing: $missing"
	local -a apt=(env DEBIAN_FRONTEND=noninteractive apt-get -y -q
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold
		install --no-install-recommends)
	# shellcheck disable=SC2086
	if ! "${apt[@]}" $missing >>"$log" 2>&1; then
		note "install failed without 'apt-get update'; updating package lists"
		env DEBIAN_FRONTEND=noninteractive apt-get -q update >>"$log" 2>&1 ||
			{ tail -n 20 "$log" >&2; die "apt-get update failed (log: $log)"; }
		# shellcheck disable=SC2086
		"${apt[@]}" $missing >>"$log" 2>&1 ||
			{ tail -n 20 "$log" >&2; die "apt-get install $missing failed (log: $log)"; }
	fi
	if [ "$had_policy" = 0 ]; then
		rm -f /usr/sbin/policy-rc.d
		trap - EXIT
	fi
	missing=$(missing_packages | tr '\n' ' ')
	[ -z "${missing% }" ] || die "still missing after install: $missing (log: $log)"
	rm -f "$log"
	note "installed"
}

require_tools() {
	local t miss=()
	for t in postfix postconf dovecot doveconf socat openssl; do
		command -v "$t" >/dev/null 2>&1 || [ -x "/usr/sbin/$t" ] || miss+=("$t")
	done
	[ ${#miss[@]} -eq 0 ] || die "missing ${miss[*]}: run '$0 install' first"
	getent passwd postfix >/dev/null || die "user postfix missing: run '$0 install' first"
	getent passwd dovecot >/dev/null || die "user dovecot missing: run '$0 install' first"
	getent passwd dovenull >/dev/null || die "user dovenull missing: run '$0 install' first"
}

# ---------------------------------------------------------------- processes
# pid_alive PID COMM: PID runs (not a zombie waiting to be reaped) and is named COMM.
pid_alive() {
	local stat
	[ -n "$1" ] || return 1
	read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
	case $stat in
	"$1 ($2) Z "* | "$1 ($2) X "*) return 1 ;;
	"$1 ($2) "*) return 0 ;;
	esac
	return 1
}

read_pid() { # FILE -> the first number in it, or nothing
	local line=
	[ -r "$1" ] && read -r line 2>/dev/null <"$1"
	line=${line//[!0-9]/}
	echo "$line"
}

postfix_pid() { read_pid "$PFDATA/master.lock"; }
dovecot_pid() { read_pid "$DCRUN/master.pid"; }

# group_members PGID...: "PID PGID" of every live (not zombie) process of ours in those
# process groups.
group_members() {
	local f line rest pid state pgrp g
	for f in /proc/[0-9]*/stat; do
		read -r line 2>/dev/null <"$f" || continue
		pid=${line%% *}
		rest=${line##*) } # "STATE PPID PGRP ..."; comm may hold spaces, not ") "
		read -r state _ pgrp _ <<<"$rest"
		[ "$state" = Z ] && continue
		for g in "$@"; do
			[ "$pgrp" = "$g" ] && ours "$pid" && echo "$pid $pgrp"
		done
	done
	return 0
}

# ours PID: PID runs a Postfix, Dovecot or socat program (a saved process group id could
# have been reused by something else since).
ours() {
	case $(readlink "/proc/$1/exe" 2>/dev/null) in
	/usr/lib/postfix/* | /usr/sbin/postfix | /usr/lib/dovecot/* | /usr/sbin/dovecot | /usr/bin/socat) return 0 ;;
	esac
	return 1
}

# stack_groups: process groups of this stack: the running leaders and those saved by start
# (Dovecot's helpers can outlive a master that died).
stack_groups() {
	local name g
	for name in imap pop3 imaps-nomove imaps-bare; do
		leader "$(read_pid "$RUN/socat-$name.pid")" socat
	done
	leader "$(postfix_pid)" master
	leader "$(dovecot_pid)" dovecot
	if [ -r "$RUN/groups" ]; then
		while read -r g; do
			[[ $g =~ ^[0-9]+$ ]] && echo "$g"
		done <"$RUN/groups"
	fi
	return 0
}

# stop_groups PGID...: SIGTERM the leaders (Postfix's master ends its group itself, Dovecot's
# master its helpers, socat its forks) and the members of groups whose leader is gone;
# wait until none is left, SIGTERM the rest after 3 s, SIGKILL it after 10 s. Only
# processes that run Postfix, Dovecot or socat are signalled. Dovecot's helpers (auth,
# log, anvil, stats) outlive their master while clients such as Postfix's smtpd hold them.
stop_groups() {
	local i members pid pgrp leaders=" "
	members=$(group_members "$@")
	[ -n "$members" ] || return 0
	while read -r pid pgrp; do
		[ "$pid" = "$pgrp" ] && leaders+="$pid "
	done <<<"$members"
	while read -r pid pgrp; do
		if [ "$pid" = "$pgrp" ] || [[ $leaders != *" $pgrp "* ]]; then
			kill -TERM "$pid" 2>/dev/null || true
		fi
	done <<<"$members"
	for ((i = 1; i <= 200; i++)); do # 10 s
		sleep 0.05
		members=$(group_members "$@")
		[ -n "$members" ] || return 0
		if [ $i = 60 ]; then
			# shellcheck disable=SC2046
			kill -TERM $(cut -d' ' -f1 <<<"$members") 2>/dev/null || true
		fi
	done
	note "still running 10 s after SIGTERM, killing: $(cut -d' ' -f1 <<<"$members" | paste -sd' ' -)"
	# shellcheck disable=SC2046
	kill -KILL $(cut -d' ' -f1 <<<"$members") 2>/dev/null || true
}

# leader PID COMM: prints PID when it runs, is named COMM and leads its process group.
leader() {
	local line rest pgrp
	pid_alive "$1" "$2" || return 0
	read -r line 2>/dev/null <"/proc/$1/stat" || return 0
	rest=${line##*) }
	read -r _ _ pgrp _ <<<"$rest"
	[ "$pgrp" = "$1" ] && echo "$1"
	return 0
}

all_endpoints() {
	local h p
	for h in $HOST_GOOD $HOST_EXPIRED $HOST_WRONG; do
		for p in $P_STARTTLS $P_SUBMISSION $P_IMPLICIT $P_IMAP $P_IMAPS $P_POP3 $P_POP3S; do
			echo "$h:$p"
		done
	done
	echo "$HOST_GOOD:$P_TRAP"
	echo "$HOST_GOOD:$P_SMALL"
	echo "$HOST_DOVECOT_STARTTLS:$P_IMAP"
	echo "$HOST_DOVECOT_STARTTLS:$P_POP3"
	echo "$HOST_GOOD:$P_IMAPS_NOMOVE"
	echo "$HOST_GOOD:$P_IMAPS_BARE"
	echo "$HOST_NOMOVE:$P_IMAPS"
	echo "$HOST_BARE:$P_IMAPS"
}

# Listening TCP sockets, read from /proc/net/tcp (no probe connections, so no noise in
# the logs, and no extra processes): prints "HEXIP:HEXPORT" lines.
listening() {
	local sl local_addr rem st rest
	while read -r sl local_addr rem st rest; do
		[ "$st" = 0A ] && echo "$local_addr"
	done </proc/net/tcp
}

hex_endpoint() { # HOST:PORT -> the /proc/net/tcp spelling (little-endian IPv4)
	local ip=${1%:*} port=${1##*:} a b c d
	IFS=. read -r a b c d <<<"$ip"
	printf '%02X%02X%02X%02X:%04X\n' "$d" "$c" "$b" "$a" "$port"
}

# endpoints_filter STATE ENDPOINT...: prints the endpoints that are (STATE=up) or are not
# (STATE=down) listening; with STATE=busy also counts a wildcard listener on the port.
endpoints_filter() {
	local want=$1 ep hex l
	shift
	l=$(listening)
	for ep in "$@"; do
		hex=$(hex_endpoint "$ep")
		if [[ $'\n'$l$'\n' == *$'\n'$hex$'\n'* ]] ||
			{ [ "$want" = busy ] && [[ $'\n'$l$'\n' == *$'\n'00000000:${hex#*:}$'\n'* ]]; }; then
			[ "$want" = down ] || echo "$ep"
		else
			[ "$want" = down ] && echo "$ep"
		fi
	done
	return 0
}

running_state() { # prints what runs; returns 0 when all of it runs
	local ok=0 pid name
	pid=$(postfix_pid)
	if pid_alive "$pid" master; then echo "postfix master pid $pid"; else echo "postfix: not running"; ok=1; fi
	pid=$(dovecot_pid)
	if pid_alive "$pid" dovecot; then echo "dovecot master pid $pid"; else echo "dovecot: not running"; ok=1; fi
	for name in imap pop3 imaps-nomove imaps-bare; do
		pid=$(read_pid "$RUN/socat-$name.pid")
		if pid_alive "$pid" socat; then echo "socat $name relay pid $pid"; else echo "socat $name relay: not running"; ok=1; fi
	done
	[ -s "$ENVFILE" ] || { echo "no $ENVFILE"; ok=1; }
	return $ok
}

anything_running() {
	# shellcheck disable=SC2046
	[ -n "$(group_members $(stack_groups | sort -u))" ]
}

cmd_stop() {
	need_root
	rm -f "$ENVFILE"
	local groups
	groups=$(stack_groups | sort -u)
	# shellcheck disable=SC2086
	stop_groups $groups
	rm -f "$RUN"/socat-*.pid "$RUN/groups"
	# Children that still hold a listening socket (rare) keep a port open: wait them out.
	local i left
	for ((i = 0; i < 100; i++)); do # 5 s
		left=$(endpoints_filter up $(all_endpoints))
		[ -z "$left" ] && return 0
		sleep 0.05
	done
	note "warning: still listening after stop: $(echo $left)"
	return 0
}

cmd_status() {
	local out rc=0
	out=$(running_state) || rc=$?
	if [ $rc -eq 0 ]; then
		echo "mailstack running in $DIR: $(echo "$out" | paste -sd, - | sed 's/,/, /g')"
	else
		echo "mailstack not running in $DIR: $(echo "$out" | grep -E 'not running|^no ' | paste -sd, - | sed 's/,/, /g')"
	fi
	return $rc
}

# ---------------------------------------------------------------- certificates
# make_cert NAME DAYS|-expired SAN
make_cert() {
	local name=$1 when=$2 san=$3 db=$CERTS/ca-db cn
	cn=${san%%,*}
	cn=${cn#*:}
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$CERTS/$name.key" -out "$db/$name.csr" -subj "/O=Report Mail tests/CN=$cn" \
		2>"$db/$name.log" || { cat "$db/$name.log" >&2; die "could not create the $name key"; }
	cat >"$db/$name.ext" <<-EOF
		basicConstraints = critical, CA:FALSE
		keyUsage = critical, digitalSignature, keyEncipherment
		extendedKeyUsage = serverAuth
		subjectAltName = $san
	EOF
	local -a dates
	if [ "$when" = -expired ]; then
		dates=(-startdate 20200101000000Z -enddate 20210101000000Z)
	else
		dates=(-days "$when")
	fi
	openssl ca -batch -notext -config "$db/ca.cnf" -cert "$CERTS/ca.pem" -keyfile "$CERTS/ca.key" \
		-in "$db/$name.csr" -out "$CERTS/$name.pem" -extfile "$db/$name.ext" "${dates[@]}" \
		>"$db/$name.log" 2>&1 || { cat "$db/$name.log" >&2; die "could not sign the $name certificate"; }
	chmod 0644 "$CERTS/$name.pem"
	chmod 0600 "$CERTS/$name.key"
}

certs_valid() {
	local f
	for f in ca good expired wrong; do
		[ -s "$CERTS/$f.pem" ] && [ -s "$CERTS/$f.key" ] || return 1
	done
	# CA and the two valid certificates: still valid for at least a week.
	for f in ca good wrong; do
		openssl x509 -in "$CERTS/$f.pem" -noout -checkend 604800 >/dev/null 2>&1 || return 1
	done
	openssl verify -CAfile "$CERTS/ca.pem" "$CERTS/good.pem" "$CERTS/wrong.pem" >/dev/null 2>&1 || return 1
	openssl verify -no_check_time -CAfile "$CERTS/ca.pem" "$CERTS/expired.pem" >/dev/null 2>&1 || return 1
	! openssl x509 -in "$CERTS/expired.pem" -noout -checkend 0 >/dev/null 2>&1
}

make_certs() {
	if certs_valid; then return 0; fi
	note "creating test certificates in $CERTS"
	rm -rf "$CERTS"
	mkdir -p "$CERTS/ca-db/new"
	chmod 0755 "$CERTS"
	chmod 0700 "$CERTS/ca-db"
	: >"$CERTS/ca-db/index.txt"
	echo 1000 >"$CERTS/ca-db/serial"
	cat >"$CERTS/ca-db/ca.cnf" <<-EOF
		[ca]
		default_ca = testca
		[testca]
		dir = $CERTS/ca-db
		database = \$dir/index.txt
		new_certs_dir = \$dir/new
		serial = \$dir/serial
		default_md = sha256
		policy = anything
		unique_subject = no
		email_in_dn = no
		[anything]
		organizationName = optional
		commonName = supplied
		[req]
		distinguished_name = dn
		[dn]
		[v3_ca]
		basicConstraints = critical, CA:TRUE
		keyUsage = critical, keyCertSign, cRLSign
		subjectKeyIdentifier = hash
	EOF
	openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$CERTS/ca.key" -out "$CERTS/ca.pem" -days 3650 \
		-subj "/O=Report Mail tests/CN=Report Mail test CA" \
		-config "$CERTS/ca-db/ca.cnf" -extensions v3_ca 2>"$CERTS/ca-db/ca.log" ||
		{ cat "$CERTS/ca-db/ca.log" >&2; die "could not create the test CA"; }
	chmod 0644 "$CERTS/ca.pem"
	chmod 0600 "$CERTS/ca.key"
	make_cert good 825 "DNS:localhost, IP:127.0.0.1"
	make_cert expired -expired "DNS:localhost, IP:127.0.0.1, IP:127.0.0.2"
	make_cert wrong 825 "DNS:other-host.example.test"
	certs_valid || die "freshly made certificates do not verify as intended"
}

# ---------------------------------------------------------------- configuration
backdate() { # pitfall: Postfix commands wait ~2 s while main.cf is younger than ~2 s
	touch -d '@'"$(($(date +%s) - 120))" "$@"
}

write_postfix_conf() {
	mkdir -p "$PFCONF" "$SPOOL" "$PFDATA"
	chown root:root "$SPOOL"
	chmod 0755 "$SPOOL"
	mkdir -p "$SPOOL/private"
	chown postfix:root "$SPOOL/private"
	chmod 0700 "$SPOOL/private"
	chown postfix:root "$PFDATA"
	chmod 0700 "$PFDATA"

	cat >"$PFCONF/main.cf" <<-EOF
		# Generated by scripts/mailstack.sh for Report Mail's tests. Do not edit.
		compatibility_level = 3.6
		queue_directory = $SPOOL
		data_directory = $PFDATA
		mail_owner = postfix
		setgid_group = postdrop
		maillog_file = $MAILLOG
		maillog_file_prefixes = $DIR
		myhostname = mailstack.reportmail.test
		mydomain = reportmail.test
		myorigin = \$myhostname
		inet_interfaces = $HOST_GOOD
		inet_protocols = ipv4
		mynetworks = 127.0.0.0/8
		mydestination =
		relayhost =
		alias_maps =
		alias_database =
		local_recipient_maps =
		local_transport = virtual
		virtual_mailbox_domains = static:all
		virtual_mailbox_base = $DIR/mail
		virtual_mailbox_maps = regexp:$PFCONF/mailboxes
		virtual_uid_maps = static:$MAIL_UID
		virtual_gid_maps = static:$MAIL_UID
		virtual_minimum_uid = 100
		virtual_mailbox_limit = 0
		mailbox_size_limit = 0
		message_size_limit = $SIZE_LIMIT
		biff = no
		append_dot_mydomain = no
		# Deliver what was sent: no header rewriting, nothing dropped.
		local_header_rewrite_clients =
		remote_header_rewrite_domain =
		message_drop_headers =
		always_add_missing_headers = no
		smtpd_banner = \$myhostname ESMTP Report Mail test stack
		smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
		smtpd_tls_cert_file = $CERTS/good.pem
		smtpd_tls_key_file = $CERTS/good.key
		smtpd_tls_security_level = may
		smtpd_tls_auth_only = yes
		smtpd_tls_protocols = >=TLSv1.2
		smtpd_tls_mandatory_protocols = >=TLSv1.2
		smtpd_tls_loglevel = 1
		smtpd_tls_session_cache_database =
		smtpd_sasl_type = dovecot
		smtpd_sasl_path = private/auth
		smtpd_sasl_auth_enable = no
		smtp_tls_security_level = none
		smtpd_error_sleep_time = 0
		# "connect from localhost[127.0.0.1]:PORT": a test can find its own session's lines.
		smtpd_client_port_logging = yes
	EOF

	local h cert sub auth
	sub="-o smtpd_client_restrictions=permit_sasl_authenticated,reject -o smtpd_relay_restrictions=permit_sasl_authenticated,reject -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject"
	auth="-o smtpd_sasl_auth_enable=yes -o smtpd_tls_auth_only=yes"
	{
		echo "# Generated by scripts/mailstack.sh for Report Mail's tests. Do not edit."
		echo "# service type  private unpriv  chroot  wakeup  maxproc command + args"
		for entry in "${CERT_HOSTS[@]}"; do
			h=${entry%%:*}
			cert="-o smtpd_tls_cert_file=$CERTS/${entry#*:}.pem -o smtpd_tls_key_file=$CERTS/${entry#*:}.key"
			echo "$h:$P_STARTTLS inet n - n - - smtpd -o syslog_name=postfix/mx $cert -o smtpd_tls_security_level=may $auth"
			echo "$h:$P_SUBMISSION inet n - n - - smtpd -o syslog_name=postfix/submission $cert -o smtpd_tls_security_level=encrypt $auth $sub"
			echo "$h:$P_IMPLICIT inet n - n - - smtpd -o syslog_name=postfix/smtps $cert -o smtpd_tls_wrappermode=yes -o smtpd_tls_security_level=encrypt $auth $sub"
		done
		echo "$HOST_GOOD:$P_TRAP inet n - n - - smtpd -o syslog_name=postfix/trap -o smtpd_tls_security_level=none -o smtpd_sasl_auth_enable=yes -o smtpd_tls_auth_only=no"
		echo "$HOST_GOOD:$P_SMALL inet n - n - - smtpd -o syslog_name=postfix/small -o message_size_limit=$SMALL_LIMIT -o smtpd_tls_security_level=encrypt $auth $sub"
		cat <<-'EOF'
			pickup    unix  n       -       n       60      1       pickup
			cleanup   unix  n       -       n       -       0       cleanup
			qmgr      unix  n       -       n       300     1       qmgr
			tlsmgr    unix  -       -       n       1000?   1       tlsmgr
			rewrite   unix  -       -       n       -       -       trivial-rewrite
			bounce    unix  -       -       n       -       0       bounce
			defer     unix  -       -       n       -       0       bounce
			trace     unix  -       -       n       -       0       bounce
			verify    unix  -       -       n       -       1       verify
			flush     unix  n       -       n       1000?   0       flush
			proxymap  unix  -       -       n       -       -       proxymap
			proxywrite unix -       -       n       -       1       proxymap
			smtp      unix  -       -       n       -       -       smtp
			relay     unix  -       -       n       -       -       smtp
			showq     unix  n       -       n       -       -       showq
			error     unix  -       -       n       -       -       error
			retry     unix  -       -       n       -       -       error
			discard   unix  -       -       n       -       -       discard
			local     unix  -       n       n       -       -       local
			virtual   unix  -       n       n       -       -       virtual
			lmtp      unix  -       -       n       -       -       lmtp
			anvil     unix  -       -       n       -       1       anvil
			scache    unix  -       -       n       -       1       scache
			postlog   unix-dgram n  -       n       -       1       postlogd
		EOF
	} >"$PFCONF/master.cf"
	# "+junk" recipients go to Junk (Maildir++ keeps folder NAME in .NAME), everything else
	# to the INBOX.
	cat >"$PFCONF/mailboxes" <<-'EOF'
		/^[^@]*\+junk@/ reporter/Maildir/.Junk/
		/./ reporter/Maildir/
	EOF
	backdate "$PFCONF/main.cf" "$PFCONF/master.cf" "$PFCONF/mailboxes"
}

write_dovecot_conf() {
	mkdir -p "$DCDIR" "$DCRUN" "$DCDIR/state"
	chmod 0755 "$DCDIR" "$DCRUN"
	local dh=
	[ -r /usr/share/dovecot/dh.pem ] && dh="ssl_dh = </usr/share/dovecot/dh.pem"
	cat >"$DCDIR/dovecot.conf" <<-EOF
		# Generated by scripts/mailstack.sh for Report Mail's tests. Do not edit.
		base_dir = $DCRUN
		state_dir = $DCDIR/state
		instance_name = reportmail-mailstack
		protocols = imap pop3
		listen = $HOST_DOVECOT_STARTTLS
		log_path = $DOVECOT_LOG
		auth_verbose = yes
		ssl = required
		disable_plaintext_auth = yes
		ssl_min_protocol = TLSv1.2
		ssl_cert = <$CERTS/good.pem
		ssl_key = <$CERTS/good.key
		$dh
		local $HOST_EXPIRED {
		  ssl_cert = <$CERTS/expired.pem
		  ssl_key = <$CERTS/expired.key
		}
		local $HOST_WRONG {
		  ssl_cert = <$CERTS/wrong.pem
		  ssl_key = <$CERTS/wrong.key
		}
		login_trusted_networks =
		# Tests send wrong passwords and dead tokens on purpose: Dovecot's 2 s failure delay
		# and its growing per-IP penalty (up to 15 s) outlast Postfix's SASL wait, which then
		# answers "454 Connection lost to authentication server" (retried as temporary).
		auth_failure_delay = 0
		auth_mechanisms = plain login xoauth2 oauthbearer
		first_valid_uid = 100
		mail_location = maildir:~/Maildir
		namespace inbox {
		  inbox = yes
		  separator = /
		  mailbox Junk {
		    special_use = \\Junk
		    auto = subscribe
		  }
		  mailbox Trash {
		    special_use = \\Trash
		    auto = subscribe
		  }
		  mailbox Sent {
		    special_use = \\Sent
		    auto = subscribe
		  }
		}
		# After login, per local address (no per-port filter in 2.3): the stock list minus
		# MOVE on $HOST_NOMOVE, minus MOVE and UIDPLUS on $HOST_BARE.
		local $HOST_NOMOVE {
		  protocol imap {
		    imap_capability = $CAPS_NOMOVE
		  }
		}
		local $HOST_BARE {
		  protocol imap {
		    imap_capability = $CAPS_BARE
		  }
		}
		passdb {
		  driver = passwd-file
		  args = scheme=PLAIN username_format=%u $DCDIR/passwd
		}
		# Bearer tokens (XOAUTH2, OAUTHBEARER) are checked by an RFC 7662 introspection
		# endpoint that a test serves on port $P_OAUTH.
		passdb {
		  driver = oauth2
		  mechanisms = xoauth2 oauthbearer
		  args = $DCDIR/oauth2.conf.ext
		}
		userdb {
		  driver = passwd-file
		  args = username_format=%u $DCDIR/passwd
		}
		service imap-login {
		  inet_listener imap {
		    address = $HOST_EXPIRED, $HOST_WRONG, $HOST_DOVECOT_STARTTLS
		    port = $P_IMAP
		  }
		  inet_listener imaps {
		    address = $HOST_GOOD, $HOST_EXPIRED, $HOST_WRONG, $HOST_NOMOVE, $HOST_BARE
		    port = $P_IMAPS
		    ssl = yes
		  }
		}
		service pop3-login {
		  inet_listener pop3 {
		    address = $HOST_EXPIRED, $HOST_WRONG, $HOST_DOVECOT_STARTTLS
		    port = $P_POP3
		  }
		  inet_listener pop3s {
		    address = $HOST_GOOD, $HOST_EXPIRED, $HOST_WRONG
		    port = $P_POP3S
		    ssl = yes
		  }
		}
		service anvil {
		  # mode 0 switches the per-IP auth penalty off (see auth_failure_delay above).
		  unix_listener anvil-auth-penalty {
		    mode = 0
		  }
		}
		service auth {
		  unix_listener $SPOOL/private/auth {
		    mode = 0660
		    user = postfix
		    group = postfix
		  }
		}
	EOF
	cat >"$DCDIR/oauth2.conf.ext" <<-EOF
		introspection_mode = post
		introspection_url = http://$HOST_GOOD:$P_OAUTH/introspect
		username_attribute = username
		active_attribute = active
		active_value = true
		timeout_msecs = 5000
	EOF
	chmod 0644 "$DCDIR/oauth2.conf.ext"
	echo "$MAILSTACK_USER:{PLAIN}$MAILSTACK_PASSWORD:$MAIL_UID:$MAIL_UID::$HOME_DIR::" >"$DCDIR/passwd"
	chown root:dovecot "$DCDIR/passwd"
	chmod 0640 "$DCDIR/passwd"
	backdate "$DCDIR/dovecot.conf" "$DCDIR/passwd" "$DCDIR/oauth2.conf.ext"
}

fresh_maildir() {
	rm -rf "$DIR/mail"
	mkdir -p "$MAILDIR/new" "$MAILDIR/cur" "$MAILDIR/tmp"
	local f
	for f in Junk Trash Sent; do
		mkdir -p "$MAILDIR/.$f/new" "$MAILDIR/.$f/cur" "$MAILDIR/.$f/tmp"
		: >"$MAILDIR/.$f/maildirfolder"
	done
	chmod 0755 "$DIR/mail"
	chown -R "$MAIL_UID:$MAIL_UID" "$HOME_DIR"
	chmod -R 0755 "$HOME_DIR"
}

# ---------------------------------------------------------------- start
start_socat() { # NAME PORT [TARGET-HOST TARGET-PORT]
	local name=$1 port=$2 to=${3:-$HOST_DOVECOT_STARTTLS}:${4:-$2}
	# setsid: socat leads its own process group, so stop can end its forked children too.
	setsid socat "TCP-LISTEN:$port,bind=$HOST_GOOD,reuseaddr,fork" "TCP:$to" \
		</dev/null >>"$SOCAT_LOG" 2>&1 &
	echo $! >"$RUN/socat-$name.pid"
}

remember_groups() {
	stack_groups | sort -u >"$RUN/groups.tmp"
	mv -f "$RUN/groups.tmp" "$RUN/groups"
}

fail_start() { # stop what did start, then die
	cmd_stop >/dev/null 2>&1 || true
	die "$*"
}

cmd_start() {
	need_root
	validate_settings
	require_tools
	if anything_running; then
		note "already running in $DIR: restarting"
		(load_settings && cmd_stop)
	fi
	rm -f "$ENVFILE"
	mkdir -p "$DIR" "$RUN"
	chmod 0755 "$DIR"

	# Ports must be free before we start (another stack or program may hold them).
	local busy
	busy=$(endpoints_filter busy $(all_endpoints))
	[ -z "$busy" ] || die "already in use: $(echo $busy) (another mail stack? set the MAILSTACK_* port variables)"

	make_certs
	fresh_maildir
	write_postfix_conf
	write_dovecot_conf
	[ -f "$MAILLOG" ] && mv -f "$MAILLOG" "$MAILLOG.old"
	[ -f "$DOVECOT_LOG" ] && mv -f "$DOVECOT_LOG" "$DOVECOT_LOG.old"
	: >"$SOCAT_LOG"

	local out
	# postfix check prints nothing when stderr is no terminal: postconf shows config errors.
	out=$(postconf -c "$PFCONF" -n 2>&1 >/dev/null) || die "postfix configuration: $(echo "$out" | head -n1)"
	[ -z "$out" ] || note "postconf: $(echo "$out" | head -n3)"
	out=$(doveconf -c "$DCDIR/dovecot.conf" -n 2>&1 >/dev/null) || die "dovecot configuration: $(echo "$out" | head -n1)"

	# Dovecot first: Postfix's smtpd asks its auth socket for the SASL mechanisms. After each
	# daemon, remember its process group, so that stop finds everything even after a failure.
	save_settings
	dovecot -c "$DCDIR/dovecot.conf" </dev/null >>"$DOVECOT_LOG" 2>&1 ||
		fail_start "dovecot did not start: $(tail -n 3 "$DOVECOT_LOG" | tr '\n' ' ')"
	remember_groups
	postfix -c "$PFCONF" start </dev/null >"$DIR/postfix-start.log" 2>&1 ||
		fail_start "postfix did not start: $(grep -v '^$' "$DIR/postfix-start.log" | tail -n 3 | tr '\n' ' ') (see $MAILLOG)"
	remember_groups
	start_socat imap "$P_IMAP"
	start_socat pop3 "$P_POP3"
	start_socat imaps-nomove "$P_IMAPS_NOMOVE" "$HOST_NOMOVE" "$P_IMAPS"
	start_socat imaps-bare "$P_IMAPS_BARE" "$HOST_BARE" "$P_IMAPS"
	remember_groups

	local deadline=$((SECONDS + START_TIMEOUT)) waiting
	while :; do
		waiting=$(endpoints_filter down $(all_endpoints))
		[ -z "$waiting" ] && break
		[ $SECONDS -lt $deadline ] ||
			fail_start "not listening after ${START_TIMEOUT}s: $(echo $waiting) (logs: $MAILLOG $DOVECOT_LOG $SOCAT_LOG)"
		sleep 0.05
	done
	[ -S "$SPOOL/private/auth" ] || fail_start "dovecot auth socket $SPOOL/private/auth missing"

	cat >"$ENVFILE.tmp" <<-EOF
		MAILSTACK_DIR=$DIR
		MAILSTACK_CA=$CERTS/ca.pem
		MAILSTACK_USER=$MAILSTACK_USER
		MAILSTACK_PASSWORD=$MAILSTACK_PASSWORD
		MAILSTACK_MAILDIR=$MAILDIR
		MAILSTACK_LOG=$MAILLOG
		MAILSTACK_DOVECOT_LOG=$DOVECOT_LOG
		MAILSTACK_SMTP_STARTTLS=$P_STARTTLS
		MAILSTACK_SMTP_SUBMISSION=$P_SUBMISSION
		MAILSTACK_SMTP_IMPLICIT=$P_IMPLICIT
		MAILSTACK_SMTP_TRAP=$P_TRAP
		MAILSTACK_SMTP_SMALL=$P_SMALL
		MAILSTACK_SMALL_LIMIT=$SMALL_LIMIT
		MAILSTACK_SIZE_LIMIT=$SIZE_LIMIT
		MAILSTACK_IMAP=$P_IMAP
		MAILSTACK_IMAPS=$P_IMAPS
		MAILSTACK_POP3=$P_POP3
		MAILSTACK_POP3S=$P_POP3S
		MAILSTACK_IMAPS_NOMOVE=$P_IMAPS_NOMOVE
		MAILSTACK_IMAPS_BARE=$P_IMAPS_BARE
		MAILSTACK_OAUTH_PORT=$P_OAUTH
		MAILSTACK_OAUTH_INTROSPECT=http://$HOST_GOOD:$P_OAUTH/introspect
		MAILSTACK_HOST_GOOD=$HOST_GOOD
		MAILSTACK_HOST_EXPIRED=$HOST_EXPIRED
		MAILSTACK_HOST_WRONG=$HOST_WRONG
	EOF
	chmod 0644 "$ENVFILE.tmp"
	mv -f "$ENVFILE.tmp" "$ENVFILE"
	cat "$ENVFILE"
}

case $CMD in
install) cmd_install ;;
start) cmd_start ;;
stop)
	load_settings
	cmd_stop
	;;
status)
	load_settings
	cmd_status
	;;
-h | --help | help) usage ;;
*) usage ;;
esac
