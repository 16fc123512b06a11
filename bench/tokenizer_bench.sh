#!/bin/sh
# Tokenizer throughput against Hugging Face; see bench/tokenizer_bench.py.
# Usage: bench/tokenizer_bench.sh [path/to/hone-cli]
set -e
here=$(cd "$(dirname "$0")" && pwd)
cli=${1:-$here/../build/release/bin/hone-cli}
exec "${PYTHON:-python3}" "$here/tokenizer_bench.py" --hone-cli "$cli"
