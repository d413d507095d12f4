from django.db import migrations

EXAMPLES = ["一汽 中国第一汽车集团", "吉商大会 全球吉商大会"]


def add(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for words in EXAMPLES:
        Synonym.objects.get_or_create(words=words)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
