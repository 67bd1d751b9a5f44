#!/usr/bin/env bash
# Builds FerretDB (the MongoDB-wire server used where no MongoDB runs) once and caches the binary.
# `go install …@v1.24.2` alone yields a binary that panics at start: the published module carries an
# empty build/version/version.txt. So the pinned module is fetched through the Go module proxy, copied
# out of the read-only module cache, given its version file, and built from that exact source.
set -euo pipefail

VERSION=v1.24.2
CACHE_DIR=${FERRETDB_CACHE_DIR:-$HOME/.cache/concert-ferretdb/$VERSION}
BIN="$CACHE_DIR/ferretdb"

if [[ -x "$BIN" ]] && "$BIN" --version 2>/dev/null | grep -q "$VERSION"; then
  echo "$BIN"
  exit 0
fi

mkdir -p "$CACHE_DIR"
module_dir=$(go mod download -json "github.com/FerretDB/FerretDB@$VERSION" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
cp -r "$module_dir/." "$src"
chmod -R u+w "$src"
echo "$VERSION" > "$src/build/version/version.txt"
(cd "$src" && go build -trimpath -o "$BIN" ./cmd/ferretdb) >&2
echo "$BIN"
