"""Who acts for 総務省 and who for a prefecture: the basis of every permission check here.

Both questions are answered by registry.prefecture_access.user_roles, so an account that holds
both roles is treated as neither here too.
"""

from registry.prefecture_access import (
    ROLE_CONFLICT_MESSAGE,
    refuse_role_conflict,
    user_prefecture,
    user_roles,
)

__all__ = ["ROLE_CONFLICT_MESSAGE", "is_mic", "refuse_role_conflict", "user_prefecture"]


def is_mic(user):
    """Whether the user acts for 総務省 (never for an account that is also a prefecture's staff)."""
    return user_roles(user).mic
