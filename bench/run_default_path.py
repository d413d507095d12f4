"""Import a file through django-import-export's default loop (bench/default_path.py).

    python bench/run_default_path.py projects 项目.csv

Prints the same summary line as `manage.py import_data`; exit 1 when any row has errors.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jlsite.settings.dev")

import django

django.setup()

from bench.default_path import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
