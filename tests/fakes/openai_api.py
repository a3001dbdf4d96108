"""A local stand-in for an OpenAI-compatible chat-completions API (OpenAI, Ollama, llama.cpp), speaking
the wire format over real HTTP: POST /v1/chat/completions with {"model", "messages", "response_format",
"temperature"}, Bearer auth, 200 with a chat.completion object whose message content is the model's
text, and errors as {"error": {"message", "type", "param", "code"}}. Tests script its answers.

    api = FakeChatAPI(api_key="sk-test").start()     # api.base_url ends in /v1, like OpenAI's
    api.answer({"category": "new_lead", ...})        # the next completion's content (a dict is sent as JSON)
    api.answer("Sure! Here you go", times=2)         # raw content: garbage the model may produce
    api.fail_next(500)                               # 401 / 429 / 500 with OpenAI's error bodies
    api.hang_next(2.0)                               # answer after 2 s (a timeout on our side)
    api.trickle_next(2.0)                            # headers at once, the body bit by bit over 2 s
    api.raw_next(200, b"<html>")                     # any body at all
    api.json_schema_supported = False                # 400 for response_format json_schema, like older servers
    api.json_schema_status = 500                     # ... or 500, as llama.cpp's server answers it
    api.seconds_per_token = 0.002                    # a local model generating: time grows with the answer,
                                                     # which stops at the request's max_tokens ("length")
    api.delay = 0.05                                 # every answer after 50 ms
    api.requests                                     # every request received, in order (headers, JSON body)

With nothing scripted it answers `api.default` (a callable taking the request body), by default a model
that found nothing in the message.
"""

import json
import threading
import time
import uuid
from dataclasses import dataclass, field

from tests.fakes.server import LocalFake

ERRORS = {
    400: ("invalid_request_error", None, "Invalid request."),
    401: ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
    404: ("invalid_request_error", "model_not_found", "The model does not exist or you do not have access to it."),
    429: ("requests", "rate_limit_exceeded", "Rate limit reached for requests. Please try again later."),
    500: ("server_error", None, "The server had an error while processing your request. Sorry about that!"),
    503: ("server_error", None, "The engine is currently overloaded, please try again later."),
}

NOTHING_FOUND = {
    "opt_out": False, "category": "new_lead", "name": None, "need": None, "address": None, "city": None,
    "state": None, "postal_code": None, "timeline": None, "urgency": "unknown", "emergency": "none",
    "language": "en", "questions": {"need": None, "location": None, "timeline": None, "name": None},
}


def facts(**fields):
    """A full answer in the schema's shape: nothing found, except the fields given."""
    answer = json.loads(json.dumps(NOTHING_FOUND))
    answer.update(fields)
    return answer


@dataclass
class Received:
    path: str
    headers: dict
    body: dict | None
    at: float  # time.time() when the request arrived

    @property
    def newest_message(self):
        """The caller's message as our prompt carries it (for readable test assertions)."""
        try:
            return json.loads(self.body["messages"][-1]["content"])["newest_message"]
        except (KeyError, IndexError, TypeError, ValueError):
            return None


@dataclass
class Scripted:
    status: int = 200
    content: object = None  # dict (sent as JSON text) or str (sent as is)
    raw: bytes | None = None  # a whole body instead of a chat completion
    hang: float = 0.0
    trickle: float = 0.0  # seconds over which the body is sent, in ten pieces
    finish_reason: str = "stop"
    headers: dict = field(default_factory=dict)


class FakeChatAPI(LocalFake):
    def __init__(self, api_key=None, model=None):
        self.api_key = api_key  # None: no auth checked, like a local Ollama
        self.model = model  # None: any model name
        self.requests: list[Received] = []
        self.script: list[Scripted] = []
        self.default = lambda body: NOTHING_FOUND
        self.delay = 0.0
        self.json_schema_supported = True
        self.json_schema_status = 400
        self.seconds_per_token = 0.0
        self.lock = threading.Lock()
        self.server = None

    # -- scripting -------------------------------------------------------------------------
    def answer(self, content, times=1, hang=0.0, finish_reason="stop"):
        with self.lock:
            self.script += [Scripted(200, content, hang=hang, finish_reason=finish_reason) for _ in range(times)]

    def fail_next(self, status, times=1, headers=None):
        with self.lock:
            self.script += [Scripted(status, headers=headers or {}) for _ in range(times)]

    def hang_next(self, seconds, content=None):
        self.answer(content if content is not None else NOTHING_FOUND, hang=seconds)

    def trickle_next(self, seconds, content=None):
        with self.lock:
            self.script.append(Scripted(200, content if content is not None else NOTHING_FOUND, trickle=seconds))

    def raw_next(self, status, body: bytes):
        with self.lock:
            self.script.append(Scripted(status, raw=body))

    @property
    def base_url(self):
        return f"{self.origin}/v1"

    # -- the wire format -------------------------------------------------------------------
    def handle(self, handler, method):
        if method != "POST":
            return self.reply(handler, 404, self.error_body(404))
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        with self.lock:
            self.requests.append(Received(handler.path, dict(handler.headers), body, time.time()))
        if self.delay:
            time.sleep(self.delay)
        if self.api_key is not None and handler.headers.get("Authorization") != f"Bearer {self.api_key}":
            return self.reply(handler, 401, self.error_body(401))
        if handler.path != "/v1/chat/completions":
            return self.reply(handler, 404, self.error_body(404, f"Unknown request URL: POST {handler.path}."))
        problem = self.invalid(body)
        if problem:  # refused before the script is consumed: the scripted answer waits for a valid request
            status = self.json_schema_status if problem[0] == "response_format" and "json_schema" in problem[1] else 400
            return self.reply(handler, status, self.error_body(status, problem[1], param=problem[0]))
        with self.lock:
            scripted = self.script.pop(0) if self.script else None
        if scripted is not None and scripted.hang:
            time.sleep(scripted.hang)
        if scripted is not None and scripted.raw is not None:
            return self.reply(handler, scripted.status, scripted.raw, scripted.headers)
        if scripted is not None and scripted.status != 200:
            return self.reply(handler, scripted.status, self.error_body(scripted.status), scripted.headers)
        content = scripted.content if scripted is not None else self.default(body)
        text = content if isinstance(content, str) else json.dumps(content)
        finish_reason = scripted.finish_reason if scripted else "stop"
        tokens = text.split(" ")
        if isinstance(body.get("max_tokens"), int) and len(tokens) > body["max_tokens"]:
            text, finish_reason = " ".join(tokens[: body["max_tokens"]]), "length"
        if self.seconds_per_token:
            time.sleep(self.seconds_per_token * len(text.split(" ")))
        completion = self.completion(body, text, finish_reason)
        return self.reply(handler, 200, completion, trickle=scripted.trickle if scripted else 0.0)

    def invalid(self, body):
        """(param, message) for a request the real API would refuse with 400."""
        if not isinstance(body, dict):
            return None, "We could not parse the JSON body of your request."
        if not isinstance(body.get("model"), str) or not body["model"]:
            return "model", "you must provide a model parameter"
        if self.model and body["model"] != self.model:
            return "model", f"The model `{body['model']}` does not exist."
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages or not all(
                isinstance(m, dict) and m.get("role") in ("system", "user", "assistant") and isinstance(m.get("content"), str)
                for m in messages):
            return "messages", "Invalid 'messages': expected an array of {role, content} objects."
        response_format = body.get("response_format")
        if response_format is not None:
            kind = response_format.get("type") if isinstance(response_format, dict) else None
            if kind not in ("text", "json_object", "json_schema"):
                return "response_format", "Invalid value for 'response_format.type'."
            if kind == "json_schema":
                if not self.json_schema_supported:
                    return "response_format", "response_format of type 'json_schema' is not supported by this model."
                spec = response_format.get("json_schema")
                if not isinstance(spec, dict) or not spec.get("name") or not isinstance(spec.get("schema"), dict):
                    return "response_format.json_schema", "Missing required parameter: 'response_format.json_schema'."
            if kind == "json_object" and not any("json" in m["content"].lower() for m in messages):
                return "messages", "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'."
        temperature = body.get("temperature", 1)
        if isinstance(temperature, bool) or not isinstance(temperature, (int, float)) or not 0 <= temperature <= 2:
            return "temperature", "Invalid 'temperature': expected a number between 0 and 2."
        return None

    def completion(self, body, content, finish_reason):
        text = content if isinstance(content, str) else json.dumps(content)
        prompt_tokens = sum(len(m["content"].split()) for m in body["messages"])
        completion_tokens = len(text.split())
        return {
            "id": "chatcmpl-" + uuid.uuid4().hex[:24], "object": "chat.completion", "created": int(time.time()),
            "model": body["model"], "system_fingerprint": "fp_fake",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text, "refusal": None},
                         "logprobs": None, "finish_reason": finish_reason}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens},
        }

    def error_body(self, status, message=None, param=None):
        kind, code, default = ERRORS.get(status, ("server_error" if status >= 500 else "invalid_request_error", None, "Error"))
        return {"error": {"message": message or default, "type": kind, "param": param, "code": code}}

    def reply(self, handler, status, body, headers=None, trickle=0.0):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        try:
            if not trickle:
                handler.wfile.write(data)
                return
            piece = -(-len(data) // 10)
            for start in range(0, len(data), piece):
                handler.wfile.write(data[start:start + piece])
                handler.wfile.flush()
                time.sleep(trickle / 10)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a timeout test)
