#!/usr/bin/env bash
# Resume training of the shipped model in the background: from work/<name>/state.pt when this
# machine has it, otherwise from the shipped model folder (weights, vocabulary, step count).
# Usage: scripts/resume_training.sh [RECIPE [TRAIN-RUN OPTIONS…]]   (default corpora/recipes/ur-en-bt.toml,
# the shipped model's recipe since session 13; it needs its back-translated corpus in work/bt-en-ur)
# e.g. scripts/resume_training.sh corpora/recipes/ur-en-bt.toml --cooldown-steps 2800
# Cool down before each export: N ≈ the steps left before the export (about 25 steps/min in
# float32 on 2 AVX2 cores, 50 with bf16). 2700 steps took FLORES-200 dev chrF++ 34.51 → 35.60.
# Stop it with `kill <pid>` (it saves its state first); pause with kill -STOP / -CONT.
# TASKSET="taskset -c 1" scripts/resume_training.sh … keeps it on one core (torch then uses one
# thread), leaving the other for work and tests.
# INIT_FROM=models/ur-en-base scripts/resume_training.sh … starts a new run from another model's
# weights (default: models/<recipe name> when it exists, else the recipe's init_from).
set -euo pipefail
cd "$(dirname "$0")/.."
recipe=${1:-corpora/recipes/ur-en-bt.toml}
shift || true
name=$(sed -n 's/^name = "\(.*\)"/\1/p' "$recipe")
run="work/$name"
mkdir -p "$run"
args=(train run --recipe "$recipe" --run-dir "$run" "$@")
# a new run starts from INIT_FROM, else from models/<name> when it is there, else from the
# recipe's own init_from (translit train run reads it), else from scratch
init=${INIT_FROM:-models/$name}
if [ ! -f "$run/state.pt" ] && [ -d "$init" ] && { [ -n "${INIT_FROM:-}" ] || [ -d "$init/weights" ]; }; then
  args+=(--init-from "$init")
fi
nohup ${TASKSET:-} .venv/bin/translit "${args[@]}" >> "$run.log" 2>&1 &
echo "training pid $! → $run.log"
