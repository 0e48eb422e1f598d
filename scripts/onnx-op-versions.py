#!/usr/bin/env python3
"""Compares frontend/onnx/OpTable.h's opset ranges with the installed onnx package's schemas.

For every row, prints the versions of the op that onnx defines after the row's last opset and
what changed at each: only the allowed types (a new dtype, which picoc's dtype checks refuse or
handle), or more (attributes, inputs, outputs, or a new version with no visible change, whose
semantics need reading). A row may reach up to just before the first such change; the rows were
last raised to onnx 1.23's opset 28 with this (Cast/CastLike-24 changed float8 casts only).

Usage: python3 scripts/onnx-op-versions.py   (needs the onnx package)
"""

import re
import sys
from pathlib import Path

from onnx import defs

TABLE = Path(__file__).resolve().parent.parent / "frontend" / "onnx" / "OpTable.h"


def signature(s):
    attrs = sorted((a.name, int(a.type), a.required,
                    a.default_value.SerializeToString() if a.default_value else b"")
                   for a in s.attributes.values())
    return (attrs, [(i.name, int(i.option)) for i in s.inputs],
            [(o.name, int(o.option)) for o in s.outputs])


def types(s):
    return {c.type_param_str: set(c.allowed_type_strs) for c in s.type_constraints}


def main():
    history = {}
    for s in defs.get_all_schemas_with_history():
        if s.domain in ("", "ai.onnx"):
            history.setdefault(s.name, {})[s.since_version] = s
    newest = defs.onnx_opset_version()
    print(f"onnx opsets up to {newest}")
    rows = re.findall(r"X\((\w+),\s+(\d+),\s+(\d+),", TABLE.read_text())
    for name, lo, hi in rows:
        versions = history.get(name, {})
        hi = int(hi)
        known = [v for v in versions if v <= hi]
        if not known:
            print(f"{name} {lo}..{hi}: not in this onnx")
            continue
        prev = versions[max(known)]
        notes = []
        for v in sorted(v for v in versions if v > hi):
            s = versions[v]
            added = {k: sorted(t - types(prev).get(k, set())) for k, t in types(s).items()}
            added = {k: t for k, t in added.items() if t}
            if signature(s) != signature(prev):
                notes.append(f"{v}: signature changed")
            elif not added:
                notes.append(f"{v}: no visible change (read the docs)")
            else:
                notes.append(f"{v}: types only {added}")
            prev = s
        if notes or hi < newest:
            print(f"{name} {lo}..{hi}: " + ("; ".join(notes) if notes else "no later version"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
