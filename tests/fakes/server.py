"""The plumbing the local provider fakes share: a threaded HTTP server on 127.0.0.1 (a free
port) that hands every request to the fake's `handle(handler, method)`."""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LocalFake:
    server = None

    def handle(self, handler, method):
        raise NotImplementedError

    @property
    def origin(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else small keep-alive answers stall ~40 ms on delayed ACKs

            def log_message(self, *args):
                pass

            def do_POST(self):
                fake.handle(self, "POST")

            def do_GET(self):
                fake.handle(self, "GET")

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            # The listen() backlog (socketserver's default is 5): a burst of connections is never
            # dropped, which would cost the client a 1 s SYN retransmit (the benchmark's bursts).
            request_queue_size = 1024

            def handle_error(self, request, client_address):
                if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                    return  # the client gave up (a timeout, a killed worker): nothing to report
                super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", 0), Handler)
        # A short poll so stop() returns at once (the default 0.5 s adds up over a test run).
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    @staticmethod
    def reply(handler, status, body, headers=None):
        """A JSON answer (the shape every provider's API answers in)."""
        data = json.dumps(body).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
