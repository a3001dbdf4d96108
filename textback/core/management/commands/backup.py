"""`textback backup --output FILE`: a consistent copy of a live SQLite database, taken with SQLite's
online backup API while the web server and workers keep writing (copying the file by hand can
catch it half-written, and misses what is still in the WAL). On PostgreSQL: use pg_dump."""

import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Copy the live SQLite database to FILE, consistently, while textback runs (PostgreSQL: use pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="the copy to write (must not exist yet)")

    def handle(self, *args, output, **options):
        if connection.vendor != "sqlite":
            name = connection.settings_dict["NAME"]
            raise CommandError(f"the database is PostgreSQL: back it up with pg_dump, e.g. pg_dump -Fc -f textback.dump {name} "
                               "(docs/operations.md)")
        target = Path(output)
        if target.exists():
            raise CommandError(f"{target} already exists: name a new file (a backup never overwrites one)")
        if not target.parent.is_dir():
            raise CommandError(f"{target.parent} is not a folder")
        source = sqlite3.connect(connection.settings_dict["NAME"], timeout=20)
        partial = target.with_name(target.name + ".partial")
        copy = sqlite3.connect(partial)
        try:
            # In one step: one read transaction, a snapshot that WAL lets writers go on past. (In
            # steps, every write by the web server or a worker would start the copy over.)
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            (integrity,) = copy.execute("PRAGMA integrity_check").fetchone()
        finally:
            copy.close()
            source.close()
        if integrity != "ok":
            partial.unlink()
            raise CommandError(f"the copy failed SQLite's integrity check ({integrity}); nothing was written")
        partial.rename(target)
        self.stdout.write(f"backed up {connection.settings_dict['NAME']} to {target} ({target.stat().st_size:,} bytes)")
