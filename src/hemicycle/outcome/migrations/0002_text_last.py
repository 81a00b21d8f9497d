"""The text moves to the end of the row (SQLite then reads the search's filters without it); it is
read again from the files at the next sync."""

from typing import Any

from django.db import migrations, models


def read_again(apps: Any, schema_editor: Any) -> None:
    apps.get_model("outcome", "Publication").objects.update(text_of="")


class Migration(migrations.Migration):
    dependencies = [("outcome", "0001_initial")]

    operations = [
        migrations.RemoveField(model_name="publication", name="text"),
        migrations.AddField(
            model_name="publication",
            name="text",
            field=models.TextField(blank=True, verbose_name="text"),
        ),
        migrations.RunPython(read_again, migrations.RunPython.noop),
    ]
