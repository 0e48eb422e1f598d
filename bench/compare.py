#!/usr/bin/env python3
"""picoc against onnxruntime, side by side in one run, on this machine.

For each case (a 1024^3 fp32 MatMul, then the test models in peers.MODEL_CASES, and with --big
the larger models bench/make_big_models.py writes: a mid-size llama, UNet and VAE, the
135M-parameter llama's prompts of 16 and 128 tokens and a decode step) the model is
compiled by build/bin/picoc for the host CPU, linked into the C harness (run_model.c) and timed
there (median ms per run, after a check against the reference outputs); onnxruntime is timed by
bench/peers.py in the same run. Prints a markdown table with the ratio picoc / onnxruntime
(below 1.0: picoc is faster), ready to paste into bench/RESULTS.md.

Usage:  python3 bench/compare.py [--build build] [--big] [--only CASE ...]
"""

import argparse
import datetime
import json
import platform
import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
from peers import BIG_MODELS, MODEL_CASES  # noqa: E402  (one list of cases for both sides)

CASES = {"matmul_1024": BENCH / "matmul_1024.onnx"}
CASES.update({name: REPO / "test/models" / name for name in MODEL_CASES})


def picoc_ms(case: Path, build: Path) -> float:
    out = subprocess.run(
        [str(REPO / "test/models/harness/compile_and_run.sh"), "--build", str(build), str(case)],
        capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"picoc failed on {case}:\n{out.stdout}\n{out.stderr}")
    m = re.search(r"time per run: ([0-9.]+) ms", out.stdout)
    if not m:
        sys.exit(f"no timing in the harness output for {case}:\n{out.stdout}")
    return float(m.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(REPO / "build"))
    parser.add_argument("--big", action="store_true",
                        help="also the models of bench/make_big_models.py (made if missing)")
    parser.add_argument("--only", nargs="*", help="only these cases")
    args = parser.parse_args()
    if args.big:
        if not any(BIG_MODELS.glob("*/model.onnx")):
            subprocess.run([sys.executable, str(BENCH / "make_big_models.py")], check=True)
        CASES.update({p.parent.name: p.parent for p in sorted(BIG_MODELS.glob("*/model.onnx"))})
    for name in list(CASES):
        if args.only and name not in args.only:
            del CASES[name]
    peers = subprocess.run([sys.executable, str(BENCH / "peers.py"), "--case", *CASES],
                           capture_output=True, text=True, check=True)
    ort = {}
    for line in peers.stdout.splitlines():
        if line.startswith("{"):
            row = json.loads(line)
            ort[row["case"]] = row["ms"]
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    import os
    print(f"{datetime.date.today()}, {cpu}, {os.cpu_count()} cores, {platform.system()}\n")
    print("| case | picoc ms | onnxruntime ms | picoc / onnxruntime |")
    print("|---|---|---|---|")
    for name, path in CASES.items():
        mine = picoc_ms(path, Path(args.build))
        theirs = ort[name]
        extra = ""
        if name == "matmul_1024":
            extra = f" ({2 * 1024**3 / mine / 1e6:.0f} vs {2 * 1024**3 / theirs / 1e6:.0f} GFLOP/s)"
        print(f"| {name}{extra} | {mine:.3f} | {theirs:.3f} | {mine / theirs:.2f} |")


if __name__ == "__main__":
    main()
