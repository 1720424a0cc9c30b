#!/usr/bin/env bash
# test.sh — what `make test` runs (and CI through .ci/run): install what the tests need,
# start the real mail and DNSBL servers, run every test, stop the servers again.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh build test
scripts/mailstack.sh install
trap 'scripts/mailstack.sh stop >/dev/null 2>&1 || true; scripts/rbldnsd.sh stop >/dev/null 2>&1 || true' EXIT
scripts/mailstack.sh start >/dev/null
scripts/rbldnsd.sh start >/dev/null # the blocklist tests' real DNSBL server
export MAILSTACK_DIR=${MAILSTACK_DIR:-/tmp/reportmail-mailstack}
# The real-server tests must run, not skip, whenever this script runs them.
export REPORTMAIL_REQUIRE_MAILSTACK=1

scripts/lint.sh
# Fyne's test driver needs a locale; -race because the UI hands work between goroutines.
LANG=en_US.UTF-8 go test -race -shuffle=on -count=1 ./...
scripts/gui-test.sh
scripts/package-test.sh # builds the Linux package once, installs it, starts the installed app
