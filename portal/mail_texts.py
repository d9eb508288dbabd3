"""The wording of every mail, for every app: one MailText row per kind of mail, edited by 総務省
in the admin (portal.admin.mail_texts), shipped by data migrations (shipped_texts_load).

An app declares its texts as a tuple of MailKind, named by `mail_texts` on its AppConfig (as it
names its reconfirmation), and renders them with mail_text_render. Texts are Django templates
rendered as plain text (nothing escaped): a mail is not HTML, and `&` must stay `&`.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, cast

from django.db import migrations
from django.template import Context, Template, TemplateSyntaxError
from django.template.base import FilterExpression, Node, NodeList, TextNode, Variable, VariableNode
from django.template.defaultfilters import register as builtin_filters
from django.template.defaulttags import CommentNode, ForNode, IfNode, TemplateLiteral
from django.utils import timezone

from .hooks import app_hooks
from .links import PERSONAL_LINK_MASK, personal_link_misuse
from .mail import mail_body
from .models import MailText, OutboxMail
from .tasks import mail_enqueue

# (placeholder, what it is): "件名に受付番号（{{ registration.receipt_number }}）を入れてください。"
Required = tuple[tuple[str, str], ...]
# The placeholders a text may use: each a path ("registration.company_name"), or (path, what it
# is) where the name does not say it. A loop over a path binds its variable to that path: under
# {% for row in rows %}, {{ row.question }} is the path "rows.question".
Placeholders = tuple[str | tuple[str, str], ...]
# The signed links of a self-registered entry's mails (registry, talent), and what a mail that
# hands one over must hold.
ENTRY_PERSONAL_LINKS = ("edit_url", "reconfirm_url")
EDIT_LINK_REQUIRED: Required = (("edit_url", "変更用リンク"),)
RECONFIRM_LINK_REQUIRED: Required = (("reconfirm_url", "確認用リンク"),)


@dataclass(frozen=True)
class MailKind:
    """One kind of mail an app sends, as 総務省 sees it in the admin."""

    key: str  # "<app>.<kind>", the MailText's key
    label: str  # shown in the admin list
    # The only placeholders the text may use (mail_text_problems), shown beside it in the admin.
    # A text 総務省 writes must not reach further into the database than the shipped texts do
    # (a password hash, another person's data are one attribute away from an entry).
    variables: Placeholders
    # The context of a preview in the admin (the newest entry, personal links masked), or None
    # when there is nothing to show it with yet.
    preview: Callable[[], Mapping[str, Any] | None]
    # Placeholders a text may not lose: mail is filed and searched by receipt number (LGWAN
    # systems show only the subject), and a mail sent to hand over a link must hold it.
    subject_requires: Required = ()
    body_requires: Required = ()
    # Signed links the text may hold: written whole, never reshaped (personal_link_misuse).
    personal_links: tuple[str, ...] = ()


# What a self-registered entry's mail that hands over a link must hold, by the name of its kind
# (the apps' mail Kind choices share these names; their values may differ).
ENTRY_LINKS_REQUIRED: dict[str, Required] = {
    "RECEIPT": EDIT_LINK_REQUIRED,
    "RETURNED": EDIT_LINK_REQUIRED,
    "EDIT_LINK": EDIT_LINK_REQUIRED,
    "RECONFIRMATION": RECONFIRM_LINK_REQUIRED,
    "RECONFIRMATION_REMINDER": RECONFIRM_LINK_REQUIRED,
}


def entry_mail_kinds(
    *,
    app: str,
    label: str,
    kinds: Iterable[Any],
    variables: Placeholders,
    preview: Callable[[], Mapping[str, Any] | None],
    receipt_number: str,
) -> tuple[MailKind, ...]:
    """The MailKind of each of a self-registered entry's mails (`kinds`: members of the app's
    mail Kind choices): the receipt number (`receipt_number`, the placeholder that prints it) in
    every subject, the link in every mail that hands one over, and the entry's links written whole."""
    return tuple(
        MailKind(
            key=f"{app}.{kind.value}",
            label=f"{label}：{kind.label}",
            variables=variables,
            preview=preview,
            subject_requires=((receipt_number, "受付番号"),),
            body_requires=ENTRY_LINKS_REQUIRED.get(kind.name, ()),
            personal_links=ENTRY_PERSONAL_LINKS,
        )
        for kind in kinds
    )


# What every self-registered entry's mail may use beside the entry itself (registry.mail_values,
# talent.mail_values, entry_preview_values, portal.reconfirmation).
CONTACT_PLACEHOLDERS: Placeholders = (
    ("contact.office", "お問い合わせ先の部署"),
    ("contact.email", "お問い合わせ先のメールアドレス"),
    ("contact.phone", "お問い合わせ先の電話番号"),
    ("contact.hours", "お問い合わせ先の受付時間"),
)
ENTRY_PLACEHOLDERS: Placeholders = (
    ("edit_url", "変更用リンク"),
    ("request_url", "変更用リンクの請求ページ"),
    ("link_days", "リンクの有効日数"),
    *CONTACT_PLACEHOLDERS,
    ("message", "差戻しの連絡事項"),
    ("rows", "受付・年次確認：回答の一覧（{% for row in rows %}…{% endfor %}）"),
    ("rows.number", "一覧の各行 row の問番号"),
    ("rows.question", "一覧の各行 row の問"),
    ("rows.lines", "一覧の各行 row の回答（{% for line in row.lines %}{{ line }}{% endfor %}）"),
    ("changed", "変更用リンク：変更後か"),
    ("reconfirm_url", "年次確認の確認用リンク"),
    ("deadline", "年次確認の回答期限"),
)


def entry_preview_values(*, rows: Any) -> dict[str, Any]:
    """What the preview of an entry's mail shows for the values of the moment: the entry's
    answers, a sample returned message, and masks for its links (staff read the preview)."""
    return {
        "rows": rows,
        "message": "（差戻しの連絡事項がここに入ります）",
        "changed": True,
        **dict.fromkeys(ENTRY_PERSONAL_LINKS, PERSONAL_LINK_MASK),
        "deadline": timezone.now(),
    }


@cache
def mail_kinds() -> dict[str, MailKind]:
    """Every installed app's mail texts, by key."""
    kinds: dict[str, MailKind] = {}
    for _, declared in app_hooks("mail_texts"):
        kinds.update((kind.key, kind) for kind in declared)
    return kinds


def mail_template_render(*, subject: str, body: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """(subject, body) of a text as sent: the subject on one line, the body through mail_body."""
    values = Context(dict(context), autoescape=False)
    return (
        " ".join(_compiled(subject).render(values).split()),
        mail_body(_compiled(body).render(values)),
    )


@lru_cache(maxsize=256)
def _compiled(source: str) -> Template:
    """A mail text's template, compiled once per process for its wording. The text itself is
    the key, so a text edited in the admin is simply another key: nothing can be stale. (The
    texts are 総務省's wording with placeholders, never what a person wrote.)"""
    return Template(source)


# The texts read so far inside mail_texts_held(), by key; None outside it.
_held: ContextVar[dict[str, MailText] | None] = ContextVar("mail_texts_held", default=None)


@contextmanager
def mail_texts_held() -> Iterator[None]:
    """Within it, each text is read once: a batch of mails (a reconfirmation round, 打診 to
    many) costs one query per kind of mail, not one per mail."""
    token = _held.set({})
    try:
        yield
    finally:
        _held.reset(token)


def mail_text_render(*, key: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """(subject, body) of the mail text `key` as 総務省 last saved it, rendered with `context`."""
    held = _held.get()
    text = held.get(key) if held is not None else None
    if text is None:
        text = MailText.objects.get(key=key)
        if held is not None:
            held[key] = text
    return mail_template_render(subject=text.subject, body=text.body, context=context)


def mail_text_queue(
    *,
    model: type[OutboxMail],
    key: str,
    to: str,
    context: Mapping[str, Any],
    deliver: bool = True,
    **owner: Any,
) -> OutboxMail:
    """Render the text `key`, store the message in the app's outbox `model` (`owner`: the row's
    own fields, such as its entry and kind) and, unless told not to, queue it for after the commit.
    Messages not queued wait for DeliverAfterResponse or `manage.py resend_mail`."""
    subject, body = mail_text_render(key=key, context=context)
    mail = model.objects.create(to=to, subject=subject, body=body, **owner)
    if deliver:
        mail_enqueue(mail=mail)
    return mail


def entry_mail_queue(
    *,
    model: type[OutboxMail],
    entry: Any,
    kind: str,
    context: Mapping[str, Any],
    deliver: bool = True,
) -> OutboxMail:
    """A self-registered entry's mail of `kind`, to its address, kept in the app's outbox `model`
    (whose link to the entry is named after the entry's model): the text "<app>.<kind>"."""
    return mail_text_queue(
        model=model,
        key=f"{model._meta.app_label}.{kind}",
        to=entry.email,
        context=context,
        deliver=deliver,
        **{entry._meta.model_name: entry, "kind": kind},
    )


def placeholder_paths(kind: MailKind) -> dict[str, str]:
    """The paths a kind's text may use, with what each is ("" when its name says it)."""
    return dict(
        (variable, "") if isinstance(variable, str) else variable for variable in kind.variables
    )


def placeholders_shown(kind: MailKind) -> str:
    """The placeholders a kind's text may use, as the admin shows them beside the text."""
    return " ".join(
        f"{{{{ {path} }}}}" + (f"（{what}）" if what else "")
        for path, what in placeholder_paths(kind).items()
    )


# The tags and filters a text may use: those the shipped texts use, and a few harmless ones.
# Any other (include, load, with, url, ...) could open files, reach the database or reshape a
# personal link; a text is words with placeholders, conditions and lists, nothing more.
ALLOWED_NODES = (TextNode, VariableNode, IfNode, ForNode, CommentNode)
ALLOWED_FILTERS = ("date", "default", "join", "length", "yesno")
# What {{ forloop.<name> }} may print inside a loop.
FORLOOP_FIELDS = {"counter", "counter0", "revcounter", "revcounter0", "first", "last"}
_USE_ONLY = "使えるものは「使える差し込み」の一覧のとおりです。"


def _tag(node: Node) -> str:
    token = getattr(node, "token", None)
    return f"{{% {token.split_contents()[0]} %}}" if token else type(node).__name__


def _expressions(condition: Any) -> Iterator[FilterExpression]:
    """The values an {% if %} condition reads (an operator's operands, a literal's value)."""
    if condition is None:
        return
    if isinstance(condition, TemplateLiteral):
        if isinstance(condition.value, FilterExpression):  # always, once compiled
            yield condition.value
        return
    yield from _expressions(getattr(condition, "first", None))
    yield from _expressions(getattr(condition, "second", None))


def template_misuse(template: Template, *, allowed: Mapping[str, str], label: str) -> list[str]:
    """Why a compiled text reaches further than it may (a tag, a filter, or a placeholder beyond
    `allowed`, its paths), in 総務省's words; empty when it does not. Loop variables stand for
    the path they loop over, so that `{% for c in specialist.status_changes.all %}` is refused
    and `{% for row in rows %}{{ row.question }}` is the path "rows.question"."""
    found: list[str] = []
    filters = {builtin_filters.filters[name] for name in ALLOWED_FILTERS}

    def refuse(problem: str) -> None:
        if problem not in found:
            found.append(problem)

    def variable(var: Variable, scope: Mapping[str, tuple[str, ...]], loops: int) -> None:
        if var.lookups is None:  # a literal: "、", 1
            return
        head, *rest = var.lookups
        if head == "forloop" and loops and len(rest) == 1 and rest[0] in FORLOOP_FIELDS:
            return
        path = (*scope.get(head, (head,)), *rest)
        if ".".join(path) not in allowed:
            refuse(f"{label}に使えない差し込み（{{{{ {var.var} }}}}）があります。{_USE_ONLY}")

    def expression(
        value: FilterExpression, scope: Mapping[str, tuple[str, ...]], loops: int
    ) -> None:
        if isinstance(value.var, Variable):
            variable(value.var, scope, loops)
        for function, arguments in value.filters:
            if function not in filters:
                name = getattr(function, "_filter_name", function.__name__)
                refuse(
                    f"{label}に使えないフィルター（|{name}）があります。使えるのは "
                    + "、".join(f"|{name}" for name in ALLOWED_FILTERS)
                    + " だけです。"
                )
            for is_variable, argument in arguments:
                if is_variable:
                    variable(argument, scope, loops)

    def walk(nodes: NodeList, scope: Mapping[str, tuple[str, ...]], loops: int) -> None:
        for node in nodes:
            if not isinstance(node, ALLOWED_NODES):
                refuse(
                    f"{label}に使えないタグ（{_tag(node)}）があります。使えるのは "
                    "{% if %}（elif、else）と {% for %}（empty）だけです。"
                )
            elif isinstance(node, VariableNode):
                expression(node.filter_expression, scope, loops)
            elif isinstance(node, IfNode):
                for condition, branch in node.conditions_nodelists:
                    for value in _expressions(condition):
                        expression(value, scope, loops)
                    walk(branch, scope, loops)
            elif isinstance(node, ForNode):
                # Compiled nodes hold a FilterExpression and NodeLists (django-stubs also
                # allows the str and list they are parsed from).
                sequence_expression = cast(FilterExpression, node.sequence)
                expression(sequence_expression, scope, loops)
                sequence = sequence_expression.var
                if isinstance(sequence, Variable) and sequence.lookups:
                    head, *rest = sequence.lookups
                    path = (*scope.get(head, (head,)), *rest)
                    inner = {**scope, **dict.fromkeys(node.loopvars, path)}
                else:  # a literal: its items are literals too, nothing to reach through
                    inner = {**scope, **dict.fromkeys(node.loopvars, ("",))}
                walk(cast(NodeList, node.nodelist_loop), inner, loops + 1)
                walk(cast(NodeList, node.nodelist_empty), scope, loops)

    walk(template.nodelist, {}, 0)
    return found


def placeholders_of(template: Template) -> set[str]:
    """The variables a template prints ({{ name }}, with or without filters), inside tags too."""
    return {
        node.filter_expression.var.var
        for node in template.nodelist.get_nodes_by_type(VariableNode)
        if isinstance(node, VariableNode)  # always: the nodes of that type
        and isinstance(node.filter_expression.var, Variable)
        and isinstance(node.filter_expression.var.var, str)  # the variable's text
    }


def mail_text_problems(*, kind: MailKind | None, subject: str, body: str) -> dict[str, list[str]]:
    """Why a text may not be saved, by field ("subject", "body"); empty when it may."""
    problems: dict[str, list[str]] = {}
    fields = (
        ("subject", "件名", subject, kind.subject_requires if kind else ()),
        ("body", "本文", body, kind.body_requires if kind else ()),
    )
    for name, label, source, required in fields:
        try:
            template = Template(source)
        except TemplateSyntaxError as error:
            problems[name] = [f"テンプレートの書き方に誤りがあります: {error}"]
            continue
        found = template_misuse(
            template, allowed=placeholder_paths(kind) if kind else {}, label=label
        )
        if kind and (misuse := personal_link_misuse(source, names=kind.personal_links)):
            found.append(misuse)
        present = placeholders_of(template)
        found += [
            f"{label}に{what}（{{{{ {placeholder} }}}}）を入れてください。"
            for placeholder, what in required
            if placeholder not in present
        ]
        if found:
            problems[name] = found
    return problems


def mail_text_render_problem(*, kind: MailKind | None, subject: str, body: str) -> str | None:
    """Why a text that compiles still cannot make a mail, or None: it is rendered as the preview
    shows it (or with no values at all before there is an entry). A text that fails here would
    fail every mail of its kind, some inside the transaction of a registration."""
    context = (kind.preview() if kind else None) or {}
    try:
        mail_template_render(subject=subject, body=body, context=context)
    except Exception as error:  # whatever a template raises, the text must not be saved
        return f"この文面ではメールを作れません（{type(error).__name__}: {error}）。"
    return None


# shipped_texts_load, shipped_texts_unload and shipped_texts_operation are called by data
# migrations (registry 0022, talent 0008, matching 0006, and each later one that ships a text):
# what they do must stay as it is, or an old migration would do something else than it did when
# it was written. Change them only by adding a new function for new migrations.
def shipped_texts_load(apps: Any, texts: Mapping[str, tuple[str, str]]) -> None:
    """Ship texts from a data migration: {key: (subject, body)}.

    A missing text is created. A text that still reads as last shipped takes the new version; one
    総務省 edited keeps its words (only its record of the shipped text moves on, which the admin
    shows). So the reverse of an update is the same call with the previous texts.
    """
    model = apps.get_model("portal", "MailText")
    for key, (subject, body) in texts.items():
        text = model.objects.filter(key=key).first()
        if text is None:
            model.objects.create(
                key=key, subject=subject, body=body, shipped_subject=subject, shipped_body=body
            )
            continue
        if (text.subject, text.body) == (text.shipped_subject, text.shipped_body):
            text.subject, text.body = subject, body
        text.shipped_subject, text.shipped_body = subject, body
        text.save()


def shipped_texts_unload(apps: Any, keys: Iterable[str]) -> None:
    """The reverse of shipping texts for the first time: they go, edited or not."""
    apps.get_model("portal", "MailText").objects.filter(key__in=list(keys)).delete()


def shipped_texts_operation(
    texts: Mapping[str, tuple[str, str]], *, previous: Mapping[str, tuple[str, str]] | None = None
) -> migrations.RunPython:
    """A data migration's operation that ships `texts` (shipped_texts_load). Reversed, it ships
    `previous` again, or, for texts shipped for the first time, removes them."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        shipped_texts_load(apps, texts)

    def backwards(apps: Any, schema_editor: Any) -> None:
        if previous is None:
            shipped_texts_unload(apps, texts)
        else:
            shipped_texts_load(apps, previous)

    return migrations.RunPython(forwards, backwards)
