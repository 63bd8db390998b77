#!/bin/bash
# Rewrite expected.txt of the named bad-input cases from what `check` prints now.
# For writing a new case: read every line it prints before committing it.
set -u
cd "$(dirname "$0")/.."
repo=$(pwd)
for case in "$@"; do
  dir=tests/data/invalid/$case
  work=$(mktemp -d)
  cp -r tests/data/base "$work/content"
  [ -f "$dir/remove.txt" ] && for r in $(cat "$dir/remove.txt"); do rm -rf "$work/content/$r"; done
  (cd "$dir" && find . -type f ! -name expected.txt ! -name remove.txt -exec cp --parents {} "$work/content/" \;)
  (cd "$work" && "$repo/.venv/bin/python" -m generator check --content content --config "$repo/mkdocs.yml" \
     --now 2026-11-23T12:00 > "$repo/$dir/expected.txt")
  echo "== $case"; cat "$dir/expected.txt"
  rm -rf "$work"
done
