#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Management commands and the task worker get the database timeouts of long work; the
    # development server serves web requests and gets theirs (config/settings.py).
    os.environ.setdefault("PORTAL_PROCESS", "web" if sys.argv[1:2] == ["runserver"] else "command")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
