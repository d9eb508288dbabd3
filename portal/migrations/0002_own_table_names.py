"""The moved models' tables take portal's names, now that nothing in `registry` owns them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("registry", "0008_shared_models_move_to_portal"),
    ]

    operations = [
        migrations.AlterModelTable(name="prefecture", table=None),
        migrations.AlterModelTable(name="prefecturemembership", table=None),
        migrations.AlterModelTable(name="exportlog", table=None),
    ]
