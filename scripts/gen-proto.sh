#!/usr/bin/env bash
# Generates TypeScript message types and codecs (@bufbuild/protobuf) from src/format/proto/**/*.proto
# into src/format/gen/. The generated files are committed (CI has no protoc).
set -euo pipefail
cd "$(dirname "$0")/.."
PROTO_DIR=src/format/proto
OUT_DIR=src/format/gen
rm -rf "$OUT_DIR"
mkdir -p "$OUT_DIR"
protoc \
  --plugin=protoc-gen-es=node_modules/.bin/protoc-gen-es \
  --es_out="$OUT_DIR" \
  --es_opt=target=ts,import_extension=ts \
  -I "$PROTO_DIR" \
  $(cd "$PROTO_DIR" && find . -name '*.proto' | sort | sed 's|^\./||')
echo "generated $(find "$OUT_DIR" -name '*.ts' | wc -l) files into $OUT_DIR"
