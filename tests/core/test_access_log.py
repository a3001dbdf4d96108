"""`textback serve`'s access log (gunicorn): no query strings (phone numbers ride in them), no
password-reset or sign-up tokens, no phone numbers, in the request line or the referrer."""

from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config

from textback.core.management.commands.serve import ACCESS_LOG_FORMAT, AccessLog


def access_line(path, query="", referer="-"):
    cfg = Config()
    cfg.set("access_log_format", ACCESS_LOG_FORMAT)
    logger = AccessLog(cfg)
    environ = {
        "REQUEST_METHOD": "GET", "RAW_URI": f"{path}?{query}" if query else path, "PATH_INFO": path,
        "QUERY_STRING": query, "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": referer, "HTTP_USER_AGENT": "Mozilla/5.0",
    }
    request = SimpleNamespace(headers=[("X-FORWARDED-FOR", "198.51.100.7")])
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    return cfg.access_log_format % logger.atoms_wrapper_class(logger.atoms(response, request, environ, timedelta(0)))


def test_it_logs_the_path_without_the_query_string_and_its_phone_numbers():
    line = access_line("/simulator/thread", "number=%2B13125550177&me=%2B13125550101")
    assert '"GET /simulator/thread HTTP/1.1" 200 512' in line
    assert "5550101" not in line and "5550177" not in line and "number=" not in line


def test_it_keeps_reset_and_sign_up_tokens_out():
    token = "cbx3zd-7d2f9c0e1b4a5d6e7f8091a2b3c4d5e6"
    for path in (f"/password-reset/MQ/{token}", f"/sign-up/MQ/{token}"):
        line = access_line(path, referer=f"https://textback.example.com{path}?x=1")
        assert token not in line and f"{path.rsplit('/', 1)[0]}/****" in line


def test_a_phone_number_in_a_path_is_masked():
    assert "+1312555****" in access_line("/b/1/search/+13125550101")


def test_with_json_logs_each_request_is_one_json_object_without_the_query_string(settings):
    import json
    import logging

    settings.LOG_FORMAT = "json"
    cfg = Config()
    logger = AccessLog(cfg)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/simulator/thread?number=%2B13125550177", "PATH_INFO": "/simulator/thread",
               "QUERY_STRING": "number=%2B13125550177", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1"}
    written = []
    handler = logging.Handler()
    handler.emit = lambda record: written.append(record.getMessage())
    logger.access_log.addHandler(handler)
    logger.access(SimpleNamespace(status="200 OK", sent=512, headers=[]), SimpleNamespace(headers=[]), environ,
                  timedelta(milliseconds=12))
    entry = json.loads(written[-1])
    assert entry | {"time": "-"} == {"time": "-", "level": "INFO", "logger": "gunicorn.access", "client": "127.0.0.1",
                                     "method": "GET", "path": "/simulator/thread", "status": "200", "bytes": 512, "ms": 12.0}
