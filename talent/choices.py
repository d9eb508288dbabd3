"""The options of the 協力可能人材 form."""

from django.db import models


class WorkStyle(models.TextChoices):
    """希望する勤務形態: one boolean field per option, named by the value."""

    PERMANENT = "style_permanent", "常勤（任期なし）"
    FIXED_TERM = "style_fixed_term", "任期付職員"
    PART_TIME = "style_part_time", "非常勤"
    ON_REQUEST = "style_on_request", "相談に応じて"


class Situation(models.TextChoices):
    JOB_SEEKING = "job_seeking", "求職中"
    FREELANCE = "freelance", "フリーランス"
    EMPLOYED = "employed", "在職中（転職を検討）"
    OTHER = "other", "その他"


class OrganisationType(models.TextChoices):
    COMPANY = "company", "民間企業"
    LOCAL_GOVERNMENT = "local_government", "地方公共団体"
    NATIONAL_GOVERNMENT = "national_government", "国"
    OTHER = "other", "その他"


class Hint(models.TextChoices):
    """要件の見込み, as the prefecture list filters it."""

    EXPERIENCE = "experience", "要件①（実務経験5年以上）を満たす見込み"
    EXAM = "exam", "要件②（IPA高度試験の合格）を満たす見込み"
    EITHER = "either", "要件①または②を満たす見込み"
    NEITHER = "neither", "要件①②とも見込みなし"
