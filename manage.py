#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gender_plan.settings")
    from django.core.management import execute_from_command_line

    from gender_plan.secret_key import SERVING_COMMANDS, require_real_key

    if sys.argv[1:2] and sys.argv[1] in SERVING_COMMANDS:
        require_real_key()

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
