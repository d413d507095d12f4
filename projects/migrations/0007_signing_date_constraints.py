from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_first_signed_on_triggers")]

    operations = [
        migrations.AlterField(
            model_name="milestone",
            name="kind",
            field=models.CharField(
                choices=[
                    ("construction_started", "开工"),
                    ("launched", "启动"),
                    ("rolled_off", "下线"),
                    ("in_operation", "投产"),
                    ("other", "其他"),
                ],
                max_length=32,
                verbose_name="类型",
            ),
        ),
        migrations.AddConstraint(
            model_name="milestone",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "kind__in",
                        ["construction_started", "launched", "rolled_off", "in_operation", "other"],
                    )
                ),
                name="milestone_kind_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="signing",
            constraint=models.UniqueConstraint(
                condition=models.Q(("event__isnull", True)),
                fields=("project",),
                name="signing_unique_eventless_per_project",
                violation_error_message="该项目已有一条活动外签约：请修改那一条，或选择签约活动。",
            ),
        ),
    ]
