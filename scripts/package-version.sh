#!/usr/bin/env bash
# package-version.sh — print the release version, FyneApp.toml's [Details] Version. The
# Makefile and the package scripts stamp it into internal/appinfo.Version with -ldflags, so
# the About box, reportmail-cli version, the .desktop/metainfo and the Windows resource
# all say the same thing.
set -euo pipefail
cd "$(dirname "$0")/.."
v=$(awk '/^\[/{d=($0=="[Details]")} d && /^Version *=/{gsub(/^Version *= *"|" *$/,""); print; exit}' FyneApp.toml)
[[ -n $v ]] || { echo "package-version: FyneApp.toml has no [Details] Version" >&2; exit 1; }
echo "$v"
