"""Notifications become in-app notices too: a short body, a link, when it was read; when it was mailed is its own
field (a notice of a person without an email address is never mailed). Every row so far was mailed when made."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def mailed_when_made(apps, schema_editor):
    Notification = apps.get_model("indicators", "Notification")
    Notification.objects.update(emailed_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0008_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("notification", "sent_at", "created_at"),
        migrations.AlterField("notification", "created_at", models.DateTimeField(verbose_name="lúc")),
        migrations.AddField(
            "notification",
            "emailed_at",
            models.DateTimeField(blank=True, null=True, verbose_name="gửi thư lúc"),
        ),
        migrations.RunPython(mailed_when_made, migrations.RunPython.noop),
        migrations.AddField(
            "notification", "body", models.CharField(blank=True, max_length=500, verbose_name="nội dung")
        ),
        migrations.AddField(
            "notification", "link", models.CharField(blank=True, max_length=300, verbose_name="đường dẫn")
        ),
        migrations.AddField(
            "notification",
            "read_at",
            models.DateTimeField(blank=True, null=True, verbose_name="đã đọc lúc"),
        ),
        migrations.AlterField(
            "notification", "subject", models.CharField(max_length=255, verbose_name="tiêu đề")
        ),
        migrations.AlterField(
            "notification",
            "recipient",
            models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notices",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterModelOptions(
            "notification",
            {"ordering": ["-created_at", "-pk"], "verbose_name": "thông báo", "verbose_name_plural": "thông báo"},
        ),
        migrations.AddIndex(
            "notification", models.Index(fields=["recipient", "read_at"], name="notice_unread")
        ),
    ]
