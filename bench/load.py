"""The load generator, run as its own process: missed calls sent the way Twilio sends them in ring
mode, signed with twilio's RequestValidator over the public URL.

Each call is three webhooks, one after the other: POST /twilio/voice (the incoming call), POST
/twilio/voice/dial with DialCallStatus=no-answer (the dial result: the time to text starts when it
is sent), and POST /twilio/voice/status with CallStatus=completed (the call's final status). The
fake Twilio API posts each text's "sent" and "delivered" callbacks itself, so a missed call is
about five requests. A fresh HTTP connection per request (Connection: close), 30 s timeout, only
to 127.0.0.1.

    python bench/load.py SPEC.json OUT.json

SPEC: {"targets": [[port, public_url], ...], "account_sid", "auth_token",
       "calls": [[call_sid, caller, business number], ...], "mode": "steady" | "burst",
       "rate": calls per second (steady), "clients": threads}
With several targets (bench/run.py --groups), call i goes to targets[i % len(targets)], signed over
that target's public URL. steady: call i starts at t0 + i/rate (open loop: a slow server does not
slow the schedule, as long as a client thread is free; the lag is recorded). burst: every call is
handed to the pool of `clients` threads at once.

OUT: {"calls": [{call_sid, caller, due, started_at, dial_sent_at, answers: {webhook: [status, ms]},
       error}], "cpu_s", "max_rss_kb", "started_at", "finished_at"}
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


def sequence(account_sid, call_sid, caller, to):
    """(webhook, path, params) of one missed call, in the order Twilio sends them."""
    call = {
        "AccountSid": account_sid, "ApiVersion": "2010-04-01", "CallSid": call_sid, "CallStatus": "ringing",
        "Called": to, "Caller": caller, "Direction": "inbound", "From": caller, "To": to,
        "FromCity": "CHICAGO", "FromState": "IL", "FromZip": "60601", "FromCountry": "US",
    }
    return [
        ("voice", "/twilio/voice", call),
        ("dial", "/twilio/voice/dial", {**call, "CallStatus": "in-progress", "DialCallSid": "CA" + call_sid[2:][::-1],
                                        "DialCallStatus": "no-answer", "DialBridged": "false", "DialCallDuration": "0"}),
        ("status", "/twilio/voice/status", {**call, "CallStatus": "completed", "CallDuration": "27"}),
    ]


def prepared(spec):
    """(port, call_sid, caller, [(webhook, path, body, signature)]): computed before the clock starts."""
    validator = RequestValidator(spec["auth_token"])
    out, servers = [], spec["targets"]
    for i, (call_sid, caller, to) in enumerate(spec["calls"]):
        port, public_url = servers[i % len(servers)]
        requests = [(name, path, urlencode(params).encode(), validator.compute_signature(public_url + path, params))
                    for name, path, params in sequence(spec["account_sid"], call_sid, caller, to)]
        out.append((port, call_sid, caller, requests))
    return out


def post(port, path, body, signature):
    """(status or None, milliseconds, error)."""
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        conn.request("POST", path, body, {
            "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature,
            "Connection": "close", "User-Agent": "TwilioProxy/1.1",
        })
        response = conn.getresponse()
        response.read()
        return response.status, (time.perf_counter() - start) * 1000, ""
    except Exception as e:  # a timeout, a refused or reset connection: recorded, not retried
        return None, (time.perf_counter() - start) * 1000, f"{type(e).__name__}: {e}"
    finally:
        conn.close()


def one_call(call, due):
    port, call_sid, caller, requests = call
    record = {"call_sid": call_sid, "caller": caller, "due": due, "started_at": time.time(), "dial_sent_at": None,
              "answers": {}, "error": ""}
    for name, path, body, signature in requests:
        if name == "dial":
            record["dial_sent_at"] = time.time()
        status, ms, error = post(port, path, body, signature)
        record["answers"][name] = [status, ms]
        if status != 200:
            record["error"] = error or f"{name} answered {status}"
            break
    return record


def main():
    spec_path, out_path = sys.argv[1], sys.argv[2]
    with open(spec_path) as f:
        spec = json.load(f)
    calls = prepared(spec)
    with ThreadPoolExecutor(max_workers=spec["clients"], thread_name_prefix="client") as pool:
        if spec["mode"] == "burst":
            gate = threading.Event()  # every client starts together
            futures = [pool.submit(lambda call: gate.wait() and one_call(call, started_at), call) for call in calls]
            time.sleep(0.2)  # let the pool's threads start
            started_at = time.time()
            gate.set()
        else:
            t0, started_at = time.monotonic(), time.time()
            futures = []
            for i, call in enumerate(calls):
                delay = t0 + i / spec["rate"] - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
                futures.append(pool.submit(one_call, call, started_at + i / spec["rate"]))
        records = [f.result() for f in futures]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    with open(out_path, "w") as f:
        json.dump({"calls": records, "started_at": started_at, "finished_at": time.time(),
                   "cpu_s": usage.ru_utime + usage.ru_stime, "max_rss_kb": usage.ru_maxrss}, f)


if __name__ == "__main__":
    main()
