"""Forms of the password reset: the request with CAPTCHA, and the code with the new password."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from accounts import codes, errors
from accounts.fields import CaseSensitiveCaptchaField
from accounts.normalization import ForeignDigitError, normalize_email, to_ascii_digits


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
        error_messages={"invalid": errors.EMAIL_INVALID, "required": errors.REQUIRED},
    )
    captcha = CaseSensitiveCaptchaField(
        label=_("Enter the text in the image"),
        help_text=_("Capital and small letters count."),
        error_messages={"invalid": errors.CAPTCHA_INVALID, "required": errors.REQUIRED},
    )

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])


def _password_field(label, *, help_text=""):
    # No max_length on the field: a maxlength attribute would make the
    # browser cut a pasted password silently. The validator rejects
    # over-long input before the password validators or any hasher see it.
    return forms.CharField(
        label=label,
        strip=False,
        help_text=help_text,
        validators=[
            MaxLengthValidator(settings.PASSWORD_MAX_LENGTH, message=errors.PASSWORD_TOO_LONG)
        ],
        widget=forms.PasswordInput(attrs={"dir": "ltr", "autocomplete": "new-password"}),
        error_messages={"required": errors.REQUIRED},
    )


class PasswordResetCodeForm(forms.Form):
    """The reset code, the new password and its confirmation.

    The password rules that need no account (length, composition, common
    passwords, similarity to the email) are checked here. The rules that
    need the account run in accounts.password_reset once the code matches,
    so an unknown email gets no password error that a known one would not.
    """

    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "dir": "ltr", "autocomplete": "one-time-code"}
        ),
        error_messages={"required": errors.CODE_REQUIRED},
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        # Built per form so the help text follows the active language.
        self.fields["password1"] = _password_field(
            _("New password"), help_text=password_validation.password_validators_help_text_html()
        )
        self.fields["password2"] = _password_field(_("Confirm new password"))

    def clean_code(self):
        raw = "".join(self.cleaned_data["code"].split())
        try:
            code = to_ascii_digits(raw)
        except ForeignDigitError:
            raise ValidationError(errors.CODE_FORMAT, code="invalid") from None
        if not (len(code) == codes.CODE_LENGTH and code.isascii() and code.isdigit()):
            raise ValidationError(errors.CODE_FORMAT, code="invalid")
        return code

    def clean_password1(self):
        password = self.cleaned_data["password1"]
        stand_in = get_user_model()(email=self.email)
        password_validation.validate_password(password, user=stand_in)
        return password

    def clean(self):
        cleaned_data = super().clean()
        password1 = cleaned_data.get("password1")
        password2 = cleaned_data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", errors.PASSWORD_MISMATCH)
        return cleaned_data
