#!/usr/bin/env bash
# lint.sh — formatting, vet and staticcheck over the whole module.
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
