"""The new corpus (tests/assistant/corpus.jsonl): 445 conversations written the way people text, across
27 trades, none taken from the dev set, run through the real pipeline (`textback simulate`) and scored
with the shared scorer. Four rounds were held out, written after the rules and first scored untouched
(then what they showed was fixed):
    round  cases  untouched  code before issue 12  emergencies alerted untouched (before)
    h      60     95.0%      85.4%                 19/23 (11/23)
    k      60     94.8%      85.9%                 19/25 (10/25)
    m      40     90.1%      76.1%                 12/18 (2/18)
    l      49     66.2%      -                     0/10 (languages: 22 Portuguese, written before the pack,
                                                         8 Spanish, 11 other languages, 8 language-flip traps)
    l50-65 16     100%       -                     2/2  (languages again, written after the packs)"""
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
