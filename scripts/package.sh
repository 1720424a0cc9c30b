#!/usr/bin/env bash
# package.sh linux|windows [OUTDIR] — build the installable packages into OUTDIR (default
# dist/):
#   linux:   reportmail-VERSION-linux-amd64.tar.xz (unpack, then `make user-install` or
#            `sudo make install`) and reportmail_VERSION_amd64.deb
#   windows: reportmail-VERSION-windows-amd64.zip holding "Report Mail.exe" (icon, version
#            resource, manifest) and reportmail-cli.exe, cross-built with mingw-w64
# `fyne package` rewrites FyneApp.toml (it bumps Build) and reads it from the main
# package's folder, so everything is built from a copy of the tree in a temporary folder:
# the working tree is never written to, except OUTDIR.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

# The one place the packager's version is pinned.
FYNE_TOOL=fyne.io/tools/cmd/fyne
FYNE_TOOL_VERSION=v1.7.4

target=${1:-}
case $target in
  linux) scripts/deps.sh build package ;;
  windows) scripts/deps.sh build package package-windows ;;
  *) echo "usage: scripts/package.sh linux|windows [OUTDIR]" >&2; exit 2 ;;
esac
out=${2:-$repo/dist}
mkdir -p "$out"
out=$(cd "$out" && pwd)
version=$(scripts/package-version.sh)
ldflag="-X=github.com/reportmail/reportmail/internal/appinfo.Version=$version"

# The packager lives in bin/tools (ignored by git), installed once per pinned version.
tools=$repo/bin/tools
fyne=$tools/fyne
if ! grep -qF "$FYNE_TOOL_VERSION" <<<"$("$fyne" version 2>/dev/null || true)"; then
  echo "Installing the Fyne packager $FYNE_TOOL_VERSION"
  GOBIN=$tools go install "$FYNE_TOOL@$FYNE_TOOL_VERSION"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/reportmail-package.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
src=$work/src
mkdir -p "$src"
# Copy what git would: tracked and new files, not bin/, dist/ or other ignored output.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z -co --exclude-standard | while IFS= read -r -d '' f; do
    [[ -f $f ]] && printf '%s\0' "$f"
  done | tar --null -T - -cf - | tar -xf - -C "$src"
else
  tar --exclude=./bin --exclude=./dist -cf - . | tar -xf - -C "$src"
fi
# The packager reads FyneApp.toml beside the main package; the icon path is relative to it.
sed 's|^Icon = "assets/|Icon = "../../assets/|' FyneApp.toml >"$src/cmd/reportmail/FyneApp.toml"

package_linux() {
  (cd "$src/cmd/reportmail" && GOFLAGS="-ldflags=$ldflag" "$fyne" package -os linux --release)
  (cd "$src" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w $ldflag" -o "$work/reportmail-cli" ./cmd/reportmail-cli)
  mkdir "$work/fyne"
  tar -xJf "$src/cmd/reportmail/Report Mail.tar.xz" -C "$work/fyne"
  pick() { find "$work/fyne" -path "*/$1" -type f | head -1; }
  local bin desktop id=app.reportmail.desktop
  bin=$(pick bin/reportmail)
  desktop=$(pick "share/applications/$id.desktop")
  [[ -n $bin && -n $desktop ]] || { echo "package: fyne package made no binary or .desktop" >&2; exit 1; }

  # One tree, laid out as under a prefix, for both the tarball and the .deb.
  local name=reportmail-$version-linux-amd64 tree=$work/tree
  install -Dm0755 "$bin" "$tree/bin/reportmail"
  install -Dm0755 "$work/reportmail-cli" "$tree/bin/reportmail-cli"
  install -Dm0644 "$desktop" "$tree/share/applications/$id.desktop"
  install -Dm0644 assets/icon.png "$tree/share/icons/hicolor/512x512/apps/$id.png"
  install -Dm0644 assets/icon.svg "$tree/share/icons/hicolor/scalable/apps/$id.svg"
  sed "s|@VERSION@|$version|g; s|@DATE@|$(date -u +%Y-%m-%d -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}")|g" \
    packaging/linux/$id.metainfo.xml >"$work/metainfo.xml"
  install -Dm0644 "$work/metainfo.xml" "$tree/share/metainfo/$id.metainfo.xml"
  install -Dm0644 packaging/linux/reportmail-mime.xml "$tree/share/mime/packages/$id.xml"
  # The desktop entry carries the version too, so every place a person can look agrees.
  sed -i "/^Type=Application/a X-AppVersion=$version" "$tree/share/applications/$id.desktop"

  rm -rf "$work/$name" && mkdir "$work/$name"
  cp -a "$tree" "$work/$name/usr"
  install -m0644 packaging/linux/Makefile "$work/$name/Makefile"
  tar -C "$work" --owner=0 --group=0 --sort=name -cJf "$out/$name.tar.xz" "$name"

  local deb=$work/deb
  mkdir -p "$deb/DEBIAN"
  cp -a "$tree" "$deb/usr"
  local depends
  depends=$(linked_packages "$tree/bin/reportmail")
  sed "s|@VERSION@|$version|; s|@DEPENDS@|$depends|; s|@SIZE@|$(du -sk "$deb/usr" | cut -f1)|" \
    packaging/linux/control >"$deb/DEBIAN/control"
  dpkg-deb --root-owner-group -Zxz --build "$deb" "$out/reportmail_${version}_amd64.deb" >/dev/null
  echo "package: wrote $out/$name.tar.xz and $out/reportmail_${version}_amd64.deb"
}

# linked_packages BINARY: the Debian packages that hold the libraries BINARY links against.
linked_packages() {
  local lib pkgs=()
  while read -r lib; do
    pkgs+=("$( (dpkg -S "$lib" 2>/dev/null || dpkg -S "/usr$lib" 2>/dev/null || dpkg -S "$(realpath "$lib")" 2>/dev/null) | head -1 | cut -d: -f1)")
  done < <(ldd "$1" | awk '$2 == "=>" && $3 ~ /^\// {print $3}')
  printf '%s\n' "${pkgs[@]}" | sed '/^$/d' | sort -u | paste -sd, | sed 's/,/, /g'
}

package_windows() {
  (cd "$src/cmd/reportmail" && CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc GOOS=windows GOARCH=amd64 \
    GOFLAGS="-ldflags=$ldflag" "$fyne" package -os windows --release)
  (cd "$src" && CGO_ENABLED=0 GOOS=windows GOARCH=amd64 go build -trimpath -ldflags "-s -w $ldflag" \
    -o "$work/win/reportmail-cli.exe" ./cmd/reportmail-cli)
  mv "$src/cmd/reportmail/Report Mail.exe" "$work/win/"
  cp packaging/windows/reportmail.iss assets/icon.png "$work/win/"
  local zip=$out/reportmail-$version-windows-amd64.zip
  rm -f "$zip"
  (cd "$work/win" && python3 -m zipfile -c "$zip" "Report Mail.exe" reportmail-cli.exe reportmail.iss icon.png)
  echo "package: wrote $zip"
}

"package_$target"
