#!/usr/bin/env bash
# Quick start, step 1: install what is missing, build, and run the main job
# (the checker over mmu-ref and the corpus, with the seed bug's diagnostic).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
scripts/check-corpus.sh
