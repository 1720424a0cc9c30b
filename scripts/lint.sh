#!/usr/bin/env bash
# lint.sh — formatting, vet, staticcheck and deadcode over the whole module, and the
# duplicates a change adds.
set -euo pipefail
cd "$(dirname "$0")/.."
unformatted=$(gofmt -l $(git ls-files '*.go'; git ls-files --others --exclude-standard '*.go'))
if [[ -n $unformatted ]]; then
  echo "gofmt would change these files:" >&2; echo "$unformatted" >&2; exit 1
fi
go vet ./...
STATICCHECK_VERSION=0.8.2
sc=$(go env GOPATH)/bin/staticcheck
if [[ ! -x $sc ]] || ! "$sc" -version 2>/dev/null | grep -q "($STATICCHECK_VERSION)"; then
  go install "honnef.co/go/tools/cmd/staticcheck@v$STATICCHECK_VERSION"
fi
"$sc" ./...

# Exported names nothing uses, tests included (golang.org/x/tools/cmd/deadcode).
DEADCODE_VERSION=0.51.0
dc=$(go env GOPATH)/bin/deadcode
[[ -x $dc ]] || go install "golang.org/x/tools/cmd/deadcode@v$DEADCODE_VERSION"
dead=$("$dc" -test ./...)
if [[ -n $dead ]]; then
  echo "Unused code (delete it, or use it):" >&2; echo "$dead" >&2; exit 1
fi

# What the uncommitted change writes again: places to look, not a verdict, so it only
# prints. The tool is this workplace's; elsewhere the step is skipped.
if command -v duplicates >/dev/null 2>&1; then
  duplicates --change --seconds 20 || true
fi
