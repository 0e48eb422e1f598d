#!/usr/bin/env python3
"""Runs the contraction cases of make_contractions.py, compiled by scripts/test-gpu.sh into
DIR/<case>-<build>/model.so, on the GPU (a build named ptx_* loads the object's PTX, not its
cubin: libpicort's PICORT_GPU_IMAGE=ptx, the code a newer GPU compiles): inputs drawn from
N(0, 1) by PyTorch (seeded), the output compared with PyTorch's in float64, normwise
(max |picoc - ref| / max |ref|).

Tolerances by the build's precision (its name's last part): fp32 1e-5 (float32 summation over
K <= 2880 terms); tf32 5e-3 (each factor rounded to 11 significant bits, u = 2^-11: a K-term
dot product errs by at most ~2u sum|a_i b_i|, within ~4x the largest output on this data for
K <= 576: the argument of scripts/test-gpu.sh's ops-tf32 suite; gemm_split's K = 2048 doubles
that ratio and conv3x3_320's K = 2880 quintuples it, but random rounding errors grow as
sqrt(K) only: measured below 1e-3); tf32x3
1e-5 per 512 reduction terms, at least 1e-5 (the factors' rounding drops to ~u^2; what
remains is the tensor cores' f32 accumulation, which truncates the products it aligns rather
than rounding them, so its error grows with K: 6e-7 to 5e-6 here at K <= 576, 1.6e-5 for
gemm_split's K = 2048 computed in one kernel (sm_90), 1.5e-5 to 4.6e-5 normwise for the
GEMMs of K = 2048 to 5632 in bench/RESULTS.md).

Prints a line per case and "N passed, M failed"; exit status 1 if any failed.
Usage: check_contractions.py DIR
"""

import os
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench" / "gpu"))
from bench import Model  # noqa: E402

REFERENCES = {
    "gemm_nn": lambda a, b: a @ b,
    "gemm_nt_bias": lambda a, b, c: a @ b.T + c,
    "gemm_tn": lambda a, b: a.T @ b,
    "gemm_edges": lambda a, b: a @ b,
    "gemm_odd_k": lambda a, b: a @ b,
    "bmm": lambda a, b: a @ b,
    "conv3x3": lambda x, w, c: F.conv2d(x, w, c, padding=1),
    "gemm_split": lambda a, b, c: torch.relu(a @ b.T + c),
    "gemm_wide": lambda a, b: a @ b,
    "conv3x3_320": lambda x, w, c: F.conv2d(x, w, c, padding=1),
    "gemm_n300": lambda a, b: a.T @ b.T,
}
TERMS = {"gemm_nn": 512, "gemm_nt_bias": 512, "gemm_tn": 512, "gemm_edges": 300,
         "gemm_odd_k": 301, "bmm": 64, "conv3x3": 576, "gemm_split": 2048, "gemm_wide": 300,
         "conv3x3_320": 2880, "gemm_n300": 256}


def tolerance(case, precision):
    if precision == "tf32x3":
        return 1e-5 * max(1.0, TERMS[case] / 512)
    return {"fp32": 1e-5, "tf32": 5e-3}[precision]


def check(path):
    case, build = path.name.rsplit("-", 1)
    precision = build.rsplit("_", 1)[-1]
    if build.startswith("ptx"):
        os.environ["PICORT_GPU_IMAGE"] = "ptx"  # read when the model loads its module
    else:
        os.environ.pop("PICORT_GPU_IMAGE", None)
    model = Model(path / "model.so")
    gen = torch.Generator(device="cuda").manual_seed(11)
    ins = [torch.randn(s, device="cuda", generator=gen) for _, _, s in model.inputs()]
    outs = [torch.empty(s, device="cuda") for _, _, s in model.outputs()]
    model.runner(ins, outs)()
    torch.cuda.synchronize()
    ref = REFERENCES[case](*[t.double() for t in ins])
    err = ((outs[0].double() - ref).abs().max() / ref.abs().max()).item()
    return err, tolerance(case, precision)


def main():
    cases = sorted(p for p in Path(sys.argv[1]).iterdir() if (p / "model.so").exists())
    failed = 0
    for path in cases:
        try:
            err, tol = check(path)
            ok = err <= tol
            print(f"{'PASS' if ok else 'FAIL'} {path.name}: normwise error {err:.2e} "
                  f"(tolerance {tol:.0e})")
        except Exception as e:  # a failed load or run is a failed case
            ok = False
            print(f"FAIL {path.name}: {e}")
        failed += not ok
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
