"""Who acts for 総務省 and who for a prefecture: the basis of every permission check here."""

from registry.prefecture_access import user_prefecture
from registry.roles import MIC_GROUP

__all__ = ["is_mic", "user_prefecture"]


def is_mic(user):
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=MIC_GROUP).exists()
