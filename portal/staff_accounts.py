"""Staff accounts: the invitation, the password reset mail, the addresses to complete, and their
erasure. Nobody but the person ever sees or types a staff password.

総務省 invites a name, an address and a role (総務省, or one prefecture); the person receives a
signed link (INVITATION_LINK, on the portal's link lifecycle, portal.links) that lives
settings.STAFF_INVITATION_DAYS days and opens once: it sets the password, makes the account with
its role, and goes on to the second factor's enrolment. A resend raises the invitation's
`link_version` (the older links stop working); accepting or withdrawing closes it for good.
"""

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from .links import PERSONAL_LINK_MASK, LinkError, PersonalLink, link_entry, link_url
from .mail import absolute_url
from .mail_texts import CONTACT_PLACEHOLDERS, MailKind, mail_text_queue
from .models import (
    Prefecture,
    PrefectureMembership,
    StaffAccountMail,
    StaffInvitation,
    StaffInvitationMail,
)
from .retention import RetentionPart, outbox_erase
from .roles import MIC_GROUP, PREFECTURE_GROUP

ASK_FOR_RESEND = "総務省の担当者に、招待メールの再送を依頼してください。"
ACCEPTED_MESSAGE = (
    "この招待はすでに受諾され、アカウントが作られています（招待のリンクは一度しか使えません）。"
    "ログインページから、ご自分で設定したパスワードでログインしてください。"
    "パスワードを忘れた場合は、ログインページの「パスワードを忘れた場合」から再設定できます。"
)
WITHDRAWN_MESSAGE = "この招待は総務省が取り消しました。" + (
    "必要な場合は、総務省の担当者に改めて招待を依頼してください。"
)
ADDRESS_TAKEN = "このメールアドレスのアカウントがすでにあります。"
ALREADY_INVITED = (
    "このメールアドレスには受諾待ちの招待があります。一覧の「再送」から送り直してください。"
)


class InvitationRefused(Exception):
    """What was asked cannot be done (the message says why, in Japanese); nothing changed."""


def _closed(invitation: StaffInvitation) -> LinkError | None:
    if invitation.accepted_at:
        return LinkError(ACCEPTED_MESSAGE)
    if invitation.withdrawn_at:
        return LinkError(WITHDRAWN_MESSAGE)
    return None


def invitation_days() -> int:
    return settings.STAFF_INVITATION_DAYS


# Only 総務省 sends one, so the person cannot ask for a new link: the page says whom to ask.
INVITATION_LINK = PersonalLink(
    salt="portal.staff-invitation",  # never to change: links already mailed would stop working
    lifetime_days=invitation_days,
    url_name="portal:invitation-accept",
    find=lambda pk: StaffInvitation.objects.select_related("prefecture").filter(pk=pk).first(),
    expired_message=lambda: (
        f"この招待のリンクは有効期限が切れています（有効期間は{invitation_days()}日です）。"
        + ASK_FOR_RESEND
    ),
    version_field="link_version",
    refusal=_closed,
    unknown_message="この招待は見つかりません。" + ASK_FOR_RESEND,
    replaced_message="このリンクは、招待メールを再送したため使えなくなりました。"
    "最新の招待メールのリンクを開いてください。",
    renewable=False,
    key="i",
)

# The mail texts 総務省 edits (portal.mail_texts), shipped by migration 0007.
INVITATION_KEY = "portal.staff_invitation"
PASSWORD_RESET_KEY = "portal.password_reset"


def _invitation_preview() -> dict[str, Any]:
    """The newest invitation, or a sample one (never saved) before there is any."""
    invitation = StaffInvitation.objects.select_related("prefecture").first()
    if invitation is None:
        invitation = StaffInvitation(name="招待　花子（例）", email="hanako@pref.example.lg.jp")
    return _invitation_values(invitation, accept_url=PERSONAL_LINK_MASK)


def _reset_preview() -> dict[str, Any]:
    sample = User(username="hanako@pref.example.lg.jp", last_name="再設定　花子（例）")
    return _reset_values(sample, reset_url=PERSONAL_LINK_MASK)


MAIL_TEXTS = (
    MailKind(
        key=INVITATION_KEY,
        label="職員の招待",
        variables=(
            ("name", "招待された人の氏名"),
            ("role", "役割（総務省の職員、〇〇県の職員）"),
            ("username", "ログインに使うユーザー名"),
            ("accept_url", "招待のリンク"),
            ("link_days", "リンクの有効日数"),
            ("login_url", "ログインページ"),
            *CONTACT_PLACEHOLDERS,
        ),
        preview=_invitation_preview,
        body_requires=(("accept_url", "招待のリンク"),),
        personal_links=("accept_url",),
    ),
    MailKind(
        key=PASSWORD_RESET_KEY,
        label="職員のパスワードの再設定",
        variables=(
            ("name", "職員の氏名"),
            ("username", "ユーザー名"),
            ("reset_url", "再設定のリンク"),
            ("link_hours", "リンクの有効時間"),
            *CONTACT_PLACEHOLDERS,
        ),
        preview=_reset_preview,
        body_requires=(("reset_url", "再設定のリンク"),),
        personal_links=("reset_url",),
    ),
)


def _invitation_values(invitation: StaffInvitation, *, accept_url: str) -> dict[str, Any]:
    return {
        "name": invitation.name,
        "role": invitation.role_label,
        "username": invitation.email,
        "accept_url": accept_url,
        "link_days": invitation_days(),
        "login_url": absolute_url(reverse("portal:login")),
        "contact": settings.CONTACT,
    }


def _reset_values(user: User, *, reset_url: str) -> dict[str, Any]:
    return {
        "name": user.get_full_name() or user.get_username(),
        "username": user.get_username(),
        "reset_url": reset_url,
        "link_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "contact": settings.CONTACT,
    }


def _address_taken(email: str) -> bool:
    return User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists()


def _invitation_mail_queue(invitation: StaffInvitation) -> StaffInvitationMail:
    mail = mail_text_queue(
        model=StaffInvitationMail,
        key=INVITATION_KEY,
        to=invitation.email,
        context=_invitation_values(invitation, accept_url=link_url(INVITATION_LINK, invitation)),
        invitation=invitation,
    )
    assert isinstance(mail, StaffInvitationMail)
    return mail


def invitation_create(
    *, name: str, email: str, prefecture: Prefecture | None, by: User
) -> StaffInvitation:
    """Invite a person (the mail goes once the transaction commits); InvitationRefused when the
    address already has an account or an open invitation."""
    if _address_taken(email):
        raise InvitationRefused(ADDRESS_TAKEN)
    try:
        with transaction.atomic():
            invitation = StaffInvitation.objects.create(
                name=name, email=email, prefecture=prefecture, invited_by=by
            )
            _invitation_mail_queue(invitation)
    except IntegrityError:
        # Two 総務省 staff inviting the same address at once: the unique constraint decides.
        raise InvitationRefused(ALREADY_INVITED) from None
    return invitation


def _open_locked(pk: Any) -> StaffInvitation:
    invitation = (
        # No join: PostgreSQL cannot lock the nullable side of one (the 総務省 role's prefecture).
        StaffInvitation.objects.select_for_update().open().filter(pk=pk)
    ).first()
    if invitation is None:
        raise InvitationRefused(
            "この招待は、すでに受諾されたか取り消されています。一覧を開き直してください。"
        )
    return invitation


def invitation_resend(*, pk: Any) -> StaffInvitation:
    """A new link by mail; every link sent before stops working (and a new lifetime starts)."""
    with transaction.atomic():
        invitation = _open_locked(pk)
        invitation.link_version += 1
        invitation.sent_at = timezone.now()
        invitation.sent_count += 1
        invitation.save(update_fields=["link_version", "sent_at", "sent_count"])
        _invitation_mail_queue(invitation)
    return invitation


def invitation_withdraw(*, pk: Any, by: User) -> StaffInvitation:
    """Close an open invitation: its links stop working, and no account is made."""
    with transaction.atomic():
        invitation = _open_locked(pk)
        invitation.withdrawn_at = timezone.now()
        invitation.withdrawn_by = by
        invitation.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return invitation


def invitation_from_token(token: str) -> StaffInvitation:
    """The open invitation a link opens; LinkError (or LinkExpired) says why it cannot."""
    invitation: StaffInvitation = link_entry(INVITATION_LINK, token)
    return invitation


def invitation_accept(*, token: str, password: str) -> User:
    """Make the invited person's account with the password they chose and the role 総務省 gave;
    the link is used up. LinkError when the link no longer opens the invitation (checked again
    under a lock: two tabs, or a resend meanwhile)."""
    with transaction.atomic():
        found = invitation_from_token(token)
        invitation = StaffInvitation.objects.select_for_update().get(pk=found.pk)
        if invitation.link_version != found.link_version or _closed(invitation):
            invitation_from_token(token)  # raises the reason, now that the row is settled
        if _address_taken(invitation.email):
            raise LinkError(
                ADDRESS_TAKEN + "ログインページからログインしてください。", renewable=False
            )
        user = User.objects.create_user(
            invitation.email,
            email=invitation.email,
            password=password,
            last_name=invitation.name,
        )
        if invitation.prefecture_id:
            user.groups.set(Group.objects.filter(name=PREFECTURE_GROUP))
            PrefectureMembership.objects.create(user=user, prefecture_id=invitation.prefecture_id)
        else:
            # 総務省 staff work in the admin too (its is_staff flag), as the accounts made there do.
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            user.groups.set(Group.objects.filter(name=MIC_GROUP))
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
    return user


def invitations_listed() -> QuerySet[StaffInvitation]:
    """What 総務省's invitation page lists: open invitations first, then the last 30 days'."""
    since = timezone.now() - timedelta(days=30)
    return (
        StaffInvitation.objects.select_related("prefecture", "invited_by", "user")
        .filter(
            Q(accepted_at__isnull=True, withdrawn_at__isnull=True)
            | Q(accepted_at__gte=since)
            | Q(withdrawn_at__gte=since)
        )
        .order_by("accepted_at", "withdrawn_at", "-sent_at", "-id")
    )


NOT_LISTED = (
    "この職員は一覧にありません（すでにメールアドレスが登録されたか、職員ではありません）。"
)


def staff_without_address(*, by: User) -> QuerySet[User]:
    """Active staff accounts (総務省 or a prefecture's) that have no e-mail address: they could
    not reset a forgotten password, nor receive any staff mail. Superusers are listed only to
    superusers, as in the user admin: an address given to an account is where its password
    can be reset, so 総務省 staff must not choose one for an account above their own."""
    users = (
        User.objects.filter(is_active=True, email="")
        .filter(
            Q(is_superuser=True)
            | Q(groups__name=MIC_GROUP)
            | Q(prefecture_membership__isnull=False)
        )
        .distinct()
        .select_related("prefecture_membership__prefecture")
        .order_by("username")
    )
    return users if by.is_superuser else users.filter(is_superuser=False)


def staff_address_set(*, user_pk: Any, email: str, by: User) -> User:
    """Give a staff account without an address its address (never changes one already set)."""
    with transaction.atomic():
        # The row is locked first (two 総務省 staff completing the same account), then checked
        # against the list's own selector (DISTINCT cannot be locked).
        user = User.objects.select_for_update().filter(pk=user_pk).first()
        if user is None or not staff_without_address(by=by).filter(pk=user.pk).exists():
            raise InvitationRefused(NOT_LISTED)
        # The same rule as an invitation's: another account's address or user name, or an
        # open invitation's address (whose link would then fail when accepted).
        others = User.objects.exclude(pk=user.pk)
        if others.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
            raise InvitationRefused("このメールアドレスは別のアカウントで使われています。")
        if StaffInvitation.objects.open().filter(email__iexact=email).exists():
            raise InvitationRefused(
                "このメールアドレスには受諾待ちの招待があります。別のアドレスを入力してください。"
            )
        user.email = email
        user.save(update_fields=["email"])
    return user


def password_reset_queue(*, user: User, reset_path: str) -> StaffAccountMail:
    """The reset mail for `user`, stored and left for the view to deliver after its response
    (portal.mail.DeliverAfterResponse): the answer takes as long for an unknown address."""
    mail = mail_text_queue(
        model=StaffAccountMail,
        key=PASSWORD_RESET_KEY,
        to=user.email,
        context=_reset_values(user, reset_url=absolute_url(reset_path)),
        deliver=False,
        user=user,
    )
    assert isinstance(mail, StaffAccountMail)
    return mail


RETENTION_LABEL = "職員の招待"


def invitations_retention_apply(*, now: datetime | None = None) -> RetentionPart:
    """The staff invitations' part of the daily erasure (AppConfig.retention), after
    settings.MAIL_RETENTION_DAYS: an invitation never accepted (withdrawn, or last sent that
    long ago) goes with its mails; an accepted one keeps its record (who invited whom, when),
    its mails blanked (portal.retention.outbox_erase)."""
    now = now or timezone.now()
    days = settings.MAIL_RETENTION_DAYS
    before = now - timedelta(days=days)
    with transaction.atomic():
        unaccepted = StaffInvitation.objects.filter(accepted_at__isnull=True).filter(
            Q(withdrawn_at__lt=before) | Q(withdrawn_at__isnull=True, sent_at__lt=before)
        )
        # An accepted one whose account is gone keeps nothing worth a name and an address.
        orphaned = StaffInvitation.objects.filter(accepted_at__lt=before, user__isnull=True)
        gone = StaffInvitation.objects.filter(Q(pk__in=unaccepted) | Q(pk__in=orphaned))
        deleted = gone.count()
        mails_deleted = StaffInvitationMail.objects.filter(invitation__in=gone).delete()[0]
        gone.delete()
        blanked = outbox_erase(
            mails=StaffInvitationMail.objects.filter(invitation__accepted_at__lt=before)
        ) + outbox_erase(mails=StaffAccountMail.objects.filter(created_at__lt=before))
    return RetentionPart(
        label=RETENTION_LABEL,
        rule=f"受諾されなかった招待は最後の送信・取消から{days}日（受諾された招待はアカウントの削除後）、"
        f"メールは{days}日",
        entries=deleted,
        erased="氏名、メールアドレス、招待とパスワード再設定のメール",
        counts={"削除したメール": mails_deleted, "消去したメール": blanked},
    )
