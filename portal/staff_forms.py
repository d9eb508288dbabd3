"""The forms of staff accounts: inviting, completing an address, resetting a password.

StaffEmailField is the one rule for a staff member's address (required, normalised and checked
as every e-mail of the site is, portal.forms.EmailAnswerField); the user admin uses it too.
"""

from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .forms import EmailAnswerField, TextAnswerField
from .models import Prefecture, StaffAccountMail
from .staff_accounts import NOT_LISTED, password_reset_queue, staff_without_address

MIC_ROLE = "mic"
STAFF_EMAIL_REQUIRED = (
    "メールアドレスを入力してください（パスワードの再設定と職員へのお知らせに使います）。"
)


class StaffEmailField(EmailAnswerField):
    """A staff member's e-mail address: required from now on for every staff account."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", "メールアドレス")
        kwargs["required"] = True
        kwargs.setdefault("error_messages", {"required": STAFF_EMAIL_REQUIRED})
        super().__init__(**kwargs)


def _role_choices() -> list[tuple[str, str]]:
    return [("", "選んでください"), (MIC_ROLE, "総務省の職員")] + [
        (prefecture.code, f"{prefecture.name}の職員") for prefecture in Prefecture.objects.all()
    ]


class InvitationForm(forms.Form):
    name = TextAnswerField(
        label="氏名",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "氏名を入力してください。"},
    )
    email = StaffEmailField(
        help_text="このアドレスに招待のメールを送ります。ログインのユーザー名にもなります。"
    )
    role = forms.ChoiceField(
        label="役割",
        choices=_role_choices,
        error_messages={
            "required": "役割（総務省、またはどの都道府県の職員か）を選んでください。",
            "invalid_choice": "役割は一覧から選んでください。",
        },
    )

    def clean_role(self) -> Prefecture | None:
        role = self.cleaned_data["role"]
        if role == MIC_ROLE:
            return None
        prefecture = Prefecture.objects.filter(code=role).first()
        if prefecture is None:
            raise forms.ValidationError("役割は一覧から選んでください。")
        return prefecture


class StaffAddressForm(forms.Form):
    """An address for one of the listed staff: the posted account is looked up in the list's own
    selector (staff_accounts.staff_without_address), never among all users."""

    user = forms.ModelChoiceField(
        queryset=User.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"required": NOT_LISTED, "invalid_choice": NOT_LISTED},
    )
    email = StaffEmailField()

    def __init__(self, *args: Any, by: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_without_address(by=by)  # type: ignore[attr-defined]


class StaffPasswordResetForm(PasswordResetForm):
    """Django's reset form, whose mail goes through the outbox (and the mail text 総務省 edits)
    and is delivered after the response: `mails` holds what save() stored."""

    email = StaffEmailField(help_text="職員のアカウントに登録したメールアドレスです。")

    # Django's keyword arguments (templates, from address) are not used: the text is 総務省's.
    def save(self, *args: Any, **kwargs: Any) -> None:
        self.mails: list[StaffAccountMail] = []
        token_generator = kwargs.get("token_generator")
        assert token_generator is not None
        for user in self.get_users(self.cleaned_data["email"]):
            assert isinstance(user, User)
            path = reverse(
                "portal:password-reset-confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": token_generator.make_token(user),
                },
            )
            self.mails.append(password_reset_queue(user=user, reset_path=path))
