#!/usr/bin/env bash
# deps.sh GROUP... — install the Debian/Ubuntu packages a make target needs, only those
# missing. On other systems it prints what to install and carries on (the README lists the
# macOS and Windows prerequisites).
set -euo pipefail

declare -A groups=(
  # Fyne needs a C compiler and the OpenGL/X11 headers to build the desktop app.
  [build]="gcc pkg-config libgl1-mesa-dev xorg-dev"
  # What the tests drive: a virtual display, real drag-and-drop, screenshots and OCR,
  # the archive tools and the reference .msg converter.
  [test]="rbldnsd xvfb xauth x11-utils xdotool python3-gi gir1.2-gtk-3.0 imagemagick tesseract-ocr 7zip unzip libemail-outlook-message-perl libemail-address-perl libsisimai-perl python3"
  # make package and its check: the archive tools, the validators for the desktop entry
  # and the AppStream file, the MIME database.
  [package]="xz-utils dpkg desktop-file-utils appstream shared-mime-info file python3"
  # make package-windows: the mingw-w64 cross compiler and its objdump.
  [package-windows]="gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64"
  # Reference tools the benchmarks compare against.
  [bench]="time python3 7zip swaks libnet-ssleay-perl libemail-outlook-message-perl libemail-address-perl xvfb xdotool x11-utils"
)

want=()
for g in "$@"; do
  [[ -n ${groups[$g]:-} ]] || { echo "deps.sh: unknown group $g" >&2; exit 2; }
  want+=(${groups[$g]})
done

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "deps.sh: not a Debian/Ubuntu system; make sure these are installed: ${want[*]}" >&2
  exit 0
fi

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Debian 12 calls 7-Zip "p7zip-full"; newer releases "7zip". Take whichever the archive has.
if [[ " ${missing[*]} " == *" 7zip "* ]] && command -v 7z >/dev/null 2>&1; then
  missing=("${missing[@]/7zip}")
fi
missing=($(printf '%s\n' "${missing[@]}" | sed '/^$/d' | sort -u))
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo"
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt_install() { $sudo apt-get install -y -q --no-install-recommends "$@" >/dev/null; }
if ! apt_install "${missing[@]}" 2>/dev/null; then
  $sudo apt-get update -q >/dev/null
  if [[ " ${missing[*]} " == *" 7zip "* ]] && ! apt-cache show 7zip >/dev/null 2>&1; then
    missing=("${missing[@]/7zip/p7zip-full}")
  fi
  apt_install "${missing[@]}"
fi
