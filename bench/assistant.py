"""The built-in assistant's time per message: every caller text of the shared dev set
(../shared/eval/dev.jsonl, when present) and of our own cases (tests/assistant/cases.jsonl), given
to `engine.respond` in order, conversation by conversation, as the worker does after each text.

Only the engine is timed (reading the text, updating the lead, writing the replies), not the
database or the provider: the job around it is the worker's job of bench/run.py. The first reply in
a fresh process is reported on its own (`cold_first_message_ms`): the engine loads its town and
name tables on first use. Then every conversation runs `--rounds` times, each message timed.

    .venv/bin/python bench/assistant.py [--rounds 20]

Prints one JSON object. Run by bench/run.py at the end of a run (unless --no-assistant).
"""

import argparse
import json
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT.parent / "shared" / "eval" / "dev.jsonl", ROOT / "tests" / "assistant" / "cases.jsonl")


def conversations():
    found = []
    for path in SOURCES:
        if path.exists():
            found += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    if not found:
        raise SystemExit("no conversations found: " + ", ".join(map(str, SOURCES)))
    return found


def run(engine, case, timings=None):
    """One conversation through the engine; appends each message's seconds to `timings`."""
    spec = case["business"]
    business = engine.BusinessInfo(name=spec["name"], trade=spec.get("trade", ""), owner_name=spec.get("owner_name", ""))
    lead = engine.Lead(called_on=case["called_at"][:10])
    history = []
    for text in case["messages"]:
        started = time.perf_counter()
        turn = engine.respond(business, lead, history, text)
        if timings is not None:
            timings.append(time.perf_counter() - started)
        lead = turn.lead
        history += [("lead", text)] + [("assistant", reply.text) for reply in turn.replies]


def percentile(sorted_values, p):
    """Nearest rank."""
    return sorted_values[max(0, min(len(sorted_values) - 1, round(p / 100 * len(sorted_values) + 0.5) - 1))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="times each conversation is run after the first (20)")
    args = parser.parse_args()
    cases = conversations()

    started = time.perf_counter()
    from textback.assistant import engine

    import_ms = (time.perf_counter() - started) * 1000
    cold = []
    run(engine, cases[0], cold)
    timings = []
    cpu = time.process_time()
    for _ in range(args.rounds):
        for case in cases:
            run(engine, case, timings)
    cpu = time.process_time() - cpu
    timings.sort()
    ms = [t * 1000 for t in timings]
    print(json.dumps({
        "conversations": len(cases),
        "messages": len(ms),
        "rounds": args.rounds,
        "import_ms": round(import_ms, 1),
        "cold_first_message_ms": round(cold[0] * 1000, 1),
        "per_message_ms": {
            "p50": round(percentile(ms, 50), 3), "p95": round(percentile(ms, 95), 3),
            "p99": round(percentile(ms, 99), 3), "max": round(ms[-1], 3), "mean": round(sum(ms) / len(ms), 3),
        },
        "messages_per_cpu_second": round(len(ms) / cpu) if cpu else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }, indent=2))


if __name__ == "__main__":
    main()
