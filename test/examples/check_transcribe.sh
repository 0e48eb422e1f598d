#!/usr/bin/env bash
# check_transcribe.sh BINARY CASE: runs whisper-transcribe on CASE/checkpoint with
# CASE/audio.wav, greedy, at most 20 tokens, and compares the token ids with
# CASE/expected_ids.txt (WhisperFeatureExtractor and transformers' generate).
set -euo pipefail
bin="$1" case="$2"
err="$(mktemp)"
trap 'rm -f "$err"' EXIT
got="$("$bin" "$case/checkpoint" "$case/audio.wav" --tokens 20 --ids 2>"$err")" || {
  cat "$err"; exit 1; }
if [ "$got" != "$(cat "$case/expected_ids.txt")" ]; then
  echo "transcript ids differ: got '$got', expected '$(cat "$case/expected_ids.txt")'"
  exit 1
fi
echo "PASS: $(tail -n 1 "$err")"
