#!/usr/bin/env bash
# Prints the path of a Chromium the live-page test can drive, installing Debian's package when none is there.
# Exits non-zero, saying why, where it cannot be installed (not root, no apt-get, no package source).
set -euo pipefail
for candidate in chromium chromium-browser; do
  if path="$(command -v "$candidate")"; then
    echo "$path"
    exit 0
  fi
done
if ! command -v apt-get >/dev/null; then
  echo "no chromium and no apt-get to install it: install Chromium and put it on PATH" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "no chromium, and installing it needs root: run 'sudo apt-get install -y chromium'" >&2
  exit 1
fi
{ apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; } >&2 ||
  { echo "apt-get could not install chromium (no package source reachable?)" >&2; exit 1; }
command -v chromium
