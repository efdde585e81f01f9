#!/usr/bin/env python3
"""false_alarms.py - counts the real-world corpus runs that RUNS.md reads as healthy but that the
diagnosis gives a warning or an error.

usage: node --import tsx src/cli/main.ts diagnose ../shared/realworld/logs --json > /tmp/d.json
       python3 test/realworld/false_alarms.py /tmp/d.json [REALWORLD_DIR]

A diagnosed run belongs to the RUNS.md entry it is named after: the same path, the directory of a
file entry, or the longest entry path it lies under. RUNS.md readings are human judgments, not
ground truth: a flagged healthy run is worth a look, not necessarily a false alarm.
"""
import json
import os
import sys


def main(argv):
    report = json.load(open(argv[0]))
    base = os.path.abspath(argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "realworld"))
    sys.path.insert(0, os.path.join(base, "tools"))
    from runspec import RUNS  # noqa: E402
    logs = os.path.join(base, "logs")
    entries = {r["run"]: r for r in RUNS}

    def entry_of(run):
        if run in entries:
            return run
        best = None
        for e in entries:
            d = os.path.dirname(e) if os.path.isfile(os.path.join(logs, e)) else e
            if run == d or run.startswith(d + "/"):
                if best is None or len(e) > len(best):
                    best = e
        return best

    flagged = {}
    for f in report["findings"]:
        if f["severity"] in ("warning", "error"):
            flagged.setdefault(f["run"], []).append("%s:%s" % (f["symptom"], f["severity"]))
    healthy = {e for e, r in entries.items() if r.get("reading") == "healthy"}
    seen, alarms = set(), {}
    for r in report["runs"]:
        e = entry_of(r["run"])
        if e in healthy:
            seen.add(e)
            if flagged.get(r["run"]):
                alarms.setdefault(e, []).extend(("%s: " % r["run"] if r["run"] != e else "") + s for s in flagged[r["run"]])
    print("healthy entries (RUNS.md): %d; diagnosed: %d; with a warning/error: %d" % (len(healthy), len(seen), len(alarms)))
    for e in sorted(alarms):
        print("  %s  %s" % (e, "; ".join(sorted(set(alarms[e])))))
    rl = [r["run"] for r in report["runs"] if r.get("taskKind") == "reinforcement"]
    print("runs read as reinforcement learning: %d%s" % (len(rl), (" (" + ", ".join(rl) + ")") if rl else ""))


if __name__ == "__main__":
    main(sys.argv[1:])
