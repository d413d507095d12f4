"""Import a file as `manage.py import_data` does, with the history (django-reversion) off.

    python bench/run_without_history.py projects 项目.csv

The workflow app records every import as one revision (`workflow.history.record_import`,
connected to `records_imported`); this disconnects it, so bench/import_speed.py can time what
the history costs.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jlsite.settings.dev")

import django

django.setup()

from django.core.management import call_command  # noqa: E402

from spreadsheets.signals import records_imported  # noqa: E402

if __name__ == "__main__":
    records_imported.disconnect(dispatch_uid="workflow.history")
    call_command("import_data", sys.argv[1], sys.argv[2], "--publish")
