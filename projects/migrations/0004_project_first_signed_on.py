import django.db.models.deletion
from django.db import migrations, models

import projects.models.projects


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_import_export_permissions_from_registry"),
        ("projects", "0003_import_export_permissions_from_registry"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="first_signed_on",
            field=models.DateField(
                editable=False,
                help_text="由签约记录自动得出：活动外签约和已发布活动上的签约中最早的日期。",
                null=True,
                verbose_name="签约日期",
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=projects.models.projects.SortIndex(
                models.OrderBy(models.F("first_signed_on"), descending=True, nulls_last=True),
                models.F("id"),
                name="project_signed_desc_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=projects.models.projects.SortIndex(
                models.OrderBy(models.F("first_signed_on"), nulls_last=True),
                models.F("id"),
                name="project_signed_asc_idx",
            ),
        ),
        migrations.AlterField(
            model_name="milestone",
            name="description",
            field=models.CharField(
                blank=True,
                help_text="如“全面开工”；只有类型可说时留空。",
                max_length=300,
                verbose_name="进展说明",
            ),
        ),
        migrations.AlterField(
            model_name="signing",
            name="event",
            field=models.ForeignKey(
                blank=True,
                help_text="不在活动上签约时留空；每个项目至多一条活动外签约。",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="signings",
                to="projects.event",
                verbose_name="签约活动",
            ),
        ),
    ]
