"""The options of a need (募集) and of a 打診 and its outcome."""

from django.db import models


class NeedWorkStyle(models.TextChoices):
    """勤務形態 a need offers: one boolean field per option, named by the value."""

    PERMANENT = "wants_permanent", "常勤（任期なし）"
    FIXED_TERM = "wants_fixed_term", "任期付職員"
    PART_TIME = "wants_part_time", "非常勤"


class NeedPeriod(models.TextChoices):
    """期間, in the same steps as the companies' 出向が可能な期間."""

    UNDER_1_YEAR = "under_1_year", "1年未満"
    ONE_TO_3_YEARS = "1_to_3_years", "1～3年"
    OVER_3_YEARS = "over_3_years", "3年以上"


class Response(models.TextChoices):
    INTERESTED = "interested", "関心あり"
    NOT_THIS_TIME = "not_this_time", "今回は見送り"


class Outcome(models.TextChoices):
    CONTACTING = "contacting", "連絡中"
    INTERVIEW = "interview", "面談"
    HIRED = "hired", "任用決定"
    DECLINED = "declined", "見送り"


class DeclineReason(models.TextChoices):
    CONDITIONS = "conditions", "条件（勤務形態・期間・時期）が合わない"
    DECLINED_BY_THEM = "declined_by_them", "先方の辞退"
    OTHER_CANDIDATE = "other_candidate", "他の候補者に決定"
    NO_CONTACT = "no_contact", "連絡がつかない"
    OTHER = "other", "その他"
