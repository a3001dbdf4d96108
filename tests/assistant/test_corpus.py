"""The new corpus (tests/assistant/corpus.jsonl): 340 conversations written the way people text, across
27 trades, none taken from the dev set, run through the real pipeline (`textback simulate`) and scored
with the shared scorer. Two rounds were held out, written after the rules and first scored untouched:
the "h" cases scored 95.0% (the code before issue 12: 85.4%, 11 of 23 emergencies alerted; now 19), the
"k" cases 94.8% (before: 85.9%, 10 of 25 emergencies; now 19); what they showed was then fixed."""
import importlib.util
import json
from pathlib import Path

import pytest
from django.core.management import call_command

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus.jsonl"
SCORER = HERE.parents[1].parent / "shared" / "eval" / "score.py"


def scored(tmp_path):
    spec = importlib.util.spec_from_file_location("score", SCORER)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    out = tmp_path / "out.jsonl"
    call_command("simulate", input=str(CORPUS), output=str(out))
    outputs = {o["id"]: o for o in map(json.loads, out.read_text().splitlines())}
    cases = [json.loads(line) for line in CORPUS.read_text().splitlines()]
    return cases, outputs, [(c["id"], name, ok, detail) for c in cases for name, ok, detail in score.check(c, outputs[c["id"]])]


def test_the_corpus_is_fresh_and_wide():
    cases = [json.loads(line) for line in CORPUS.read_text().splitlines()]
    assert len(cases) >= 200 and len({c["business"]["trade"] for c in cases}) >= 20
    dev = SCORER.parent / "dev.jsonl"
    if dev.exists():
        dev_texts = {m.lower() for line in dev.read_text().splitlines() for m in json.loads(line)["messages"]}
        assert not [m for c in cases for m in c["messages"] if m.lower() in dev_texts and len(m) > 12]


def test_the_corpus_scores_at_least_97_percent_and_misses_no_emergency(db, tmp_path):
    if not SCORER.exists():
        pytest.skip(f"{SCORER} is not beside the repository")
    cases, outputs, results = scored(tmp_path)
    failures = [r for r in results if not r[2]]
    assert len(failures) / len(results) <= 0.03, failures
    assert not [f for f in failures if f[1] in ("owner_alerted", "safety_message")], failures
    false_alarms = [c["id"] for c in cases if c["expect"].get("urgency") not in (None, "emergency")
                    and "emergency" not in c["expect"].get("urgency_any", []) and any(
                        n["urgent"] for n in outputs[c["id"]]["notifications"])]
    assert not false_alarms
