#!/usr/bin/env python3
"""picoc against onnxruntime, side by side in one run, on this machine.

For each case (a 1024^3 fp32 MatMul, then the test models in peers.MODEL_CASES, and with --big
the larger models bench/make_big_models.py writes: a mid-size llama, UNet and VAE, the
135M-parameter llama's prompts of 16 and 128 tokens and a decode step) the model is
compiled by build/bin/picoc for the host CPU and linked into the C harness (run_model.c), all
cases first (each checked against its reference outputs); then, case by case, onnxruntime is
timed by bench/peers.py and the compiled program right after it (median ms per run), --rounds N
times over, each side's best median counting. Prints a markdown table with the ratio
picoc / onnxruntime (below 1.0: picoc is faster), ready to paste into bench/RESULTS.md.

Usage:  python3 bench/compare.py [--build build] [--big] [--only CASE ...] [--rounds N]
"""

import argparse
import datetime
import json
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
# (one list of cases for both sides)
from peers import BIG_MODELS, MODEL_CASES, ensure_matmul_case  # noqa: E402

CASES = {"matmul_1024": BENCH / "matmul_1024.onnx"}
CASES.update({name: REPO / "test/models" / name for name in MODEL_CASES})


def data_dir(case: Path) -> Path:
    """The test data of a case: its directory, or X/ beside a model file X.onnx."""
    return case.with_suffix("") if case.suffix == ".onnx" else case


def compile_case(name: str, case: Path, build: Path, work: Path) -> Path:
    """Compiles `case` into a harness program under `work` (checked against the reference
    outputs on one run) and returns the program."""
    out = subprocess.run(
        [str(REPO / "test/models/harness/compile_and_run.sh"), "--build", str(build),
         "--work", str(work / name), "--iters", "1", str(case)],
        capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"picoc failed on {case}:\n{out.stdout}\n{out.stderr}")
    return work / name / ("run_model_" + re.sub(r"[^A-Za-z0-9_]", "_", data_dir(case).name))


def picoc_ms(program: Path, case: Path) -> float:
    out = subprocess.run([str(program), str(data_dir(case))], capture_output=True, text=True,
                         cwd=program.parent)
    m = re.search(r"time per run: ([0-9.]+) ms", out.stdout)
    if out.returncode != 0 or not m:
        sys.exit(f"the harness failed on {case}:\n{out.stdout}\n{out.stderr}")
    return float(m.group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(REPO / "build"))
    parser.add_argument("--big", action="store_true",
                        help="also the models of bench/make_big_models.py (made if missing)")
    parser.add_argument("--only", nargs="*", help="only these cases")
    parser.add_argument("--rounds", type=int, default=1,
                        help="time both sides case by case this many times; the best counts")
    args = parser.parse_args()
    if args.big:
        if not any(BIG_MODELS.glob("*/model.onnx")):
            subprocess.run([sys.executable, str(BENCH / "make_big_models.py")], check=True)
        CASES.update({p.parent.name: p.parent for p in sorted(BIG_MODELS.glob("*/model.onnx"))})
    for name in list(CASES):
        if args.only and name not in args.only:
            del CASES[name]
    if "matmul_1024" in CASES:
        ensure_matmul_case()  # (a fresh checkout has no data for it: peers.py writes it)
    # Every case is compiled first, so that no compile runs between the two sides' timings.
    # This VM's speed moves by up to 2x within minutes (a shared host), so the two sides are
    # timed case by case, alternating, for --rounds rounds; each side's best round counts.
    work = Path(tempfile.mkdtemp(prefix="picoc-compare."))
    try:
        programs = {name: compile_case(name, path, Path(args.build), work)
                    for name, path in CASES.items()}
        ort = {name: [] for name in CASES}
        mine = {name: [] for name in CASES}
        for _ in range(args.rounds):
            for name, path in CASES.items():
                peers = subprocess.run([sys.executable, str(BENCH / "peers.py"), "--case", name],
                                       capture_output=True, text=True, check=True)
                for line in peers.stdout.splitlines():
                    if line.startswith("{"):
                        ort[name].append(json.loads(line)["ms"])
                mine[name].append(picoc_ms(programs[name], path))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    import os
    print(f"{datetime.date.today()}, {cpu}, {os.cpu_count()} cores, {platform.system()}\n")
    print("| case | picoc ms | onnxruntime ms | picoc / onnxruntime |")
    print("|---|---|---|---|")
    for name in CASES:
        ours, theirs = min(mine[name]), min(ort[name])
        extra = ""
        if name == "matmul_1024":
            extra = f" ({2 * 1024**3 / ours / 1e6:.0f} vs {2 * 1024**3 / theirs / 1e6:.0f} GFLOP/s)"
        print(f"| {name}{extra} | {ours:.3f} | {theirs:.3f} | {ours / theirs:.2f} |")


if __name__ == "__main__":
    main()
