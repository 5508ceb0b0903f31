from allauth.account.forms import LoginForm, SignupForm
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts import errors, validators
from accounts.fields import CaseSensitiveCaptchaField
from accounts.models import Gender
from accounts.normalization import format_e164, normalize_email, parse_kuwait_mobile
from organizations import services as organization_services
from organizations.models import LegalEntity

class RegistrationForm(SignupForm):
    """Registration of a new user with no automated customs system account.

    Plugged into allauth's SignupView through ACCOUNT_FORMS, so allauth's
    rate limit, enumeration prevention and login stages apply.
    """

    legal_entity = forms.ModelChoiceField(
        label=_("Legal entity"),
        queryset=LegalEntity.objects.filter(is_active=True),
        empty_label=_("Choose…"),
        error_messages={"invalid_choice": errors.LEGAL_ENTITY_INVALID, "required": errors.REQUIRED},
    )
    first_name = forms.CharField(label=_("First name"), max_length=validators.NAME_MAX_LENGTH * 2)
    last_name = forms.CharField(label=_("Last name"), max_length=validators.NAME_MAX_LENGTH * 2)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, widget=forms.RadioSelect)
    civil_id = forms.CharField(
        label=_("Civil ID number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}),
        help_text=_("12 digits, as printed on the civil ID card."),
    )
    mobile = forms.CharField(
        label=_("Mobile phone number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "dir": "ltr", "autocomplete": "tel"}),
        help_text=_("A Kuwaiti mobile number, for example 51234567."),
    )
    captcha = CaseSensitiveCaptchaField(
        label=_("Enter the text in the image"),
        help_text=_("Capital and small letters count."),
    )
    accept_terms = forms.BooleanField(
        label=_("I agree to the terms and conditions"),
        error_messages={"required": errors.TERMS_REQUIRED},
    )

    field_order = [
        "legal_entity",
        "first_name",
        "last_name",
        "gender",
        "civil_id",
        "mobile",
        "email",
        "password1",
        "password2",
        "captcha",
        "accept_terms",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.civil_id_already_registered = False
        # Django's EmailField in place of allauth's, which lower-cases the
        # whole address: the local part is kept as typed, the domain is
        # lower-cased in clean_email.
        self.fields["email"] = forms.EmailField(
            label=_("Email"),
            max_length=254,
            widget=forms.EmailInput(attrs={"dir": "ltr", "autocomplete": "email"}),
            error_messages={"invalid": errors.EMAIL_INVALID},
        )
        self.order_fields(self.field_order)
        for name in ("password1", "password2"):
            field = self.fields[name]
            # Over-long input is rejected by the field, before the password
            # validators or the hasher see it.
            field.max_length = settings.PASSWORD_MAX_LENGTH
            field.validators.append(
                MaxLengthValidator(settings.PASSWORD_MAX_LENGTH, message=errors.PASSWORD_TOO_LONG)
            )
            field.widget.attrs.update({"dir": "ltr", "autocomplete": "new-password", "placeholder": ""})
        self.fields["password1"].label = _("Password")
        self.fields["password2"].label = _("Confirm password")
        for field in self.fields.values():
            field.error_messages.setdefault("required", errors.REQUIRED)
            field.error_messages["required"] = errors.REQUIRED

    def clean_first_name(self):
        return validators.clean_person_name(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return validators.clean_person_name(self.cleaned_data["last_name"])

    def clean_civil_id(self):
        civil_id = validators.clean_civil_id(self.cleaned_data["civil_id"])
        # A registered civil ID is not an error on the page: that would tell
        # anyone whether a person has an account. The submission follows
        # the "already registered" path of enumeration prevention instead.
        if get_user_model().objects.filter(civil_id=civil_id).exists():
            self.account_already_exists = True
            self.civil_id_already_registered = True
        return civil_id

    def clean_mobile(self):
        number = parse_kuwait_mobile(self.cleaned_data["mobile"])
        if number is None:
            raise forms.ValidationError(errors.MOBILE_INVALID, code="invalid")
        return format_e164(number)

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        if get_user_model().objects.filter(email__iexact=email).exists():
            self.account_already_exists = True
        return email

    def clean(self):
        cleaned_data = super().clean()
        if self.errors.get("password2"):
            self.errors["password2"] = self.error_class([errors.PASSWORD_MISMATCH])
        return cleaned_data

    def try_save(self, request):
        if self.account_already_exists:
            # Equal work on both paths, so the response time does not tell
            # whether the email or civil ID is registered.
            make_password(self.cleaned_data["password1"])
            from accounts import verification

            verification.notify_existing_account(self.cleaned_data["email"])
        return super().try_save(request)

    def save(self, request):
        with transaction.atomic():
            user = super().save(request)
            organization_services.open_pending_account(
                user=user, legal_entity=self.cleaned_data["legal_entity"]
            )
        return user


class SignInForm(LoginForm):
    """allauth's sign-in form with the portal's labels and length limits."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Email")
        login.max_length = 254
        login.widget.attrs.update({"dir": "ltr", "autocomplete": "email", "placeholder": ""})
        password = self.fields["password"]
        password.label = _("Password")
        password.max_length = settings.PASSWORD_MAX_LENGTH
        password.widget.attrs.update({"dir": "ltr", "placeholder": ""})
        self.fields.pop("remember", None)
        for field in self.fields.values():
            field.error_messages["required"] = errors.REQUIRED

    def clean_password(self):
        password = self.cleaned_data["password"]
        if len(password) > settings.PASSWORD_MAX_LENGTH:
            raise forms.ValidationError(errors.SIGN_IN_FAILED)
        return password


class VerificationForm(forms.Form):
    """The email code and, when SMS verification is on, the mobile code."""

    email_code = forms.CharField(
        label=_("Verification code sent to your email"),
        max_length=20,
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "dir": "ltr", "autocomplete": "one-time-code"}
        ),
    )
    sms_code = forms.CharField(
        label=_("Verification code sent to your mobile"),
        max_length=20,
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "dir": "ltr", "autocomplete": "one-time-code"}
        ),
    )

    def __init__(self, *args, channels, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name.removesuffix("_code") not in channels:
                del self.fields[name]
        for field in self.fields.values():
            field.required = True
            field.error_messages["required"] = errors.CODE_REQUIRED

    def _clean_code(self, name):
        from accounts.normalization import ForeignDigitError, to_ascii_digits

        raw = self.cleaned_data[name].replace(" ", "")
        try:
            code = to_ascii_digits(raw)
        except ForeignDigitError:
            raise forms.ValidationError(errors.CODE_FORMAT, code="invalid") from None
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise forms.ValidationError(errors.CODE_FORMAT, code="invalid")
        return code

    def clean_email_code(self):
        return self._clean_code("email_code")

    def clean_sms_code(self):
        return self._clean_code("sms_code")
