"""What prefecture staff do with a need and its 打診, checked and recorded.

Needs: 下書き → 募集中 → 充足 / 終了 (a draft may also be closed). 打診 go only from an open need,
only to companies and people in the need's pool, once per recipient and need, and at most
settings.APPROACHES_PER_USER_PER_DAY a day per user. Outcomes: 連絡中 → 面談 → 任用決定 / 見送り
(見送り may be reopened). Everything here changes the history (django-simple-history).
"""

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.utils import timezone

from accelerators.models import Nomination
from portal.access import user_prefecture
from portal.mail_texts import mail_texts_held
from talent.hiring import HireError, specialist_mark_hired
from talent.models import Specialist

from . import criteria
from .choices import DeclineReason, Outcome, Response
from .mail import approach_mail_queue, outcome_mail_queue
from .models import Approach, Need
from .staff_events import reply_event_record

Status = Need.Status

NEED_MOVES = {
    Status.DRAFT: {Status.OPEN, Status.CLOSED},
    Status.OPEN: {Status.FILLED, Status.CLOSED},
    Status.FILLED: set(),
    Status.CLOSED: set(),
}
OUTCOME_MOVES = {
    Outcome.CONTACTING: {Outcome.INTERVIEW, Outcome.HIRED, Outcome.DECLINED},
    Outcome.INTERVIEW: {Outcome.HIRED, Outcome.DECLINED},
    Outcome.HIRED: set(),
    Outcome.DECLINED: {Outcome.CONTACTING},
}


# A new 打診's follow-up date, in days after sending; staff may set another within this range.
FOLLOW_UP_DAYS = 14
FOLLOW_UP_MAX_DAYS = 365


class MatchingError(Exception):
    """A move that is not allowed; the message is Japanese and shown to the user."""


def need_refusal(user: User, need: Need) -> str | None:
    """Why this user may not change this need (Japanese), or None: the one rule."""
    prefecture = user_prefecture(user)
    if prefecture is None or (need.prefecture_id and need.prefecture_id != prefecture.pk):
        return "募集を作成・変更できるのは、その都道府県の職員だけです。"
    return None


def need_save(*, form: "ModelForm[Need]", by: User) -> Need:
    """Create or change a need (its own prefecture's staff; 下書き and 募集中 only)."""
    need = form.instance
    with transaction.atomic():
        current = Need.objects.select_for_update().get(pk=need.pk) if need.pk else need
        refusal = need_refusal(by, current)
        if refusal:
            raise MatchingError(refusal)
        if need.pk and not current.is_editable:
            raise MatchingError("「充足」「終了」の募集は変更できません。")
        if not need.pk:
            prefecture = user_prefecture(by)
            assert prefecture is not None  # need_refusal refused anyone without one
            need.prefecture, need.created_by = prefecture, by
        need._change_reason = "募集を保存"  # type: ignore[attr-defined]  # django-simple-history's reason, in no stub
        return form.save()


def need_transition(*, need: Need, to: str, by: User) -> Need:
    with transaction.atomic():
        locked = Need.objects.select_for_update().get(pk=need.pk)
        refusal = need_refusal(by, locked)
        if refusal:
            raise MatchingError(refusal)
        if to not in NEED_MOVES[Status(locked.status)]:
            raise MatchingError(
                f"「{locked.get_status_display()}」の募集は「{Status(to).label}」にできません。"
            )
        locked.status = to
        if to == Status.OPEN:
            locked.opened_at = timezone.now()
        if to in (Status.FILLED, Status.CLOSED):
            locked.closed_at = timezone.now()
        locked._change_reason = f"状態を「{Status(to).label}」に変更"  # type: ignore[attr-defined]  # django-simple-history's reason, in no stub
        locked.save(update_fields=["status", "opened_at", "closed_at", "updated_at"])
    need.refresh_from_db()
    return need


def approaches_send(
    *,
    need: Need,
    by: User,
    registration_ids: Iterable[int] = (),
    specialist_ids: Iterable[int] = (),
) -> tuple[list[Approach], list[str]]:
    """Send 打診 to the chosen companies and people; returns (sent, skipped names).

    Every id is checked against the need's pools, which are what the prefecture may see: an id
    from outside (tampered, withdrawn, no longer reviewed) refuses the whole request.

    The need's status and the sender's daily count are checked under the locks that the sending
    holds until it commits: the need's row (need_transition takes the same one, so a need closed
    meanwhile sends nothing) and the sender's user row (two sends by one user, on any needs, take
    turns, so the second counts the first's 打診). The order is always need, then user.
    """
    # Any: one pool is of companies (Registration), the other of people (Specialist).
    chosen: list[tuple[str, Callable[[Need], QuerySet[Any]], set[int]]] = [
        ("registration", criteria.company_pool, set(registration_ids)),
        ("specialist", criteria.people_pool, set(specialist_ids)),
    ]
    wanted = sum(len(ids) for _, _, ids in chosen)
    sent: list[Approach] = []
    skipped: list[str] = []
    with transaction.atomic(), mail_texts_held():
        locked = Need.objects.select_for_update().select_related("prefecture").get(pk=need.pk)
        refusal = need_refusal(by, locked)
        if refusal:
            raise MatchingError(refusal)
        if locked.status != Status.OPEN:
            raise MatchingError("打診できるのは「募集中」の募集だけです。")
        if not wanted:
            raise MatchingError("打診する相手を選んでください。")
        # FOR NO KEY UPDATE (PostgreSQL): it serialises the senders without blocking the rows
        # that merely refer to the user (history, logs). SQLite ignores it and has no row locks:
        # of two sends at once, the one that read before the other wrote is refused by SQLite
        # ("database is locked", an error page) and sends nothing, so the limit still holds
        # there, only less politely (production runs on PostgreSQL).
        get_user_model().objects.select_for_update(no_key=True).filter(pk=by.pk).get()
        today = timezone.localdate()
        follow_up_on = today + timedelta(days=FOLLOW_UP_DAYS)
        sent_today = Approach.objects.filter(sent_by=by, sent_at__date=today).count()
        if sent_today + wanted > settings.APPROACHES_PER_USER_PER_DAY:
            raise MatchingError(
                f"打診は1人1日{settings.APPROACHES_PER_USER_PER_DAY}件までです（今日は{sent_today}件送っています）。"
                "明日以降に送ってください。"
            )
        for target, pool, ids in chosen:
            found = {row.pk: row for row in pool(locked).filter(pk__in=ids)}
            if len(found) != len(ids):
                raise MatchingError(
                    "選んだ相手に、この募集で打診できない相手が含まれています。"
                    "ページを読み込み直して、選び直してください。"
                )
            for recipient in found.values():
                try:
                    with transaction.atomic():
                        approach = Approach.objects.create(
                            need=locked,
                            sent_by=by,
                            follow_up_on=follow_up_on,
                            **{target: recipient},
                        )
                except IntegrityError:
                    skipped.append(getattr(recipient, "company_name", None) or recipient.name)
                    continue
                approach_mail_queue(approach=approach)
                sent.append(approach)
    return sent, skipped


def approach_reply_refusal(approach: Approach) -> str | None:
    """Why the recipient may not answer (any more), in Japanese, or None: the one rule that the
    reply page (shown before its form) and approach_answer (under the row lock) both apply.

    The answer may change while the outcome is 連絡中 (again, when staff reopen a 見送り); once
    面談, 任用決定 or 見送り is recorded, a late or stale reply must not undo it (nor move the
    funnel's 関心あり). A 今回は見送り reply records 見送り itself (「先方の辞退」, approach_answer).
    """
    if approach.recipient_closed:
        return "この登録は取り下げられているため、回答できません。"
    if approach.need.status not in (Status.OPEN, Status.FILLED):
        return "この募集は終了しました。回答の受付も終了しています。"
    if (
        approach.outcome == Outcome.DECLINED
        and approach.decline_reason == DeclineReason.DECLINED_BY_THEM
        and approach.response == Response.NOT_THIS_TIME
    ):
        return (
            "「今回は見送り」と回答いただいています。回答を変える場合は、"
            "下の応募・問合せ先へご連絡ください。"
        )
    if approach.outcome != Outcome.CONTACTING:
        return (
            f"{approach.need.office_display}は、このご相談の状況を"
            f"「{approach.get_outcome_display()}」と記録しています。そのため、回答は変更できません。"
            "ご連絡は下の応募・問合せ先へお願いします。"
        )
    return None


def approach_answer(*, approach: Approach, response: str, message: str = "") -> Approach:
    """The recipient's answer through the mail's link: 関心あり or 今回は見送り."""
    if response not in Response.values:
        raise MatchingError("「関心あり」か「今回は見送り」を選んでください。")
    with transaction.atomic():
        # Only the 打診 row is locked ("self"): the recipient joins are outer joins.
        locked = (
            Approach.objects.select_for_update(of=("self",))
            .select_related("need__prefecture", "registration", "specialist")
            .get(pk=approach.pk)
        )
        refusal = approach_reply_refusal(locked)
        if refusal:
            raise MatchingError(refusal)
        locked.response, locked.response_message = response, message.strip()
        locked.responded_at = timezone.now()
        if response == Response.NOT_THIS_TIME and locked.outcome == Outcome.CONTACTING:
            # Their own 見送り: recorded for staff, who may still change it (見送り → 連絡中).
            locked.outcome, locked.decline_reason = Outcome.DECLINED, DeclineReason.DECLINED_BY_THEM
        locked._change_reason = f"返答「{Response(response).label}」"  # type: ignore[attr-defined]  # django-simple-history's reason, in no stub
        locked.save()
        reply_event_record(approach=locked)
    approach.refresh_from_db()
    return approach


def follow_up_refusal(*, approach: Approach, on: date) -> str | None:
    """Why this follow-up date is not allowed (Japanese), or None: from the sending day to
    FOLLOW_UP_MAX_DAYS ahead. The form and approach_follow_up_set share it."""
    sent_on = timezone.localdate(approach.sent_at)
    if on < sent_on:
        return f"次の確認日は、打診を送った日（{sent_on:%Y/%m/%d}）以降の日にしてください。"
    latest = timezone.localdate() + timedelta(days=FOLLOW_UP_MAX_DAYS)
    if on > latest:
        return f"次の確認日は、1年後（{latest:%Y/%m/%d}）までの日にしてください。"
    return None


def approach_follow_up_set(*, approach: Approach, by: User, on: date) -> Approach:
    """Set when the prefecture looks at this 打診 again (its own staff only)."""
    with transaction.atomic():
        locked = Approach.objects.select_for_update().select_related("need").get(pk=approach.pk)
        refusal = need_refusal(by, locked.need) or follow_up_refusal(approach=locked, on=on)
        if refusal:
            raise MatchingError(refusal)
        locked.follow_up_on = on
        locked._change_reason = f"次の確認日を{on:%Y/%m/%d}に変更"  # type: ignore[attr-defined]  # django-simple-history's reason, in no stub
        locked.save(update_fields=["follow_up_on"])
    approach.refresh_from_db()
    return approach


def approach_reply_seen(*, approach: Approach, by: User) -> bool:
    """A member of the prefecture opened the 打診 page showing its reply: the reply is seen.
    総務省 and other prefectures' staff see it without marking it. Only the reply that was shown
    is marked (responded_at unchanged), so one that arrives meanwhile stays unseen. No history
    row: looking is not a change. Returns whether it was marked."""
    if not approach.reply_is_unseen or need_refusal(by, approach.need) is not None:
        return False
    return bool(
        Approach.objects.filter(pk=approach.pk, responded_at=approach.responded_at).update(
            reply_seen_at=timezone.now()
        )
    )


def approach_outcome_refusal(*, approach: Approach, by: User) -> str | None:
    """Why this user may record no outcome on this 打診 at all (Japanese), or None: the one
    rule the 打診 page (a stale or tampered post) and approach_outcome share."""
    refusal = need_refusal(by, approach.need)
    if refusal:
        return refusal
    if approach.recipient_closed:
        return "相手が登録を取り下げたため、進み具合は記録できません。"
    if not OUTCOME_MOVES[Outcome(approach.outcome)]:
        return f"この打診は「{approach.get_outcome_display()}」と記録済みのため、進み具合は変えられません。"
    return None


def approach_outcome(*, approach: Approach, by: User, outcome: str, decline_reason: str = "",
                     decline_note: str = "", seconded_count: int | None = None,
                     nominations: Iterable[Nomination] = ()) -> Approach:  # fmt: skip
    """Record how a 打診 went: 面談, 任用決定 (a person is marked 任用済) or 見送り; the company or
    person is told of 面談 and 任用決定 (matching.mail.outcome_mail_queue)."""
    with transaction.atomic():
        locked = Approach.objects.select_for_update().select_related("need").get(pk=approach.pk)
        refusal = approach_outcome_refusal(approach=locked, by=by)
        if refusal:
            raise MatchingError(refusal)
        if outcome not in OUTCOME_MOVES[Outcome(locked.outcome)]:
            raise MatchingError(
                f"「{locked.get_outcome_display()}」の打診は「{Outcome(outcome).label}」にできません。"
            )
        if outcome == Outcome.DECLINED and not decline_reason:
            raise MatchingError("見送りの理由を選んでください。")
        if outcome == Outcome.HIRED:
            _hired(locked, by=by, seconded_count=seconded_count, nominations=nominations)
        locked.outcome = outcome
        locked.decline_reason = decline_reason if outcome == Outcome.DECLINED else ""
        locked.decline_note = decline_note.strip() if outcome == Outcome.DECLINED else ""
        locked._change_reason = f"進み具合を「{Outcome(outcome).label}」に変更"  # type: ignore[attr-defined]  # django-simple-history's reason, in no stub
        locked.save()
        outcome_mail_queue(approach=locked, outcome=outcome)
    approach.refresh_from_db()
    return approach


def _hired(
    approach: Approach,
    *,
    by: User,
    seconded_count: int | None,
    nominations: Iterable[Nomination],
) -> None:
    approach.hired_at = timezone.now()
    specialist = approach.specialist if approach.specialist_id else None
    if specialist is not None:
        _person_hired(approach, specialist, by=by)
        return
    if not seconded_count or seconded_count < 1:
        raise MatchingError("企業・団体から出向を受ける人数を入力してください。")
    approach.seconded_count = seconded_count
    approach.nominations.set(nominations)


def _person_hired(approach: Approach, specialist: Specialist, *, by: User) -> None:
    """A person is 任用決定 once: in one 打診 of one need. The hire itself is recorded on the
    person (talent.hiring, which the talent page's hire also calls), so the funnel counts each
    person once. A hire already made from the talent page is the same hire: this 打診 records
    which need it filled. A second 任用決定 in another need is refused, checked while the person
    is locked, so two at once cannot both pass."""
    try:
        specialist_mark_hired(specialist=specialist, by=by)
    except HireError as error:
        raise MatchingError(str(error)) from error
    earlier = (
        Approach.objects.filter(specialist_id=specialist.pk, outcome=Outcome.HIRED)
        .exclude(pk=approach.pk)
        .select_related("need")
        .first()
    )
    if earlier is not None:
        raise MatchingError(
            f"この人材は募集「{earlier.need.title}」ですでに任用決定として記録されています。"
            "同じ人を2つの募集で任用決定にはできません。"
        )
