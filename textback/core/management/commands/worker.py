import logging
import os
import socket

from django.core.management.base import BaseCommand

from textback.core import checks
from textback.core.jobs import Worker


class Command(BaseCommand):
    help = "Run a background worker: sends texts and runs follow-ups. Run several, on several machines if you like."

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", default=f"{socket.gethostname()}-{os.getpid()}"[:64])

    def handle(self, *args, worker_id, **options):
        logging.getLogger("textback").setLevel(logging.INFO)
        for result in [] if options.get("skip_checks") else checks.at_start():
            self.stderr.write(f"warning: {result.name}: {result.detail}")
        worker = Worker(worker_id)
        # SIGTERM and SIGINT: finish the current job, then stop.
        worker.configure_signals()
        worker.run()
