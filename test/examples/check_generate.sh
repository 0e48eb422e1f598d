#!/usr/bin/env bash
# check_generate.sh BINARY CASE: runs llama-generate on CASE/checkpoint with CASE/prompt.txt,
# greedy, 16 tokens, and compares the prompt's token ids and the generated ones with
# CASE/prompt_ids.txt and CASE/expected_ids.txt (tokenizers and transformers' generate).
set -euo pipefail
bin="$1" case="$2"
err="$(mktemp)"
trap 'rm -f "$err"' EXIT
got="$("$bin" "$case/checkpoint" "$(cat "$case/prompt.txt")" --tokens 16 --ids 2>"$err")"
prompt="$(sed -n 's/^prompt ids: //p' "$err")"
status=0
if [ "$prompt" != "$(cat "$case/prompt_ids.txt")" ]; then
  echo "prompt ids differ: got '$prompt', expected '$(cat "$case/prompt_ids.txt")'"; status=1
fi
if [ "$got" != "$(cat "$case/expected_ids.txt")" ]; then
  echo "generated ids differ: got '$got', expected '$(cat "$case/expected_ids.txt")'"; status=1
fi
[ $status = 0 ] && echo "PASS: $(tail -n 1 "$err")"
exit $status
