"""The bench's own tools give sane output (their numbers are read in bench/results.md, never asserted)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

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


def test_a_tiny_bench_run_measures_every_scenario_beside_the_inline_peer_with_nothing_lost(tmp_path):
    """bench/run.py end to end, tiny: the fake Twilio, textback's processes, the peer, the report."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("the bench runs on PostgreSQL (127.0.0.1:5432)")
    env = dict(os.environ, BENCH_OUT=str(tmp_path), BENCH_DB_NAME=urlsplit(url).path.lstrip("/") + "_harness")
    subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--rate", "5", "--seconds", "1", "--busy-seconds", "1",
                    "--burst", "5", "--numbers", "5", "--no-assistant", "--no-queries"],
                   env=env, capture_output=True, text=True, check=True, timeout=300)
    results = json.loads((tmp_path / "results.json").read_text())
    for name in ("textback", "baseline"):
        phases = {p["phase"]: p for p in results["systems"][name]["phases"]}
        assert list(phases) == ["spread", "burst", "busy"]
        for p in phases.values():
            assert (p["lost"], p["doubled"], p["unfinished"], p["webhook_errors"], p["callback_errors"]) == (0, 0, 0, 0, 0)
            assert p["time_to_text_ms"]["n"] == p["calls"] == 5
            assert p["callbacks"] == 2 * p["calls"]  # the fake's "sent" and "delivered" for every text
            assert p["cpu_ms_per_call"]["web"] > 0
    assert set(results["ratios"]) == {"spread", "burst", "busy"}
    assert results["systems"]["textback"]["database"]["callers_with_more_than_one_text"] == 0
