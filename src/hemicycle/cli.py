"""The `hemicycle` command: Django's management commands under the project's own name
(`hemicycle demo`, `hemicycle serve`, `hemicycle token USERNAME`, `hemicycle migrate`, …)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hemicycle.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["hemicycle", *sys.argv[1:]])


if __name__ == "__main__":
    main()
