"""What every part of the site shares: the prefectures, who works for which, and the export log."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone


class Prefecture(models.Model):
    """One of the 47 prefectures, keyed by its JIS X 0401 code (reference data, see migrations)."""

    class Region(models.TextChoices):
        HOKKAIDO = "hokkaido", "北海道"
        TOHOKU = "tohoku", "東北"
        KANTO = "kanto", "関東"
        CHUBU = "chubu", "中部"
        KINKI = "kinki", "近畿"
        CHUGOKU = "chugoku", "中国"
        SHIKOKU = "shikoku", "四国"
        KYUSHU_OKINAWA = "kyushu_okinawa", "九州・沖縄"

    code = models.CharField("JISコード", max_length=2, primary_key=True)
    name = models.CharField("都道府県名", max_length=10, unique=True)
    name_kana = models.CharField("よみがな", max_length=20)
    name_en = models.CharField("英語名", max_length=20)
    region = models.CharField("地方", max_length=20, choices=Region.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = "都道府県"
        verbose_name_plural = "都道府県"

    def __str__(self):
        return self.name


def names_by_region(prefectures):
    """「関東：東京都、神奈川県」, one line per region in JIS order: a choice of many prefectures,
    readable at a glance. A region of one prefecture of its own name is just that name (北海道)."""
    regions = {}
    for prefecture in sorted(prefectures, key=lambda p: p.code):
        regions.setdefault(prefecture.get_region_display(), []).append(prefecture.name)
    return [
        names[0] if [region] == names else f"{region}：{'、'.join(names)}"
        for region, names in regions.items()
    ]


class PrefectureMembership(models.Model):
    """The prefecture a staff user works for; prefecture staff see only what concerns it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="ユーザー",
        on_delete=models.CASCADE,
        related_name="prefecture_membership",
    )
    prefecture = models.ForeignKey(
        Prefecture, verbose_name="所属する都道府県", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "都道府県の所属"
        verbose_name_plural = "都道府県の所属"

    def __str__(self):
        return f"{self.user} （{self.prefecture}）"


class ExportLog(models.Model):
    """Who took which personal data out, and when (every Excel download is recorded)."""

    # Each app names its own kinds (AppConfig.export_kinds); see export_kind_label below.
    kind = models.CharField("出力の種類", max_length=30)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="出力した人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    prefecture = models.ForeignKey(
        Prefecture,
        verbose_name="都道府県",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    exported_at = models.DateTimeField("出力日時", default=timezone.now)
    conditions = models.TextField("出力条件", blank=True)
    row_count = models.PositiveIntegerField("件数")
    file_name = models.CharField("ファイル名", max_length=200)

    class Meta:
        ordering = ["-exported_at", "-id"]
        verbose_name = "Excel出力の記録"
        verbose_name_plural = "Excel出力の記録"

    def __str__(self):
        return f"{self.exported_at:%Y-%m-%d %H:%M} {self.user} {self.file_name}"

    @property
    def kind_label(self):
        return export_kind_label(self.kind)


def export_kind_label(kind):
    """The Japanese name an app gives one of its export kinds (AppConfig.export_kinds)."""
    for config in apps.get_app_configs():
        label = getattr(config, "export_kinds", {}).get(kind)
        if label:
            return label
    return kind


class OutboxMail(models.Model):
    """A message stored before it is sent, so that a failing mail server never loses one.

    Each app keeps its own outbox (a subclass with a link to what the mail is about); sending is
    the same for all (portal.mail).
    """

    to = models.EmailField("宛先")
    subject = models.CharField("件名", max_length=255)
    body = models.TextField("本文")
    created_at = models.DateTimeField("作成日時", default=timezone.now)
    sent_at = models.DateTimeField("送信日時", null=True, blank=True)
    last_error = models.CharField("直近の送信エラー", max_length=500, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]
