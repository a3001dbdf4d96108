"""The `textback` command: Django's manage.py with textback's settings preset."""

import atexit
import os
import shutil
import sys
import tempfile


def main(argv=None):
    argv = argv or sys.argv
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "textback.settings")
    if argv[1:2] == ["simulate"]:
        # Scripted conversations never touch the real database: a fresh one, thrown away after.
        scratch = tempfile.mkdtemp(prefix="textback-simulate-")
        atexit.register(shutil.rmtree, scratch, ignore_errors=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/simulate.sqlite3"
        os.environ.pop("DATABASE_URL_FILE", None)
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # reads textback/settings.py: every variable checked here
    except ImproperlyConfigured as e:
        # One line naming the variable, for every command, never a traceback.
        sys.exit(f"FAIL  settings: {e}" if argv[1:2] == ["check"] else f"textback: settings: {e}")
    if argv[1:2] == ["serve"]:
        metrics_in_processes(settings.DATA_DIR / "prometheus")
    execute_from_command_line(argv)


def metrics_in_processes(folder):
    """prometheus-client's multiprocess mode for `textback serve`: each gunicorn process keeps its
    metrics in files under FOLDER, which GET /metrics sums. prometheus_client picks its mode when
    it is first imported (Django's start-up checks import it, in the process gunicorn forks from),
    so this comes first. Emptied at start: files of a previous run's processes would count again."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)


if __name__ == "__main__":
    main()
