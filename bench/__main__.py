"""`python -m bench NAME [args]` runs bench/NAME.py's main(argv); with no NAME, lists them."""

import importlib
import os
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    names = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if not m.name.startswith("_") and m.name != "common"
    )
    # A module named after a Python keyword carries a trailing underscore (import_.py).
    if len(sys.argv) > 1 and f"{sys.argv[1]}_" in names:
        sys.argv[1] += "_"
    if len(sys.argv) < 2 or sys.argv[1] not in names:
        shown = [n.rstrip("_") for n in names]
        print("usage: ./dev bench NAME [options]   where NAME is one of: " + ", ".join(shown))
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SALVO_DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-key")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    import django

    django.setup()
    module = importlib.import_module(f"bench.{sys.argv[1]}")
    return module.main(sys.argv[2:]) or 0


if __name__ == "__main__":
    sys.exit(main())
