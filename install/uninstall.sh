#!/usr/bin/env bash
# Removes what install.sh installed under its prefix. It does not touch your tokens (the store
# under VCSTOKEN_HOME or ~/.local/share/vcstoken) nor your git/hg configuration: run
# `vcstoken unconfigure` first to remove what `vcstoken configure` added.
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
  echo "usage: vcstoken-uninstall   (run \`vcstoken unconfigure\` first to undo configure)"
  exit 0
fi
bin="$(cd "$(dirname "$0")" && pwd)"
prefix="$(dirname "$bin")"
lib="$prefix/lib/vcstoken"
if [ ! -f "$lib/MANIFEST" ]; then
  echo "vcstoken-uninstall: error: $lib/MANIFEST not found; nothing to remove" >&2
  exit 1
fi
while IFS= read -r f; do
  [ -n "$f" ] && rm -f -- "$f"
done < "$lib/MANIFEST"
rm -rf -- "$lib" "$prefix/share/vcstoken"
echo "removed vcstoken from $prefix (tokens and configuration left in place)"
