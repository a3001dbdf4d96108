"""The bench's own tools give sane output (their numbers are read in bench/README.md, not asserted)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_assistant_bench_times_every_caller_text_of_every_conversation():
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "assistant.py"), "--rounds", "1"],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    result = json.loads(out)
    sources = [ROOT.parent / "shared" / "eval" / "dev.jsonl", ROOT / "tests" / "assistant" / "cases.jsonl"]
    cases = [json.loads(line) for path in sources if path.exists() for line in path.read_text().splitlines() if line.strip()]
    assert result["conversations"] == len(cases)
    assert result["messages"] == sum(len(case["messages"]) for case in cases)
    t = result["per_message_ms"]
    assert 0 < t["p50"] <= t["p95"] <= t["p99"] <= t["max"]
