#!/usr/bin/env bash
# Two ways to use this machine's two cores for one fine-tuning: 2 processes x 1 thread
# (hone-cli train --nproc-per-node 2, batch 8 each) against 1 process x 2 threads (batch 16):
# the same global batch, data order and steps. Runs alternate (A B A B ...) so load changes hit
# both, round r with seed r; prints samples/s of each run with the load average, the ratio of
# medians, the time each 2-process run waited for gradient sums beyond what backward hid (from
# its log), then the all-reduce time per step of the model's gradients on loopback with nothing
# to hide behind (bench/dist_allreduce). Tell the lead before running it: other work on the machine skews it.
#
#   bench/dist_train.sh BUILD_DIR [MODEL_DIR] [DATA_FILE] [STEPS] [ROUNDS]
set -euo pipefail
build=${1:?usage: bench/dist_train.sh BUILD_DIR [MODEL_DIR] [DATA_FILE] [STEPS] [ROUNDS]}
model=${2:-${XDG_DATA_HOME:-$HOME/.local/share}/hone/models/all-MiniLM-L6-v2}
data=${3:-$(dirname "$0")/../../shared/data/sms_spam/sms_spam.csv}
steps=${4:-40}
rounds=${5:-3}
cli="$build/bin/hone-cli"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

common=(--model "$model" --data "$data" --max-steps "$steps" --max-length 64 --eval-strategy no
        --split 0.98,0.01,0.01 --no-group-by-length --quiet)
rate() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["train"]["samples_per_second"])' "$1/summary.json"; }

one=() two=()
for r in $(seq "$rounds"); do
  OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=2 "$cli" train "${common[@]}" --seed "$r" --batch-size 16 --threads 2 \
    --out "$out/one-$r" >/dev/null
  one+=("$(rate "$out/one-$r")")
  "$cli" train "${common[@]}" --seed "$r" --batch-size 8 --threads 1 --nproc-per-node 2 --out "$out/two-$r" >/dev/null
  two+=("$(rate "$out/two-$r")")
  echo "round $r (seed $r): 1 process x 2 threads ${one[-1]} samples/s; 2 processes x 1 thread ${two[-1]} samples/s;" \
       "load average $(cut -d' ' -f1-3 /proc/loadavg)"
  grep -o 'data parallel: waited.*' "$out/two-$r/log.txt" || true # the gradient sums' exposed wait in training
done
python3 - "${one[*]}" "${two[*]}" <<'PY'
import statistics, sys
one = [float(x) for x in sys.argv[1].split()]
two = [float(x) for x in sys.argv[2].split()]
print(f"median samples/s: 1x2 {statistics.median(one):.2f}, 2x1 {statistics.median(two):.2f}, "
      f"ratio 2x1/1x2 {statistics.median(two) / statistics.median(one):.2f}")
PY
"$build/bin/dist_allreduce" --model "$model" --nproc 2 --steps 20
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
