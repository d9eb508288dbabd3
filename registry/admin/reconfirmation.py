"""The yearly reconfirmation in the admin: 総務省 start a round and read its report."""

from django.contrib import admin

from portal.admin import ReconfirmationRoundAdmin as BaseRoundAdmin

from ..models import ReconfirmationRound
from ..reconfirmation import RECONFIRMATION


@admin.register(ReconfirmationRound)
class ReconfirmationRoundAdmin(BaseRoundAdmin):
    reconfirmation = RECONFIRMATION
    entries_word = "登録"
    scope = "取下げ・重複"
    lists = "公開一覧と都道府県の一覧"
