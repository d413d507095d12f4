import importlib

from django.db import migrations

# Titles holding the typed phrase are now ordered by recency alone (ranking.title_rank), so the
# title tier's first page is found among the newest titles holding it, and no older title can
# rank before them: the index of bracketed word pairs (migration 0008) has nothing left to find.
bracketed = importlib.import_module("search.migrations.0008_bracketed_title_terms")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0009_card_statements"),
    ]

    operations = [
        migrations.RunPython(bracketed.run(bracketed.BACKWARD), bracketed.run(bracketed.FORWARD))
    ]
