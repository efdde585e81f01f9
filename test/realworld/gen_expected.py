#!/usr/bin/env python3
"""gen_expected.py - expected values of the real-world corpus acceptance test (test/realworld.test.ts).

usage: python3 test/realworld/gen_expected.py [REALWORLD_DIR] > test/realworld/expected.json
       (REALWORLD_DIR defaults to ../shared/realworld)

The numbers come from the corpus's own stdlib-only tools (REALWORLD_DIR/tools: runspec.py lists the
85 run entries of RUNS.md with the series chosen for each role, runs.py loads an entry's files,
analyze.py summarises a series, tfdump.py decodes event files) - computed independently of
trainscope. For every entry: the run path (relative to logs/), the files the numbers come from
('src', null = the whole directory), the reading, and for every series named in a role
(tl = training loss, vl = validation loss, ta = training accuracy/metric, va = validation
accuracy/metric, m = other headline metric): the tools' key, point count, NaN/Inf counts and the
first/last finite value with their steps. Keys are the tools' keys: `<sub-dir>|<tag>` for files
below the entry's directory, trainer_state.json log_history names as written (`loss`, `eval_loss`).
"""
import json
import math
import os
import sys


def main(argv):
    base = os.path.abspath(argv[0] if argv else os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "realworld"))
    sys.path.insert(0, os.path.join(base, "tools"))
    import analyze  # noqa: E402
    import runs  # noqa: E402
    from runspec import RUNS  # noqa: E402

    logs = os.path.join(base, "logs")
    out = []
    for r in RUNS:
        series, _infos = runs.load(logs, r["run"], r.get("src"))
        roles = {}
        described = {}
        for role in ("tl", "vl", "ta", "va", "m"):
            v = r.get(role)
            keys = v if isinstance(v, list) else ([v] if v else [])
            roles[role] = keys
            for k in keys:
                s = series.get(k)
                if s is None:
                    described[k] = {"missing": True}
                    continue
                d = analyze.describe(s)
                e = {"n": d["n"], "nan": d["nan"], "inf": d["inf"]}
                for f in ("first", "last", "first_step", "last_step", "min", "max"):
                    if f in d:
                        x = d[f]
                        e[f] = None if isinstance(x, float) and not math.isfinite(x) else x
                described[k] = e
        out.append({
            "run": r["run"], "writer": r["writer"], "src": r.get("src"), "reading": r.get("reading", ""),
            "scalar_series": len(series), "roles": roles, "series": described,
        })
    json.dump({"generator": "test/realworld/gen_expected.py", "corpus": "shared/realworld (RUNS.md, tools/runs.py + runspec.py + analyze.py)",
               "entries": out}, sys.stdout, indent=1, sort_keys=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
