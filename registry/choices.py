"""The options of the questions that offer choices (registry.questions says which is which).

Multi-choice questions are stored as one boolean per option so each answer is typed, filterable
on every database and covered by check constraints: each option's value is its field's name.
"""

from django.db import models


class Secondment(models.TextChoices):
    YES = "yes", "協力企業・団体として登録を希望する"
    NO = "no", "登録を希望しない"


class RetireeOutreach(models.TextChoices):
    POSSIBLE = "possible", "周知可能"
    DIFFICULT = "difficult", "周知は難しい"


class DispatchScope(models.TextChoices):
    NATIONWIDE = "dispatch_nationwide", "全国対応可能"
    UNDECIDED = "dispatch_undecided", "未定・都道府県からの相談に応じて検討"


class WorkStyle(models.TextChoices):
    FULL_TIME = "work_full_time", "常勤"
    PART_TIME = "work_part_time", "非常勤"
    ON_REQUEST = "work_on_request", "都道府県からの相談に応じて検討"


class WorkDays(models.TextChoices):
    WEEK_3_PLUS = "days_week_3_plus", "週3日以上"
    WEEK_1_2 = "days_week_1_2", "週1～2日程度"
    MONTH_2_3 = "days_month_2_3", "月2～3日程度"
    MONTH_1_OR_LESS = "days_month_1_or_less", "月1日以下"


class SecondmentPeriod(models.TextChoices):
    UNDER_1_YEAR = "period_under_1_year", "1年未満"
    ONE_TO_3_YEARS = "period_1_to_3_years", "1～3年"
    OVER_3_YEARS = "period_over_3_years", "3年以上"


class Scheme(models.TextChoices):
    CHIIKI_KIGYOJIN = "scheme_chiiki_kigyojin", "地域活性化起業人（総務省）"
    DIGITAL_SPECIALIST = (
        "scheme_digital_specialist",
        "地方創生人材支援制度 デジタル専門人材派遣（内閣官房・内閣府地方創生推進事務局）",
    )
    FURUSATO_NOZEI = "scheme_furusato_nozei", "企業版ふるさと納税（人材派遣型）"
    OTHER = "scheme_other", "その他（自由入力）"
