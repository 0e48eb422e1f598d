#!/usr/bin/env bash
# check_txt2img.sh BINARY COMPARE CASE: runs sd-txt2img on CASE/checkpoint with
# CASE/prompt.txt from the latents CASE/latents.f32, 4 DDIM steps at guidance 7.5, and
# compares the prompt's token ids with CASE/prompt_ids.txt (CLIPTokenizer) and the latents
# before the VAE with CASE/expected_latents.f32 (diffusers' StableDiffusionPipeline) through
# COMPARE (compare_f32), then checks the PNG's signature and size.
#
# Tolerance: the latents go through 4 UNet steps and 4 scheduler updates in fp32, each
# summing hundreds of terms in orders that differ from PyTorch's, and the guidance scale
# (7.5) multiplies the difference of two predictions, so their rounding differences grow
# several-fold over the single calls' 1e-6: normwise 1e-5 of the largest latent (seen:
# 3.8e-7 on the CPU).
set -euo pipefail
bin="$1" compare="$2" case="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" "$case/checkpoint" "$(cat "$case/prompt.txt")" -o "$work/image.png" --steps 4 \
  --guidance 7.5 --latents "$case/latents.f32" --latents-out "$work/latents.f32" --ids \
  2>"$work/err" || { cat "$work/err"; exit 1; }
prompt="$(sed -n 's/^prompt ids: //p' "$work/err")"
if [ "$prompt" != "$(cat "$case/prompt_ids.txt")" ]; then
  echo "prompt ids differ: got '$prompt', expected '$(cat "$case/prompt_ids.txt")'"
  exit 1
fi
"$compare" "$work/latents.f32" "$case/expected_latents.f32" 1e-5
# An 8-bit RGB PNG of 16 x 16: the signature, then IHDR's width and height.
header="$(head -c 24 "$work/image.png" | od -An -tx1 | tr -d ' \n')"
if [ "$header" != "89504e470d0a1a0a0000000d494844520000001000000010" ]; then
  echo "not a 16x16 PNG: $header"
  exit 1
fi
echo "PASS: $(tail -n 1 "$work/err")"
