"""The load generator, run as its own process: fires missed calls at a webhook server the way
Twilio does, signed with twilio's RequestValidator over the public URL.

Each call is POST /twilio/voice then, at once, POST /twilio/voice/dial with
DialCallStatus=no-answer, with its own CallSid and caller number. A fresh HTTP connection per
request (Connection: close), 30 s timeout, only to 127.0.0.1.

    python bench/load.py SPEC.json OUT.json

SPEC: {"targets": [[port, public_url], ...], "account_sid", "auth_token",
       "calls": [[call_sid, caller, business number], ...],
       "mode": "steady" | "burst" | "voice", "rate": calls per second (steady, voice), "clients": threads}
With several targets (bench/run.py --groups), call i goes to targets[i % len(targets)], signed over
that target's public URL. "voice": only POST /twilio/voice at the rate (a webhook-only load, no
missed call, no text), timed as the voice webhook.
steady: call i starts at t0 + i/rate (open loop: a slow server does not slow the schedule, as
long as a client thread is free; the lag is recorded). burst: every call is handed to the pool
of `clients` threads at once.

OUT: {"calls": [{call_sid, caller, due, voice_status, voice_ms, dial_sent_at, dial_status,
       dial_ms, error}], "cpu_s", "max_rss_kb", "started_at", "finished_at"}
"""

import http.client
import json
import resource
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

TIMEOUT = 30.0


def voice_params(spec, call_sid, caller, to=None):
    to = to or spec["to"]
    return {
        "AccountSid": spec["account_sid"], "ApiVersion": "2010-04-01", "CallSid": call_sid, "CallStatus": "ringing",
        "Called": to, "Caller": caller, "Direction": "inbound", "From": caller, "To": to,
        "FromCity": "CHICAGO", "FromState": "IL", "FromZip": "60601", "FromCountry": "US",
    }


def dial_params(spec, call_sid, caller, to=None):
    return {**voice_params(spec, call_sid, caller, to), "CallStatus": "in-progress", "DialCallSid": "CA" + call_sid[2:][::-1],
            "DialCallStatus": "no-answer", "DialBridged": "false", "DialCallDuration": "0"}


def targets(spec):
    return spec.get("targets") or [[spec["port"], spec["public_url"]]]


def prepared(spec):
    """(port, call_sid, caller, requests): bodies and signatures, computed before the clock starts."""
    validator = RequestValidator(spec["auth_token"])
    out, servers = [], targets(spec)
    for i, (call_sid, caller, to) in enumerate(spec["calls"]):
        port, public_url = servers[i % len(servers)]
        requests = []
        for path, params in (("/twilio/voice", voice_params(spec, call_sid, caller, to)),
                             ("/twilio/voice/dial", dial_params(spec, call_sid, caller, to))):
            signature = validator.compute_signature(public_url + path, params)
            requests.append((path, urlencode(params).encode(), signature))
        if spec["mode"] == "voice":
            requests = requests[:1]
        out.append((port, call_sid, caller, requests))
    return out


def post(port, path, body, signature):
    """(status or None, wall-clock send time, milliseconds, error)."""
    sent_at, start = time.time(), time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        conn.request("POST", path, body, {
            "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature,
            "Connection": "close", "User-Agent": "TwilioProxy/1.1",
        })
        response = conn.getresponse()
        response.read()
        return response.status, sent_at, (time.perf_counter() - start) * 1000, ""
    except Exception as e:  # a timeout, a refused or reset connection: recorded, not retried
        return None, sent_at, (time.perf_counter() - start) * 1000, f"{type(e).__name__}: {e}"
    finally:
        conn.close()


def one_call(call, due):
    port, call_sid, caller, requests = call
    record = {"call_sid": call_sid, "caller": caller, "port": port, "due": due, "started_at": time.time(),
              "voice_status": None, "voice_ms": None, "dial_status": None, "dial_sent_at": None, "dial_ms": None,
              "error": ""}
    voice_path, voice_body, voice_sig = requests[0]
    status, _, ms, error = post(port, voice_path, voice_body, voice_sig)
    record.update(voice_status=status, voice_ms=ms, error=error)
    if status != 200 or len(requests) == 1:
        return record
    dial_path, dial_body, dial_sig = requests[1]
    status, sent_at, ms, error = post(port, dial_path, dial_body, dial_sig)
    record.update(dial_status=status, dial_sent_at=sent_at, dial_ms=ms, error=error)
    return record


def main():
    spec_path, out_path = sys.argv[1], sys.argv[2]
    with open(spec_path) as f:
        spec = json.load(f)
    calls = prepared(spec)
    futures = []
    started_at = time.time()
    with ThreadPoolExecutor(max_workers=spec["clients"], thread_name_prefix="client") as pool:
        if spec["mode"] == "burst":
            gate = threading.Event()  # every client starts together

            def gated(call):
                gate.wait()
                return one_call(call, started_at)

            futures = [pool.submit(gated, call) for call in calls]
            time.sleep(0.2)  # let the pool's threads start
            started_at = time.time()
            gate.set()
        else:
            t0 = time.monotonic()
            wall0 = time.time()
            for i, call in enumerate(calls):
                delay = t0 + i / spec["rate"] - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                futures.append(pool.submit(one_call, call, wall0 + i / spec["rate"]))
        records = [f.result() for f in futures]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(out_path, "w") as f:
        json.dump({
            "calls": records, "started_at": started_at, "finished_at": time.time(),
            "cpu_s": usage.ru_utime + usage.ru_stime, "max_rss_kb": usage.ru_maxrss,
        }, f)


if __name__ == "__main__":
    main()
