"""docs/webhooks.md, read as the tests read it: its example payloads and its JSON Schema."""

import json
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def json_blocks():
    return [json.loads(block) for block in re.findall(r"```json\n(.*?)\n```", DOC.read_text(), re.S)]


def documented_examples():
    return {block["type"]: block for block in json_blocks() if "type" in block and "data" in block}


def schema():
    return next(block for block in json_blocks() if "$schema" in block)
