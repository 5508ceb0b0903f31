from allauth.account.adapter import get_adapter
from allauth.account.forms import LoginForm, SignupForm
from allauth.core import context
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.hashers import make_password
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, transaction
from django.forms.utils import ErrorDict
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts import errors, validators
from accounts.fields import CaseSensitiveCaptchaField
from accounts.models import Gender
from accounts.normalization import format_e164, normalize_email, parse_kuwait_mobile
from customs_registry import errors as registry_errors
from customs_registry import services as registry_services
from customs_registry.registry import (
    LICENCE_NUMBER_MAX_LENGTH,
    USER_ID_MAX_LENGTH,
    normalize_licence_number,
)
from organizations import services as organization_services
from organizations.models import LegalEntity, Organization

# The two field sets of the registration form. A new user types their
# identity. A broker with an automated customs system account proves that
# account instead, so the name and civil ID come from the registry.
NEW_USER_ROUTE = "new"
REGISTRY_ROUTE = "registry"
_COMMON_FIELDS = {
    "legal_entity",
    "has_registry_account",
    "gender",
    "mobile",
    "email",
    "password1",
    "password2",
    "captcha",
    "accept_terms",
}
ROUTE_FIELDS = {
    NEW_USER_ROUTE: _COMMON_FIELDS | {"first_name", "last_name", "civil_id"},
    REGISTRY_ROUTE: _COMMON_FIELDS | {"licence_number", "registry_user_id", "registry_password"},
}

class RegistrationForm(SignupForm):
    """Registration of a new user, with or without an automated customs system account.

    Plugged into allauth's SignupView through ACCOUNT_FORMS, so allauth's
    rate limit, enumeration prevention and login stages apply. The route
    (see ROUTE_FIELDS) is decided from the submitted legal entity and check
    box, so the form works without JavaScript. The template renders every
    field and hides those of the other route.
    """

    legal_entity = forms.ModelChoiceField(
        label=_("Legal entity"),
        queryset=LegalEntity.objects.filter(is_active=True),
        empty_label=_("Choose…"),
        error_messages={"invalid_choice": errors.LEGAL_ENTITY_INVALID, "required": errors.REQUIRED},
    )
    has_registry_account = forms.BooleanField(
        label=_("I have an account on the automated customs system"), required=False
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
    licence_number = forms.CharField(
        label=_("Licence number of the general clearing agent"),
        max_length=LICENCE_NUMBER_MAX_LENGTH * 2,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    registry_user_id = forms.CharField(
        label=_("User ID on the automated customs system"),
        max_length=USER_ID_MAX_LENGTH,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    # render_value=False: the legacy password is never sent back to the
    # browser, not even when the form is shown again with errors.
    registry_password = forms.CharField(
        label=_("Password on the automated customs system"),
        max_length=settings.PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"dir": "ltr", "autocomplete": "off"}),
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
        "has_registry_account",
        "first_name",
        "last_name",
        "gender",
        "civil_id",
        "licence_number",
        "registry_user_id",
        "registry_password",
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
        # The template lists the rules in a box beside the field, so the
        # validators' help texts would repeat them.
        self.fields["password1"].help_text = ""
        self.fields["password1"].widget.attrs["aria-describedby"] = "password-rules"
        self.fields["password2"].label = _("Confirm password")
        for field in self.fields.values():
            # Fields with a message of their own (the terms) keep it.
            if field.error_messages.get("required") == forms.Field.default_error_messages["required"]:
                field.error_messages["required"] = errors.REQUIRED

        self.registry_entity = LegalEntity.objects.filter(
            code=LegalEntity.CLEARING_AGENT, is_active=True
        ).first()
        self.route = self._decide_route()
        # A submission whose route differs from the one the page showed (the
        # check box was ticked or cleared without JavaScript) only switches
        # the field set: nothing is validated, so fields the user has not
        # seen yet get no errors.
        submitted_route = self.data.get("route") if self.is_bound else None
        self.route_switched = submitted_route in ROUTE_FIELDS and submitted_route != self.route
        self.legacy_person = None
        _mark_sensitive("registry_password")

    def _decide_route(self) -> str:
        if not self.is_bound or self.registry_entity is None:
            return NEW_USER_ROUTE
        ticked = self.fields["has_registry_account"].widget.value_from_datadict(
            self.data, self.files, self.add_prefix("has_registry_account")
        )
        entity = self.data.get(self.add_prefix("legal_entity"))
        if ticked and entity == str(self.registry_entity.pk):
            return REGISTRY_ROUTE
        return NEW_USER_ROUTE

    @property
    def offers_registry_route(self) -> bool:
        """Whether the page shows the check box: no legal entity chosen yet, or a clearing agent."""
        if self.registry_entity is None:
            return False
        entity = self.data.get(self.add_prefix("legal_entity")) if self.is_bound else None
        return not entity or entity == str(self.registry_entity.pk)

    def full_clean(self):
        if self.route_switched:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        # Fields of the other route are hidden on the page; their values
        # are kept for the page but neither validated nor used.
        all_fields = self.fields
        self.fields = {name: field for name, field in all_fields.items() if name in ROUTE_FIELDS[self.route]}
        try:
            super().full_clean()
        finally:
            self.fields = all_fields

    def is_valid(self):
        return not self.route_switched and super().is_valid()

    def clean_licence_number(self):
        number = normalize_licence_number(self.cleaned_data["licence_number"])
        if number is None:
            raise forms.ValidationError(registry_errors.LICENCE_NUMBER_INVALID, code="invalid")
        return number

    def clean_registry_user_id(self):
        return self.cleaned_data["registry_user_id"].strip()

    def clean_first_name(self):
        return validators.clean_person_name(self.cleaned_data["first_name"])

    def clean_last_name(self):
        return validators.clean_person_name(self.cleaned_data["last_name"])

    def clean_civil_id(self):
        civil_id = validators.clean_civil_id(self.cleaned_data["civil_id"])
        # A registered civil ID is not an error on the page: that would tell
        # anyone whether a person has an account. The submission follows
        # the "already registered" path of enumeration prevention instead.
        # NOTE: an unverified registration reserves the civil ID too, so a
        # sign-in with the submitted email still distinguishes the two paths
        # (docs/security.md, "What remains").
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
        # The registry is asked last, once every other field (the CAPTCHA
        # among them) is valid, so a bot or a half-filled form costs no
        # registry check and no rate-limit quota.
        if self.route == REGISTRY_ROUTE and not self.errors:
            self._check_registry_account(cleaned_data)
        self._check_password_similarity(cleaned_data)
        return cleaned_data

    def _check_password_similarity(self, cleaned_data):
        """Reject a password that resembles the name, civil ID or email.

        allauth validates the password against a user with only the email.
        The name and civil ID, typed or from the registry record, are known
        only here.
        """
        password = cleaned_data.get("password1")
        if not password or self.errors.get("password1"):
            return
        applicant = get_user_model()(
            email=cleaned_data.get("email") or "",
            first_name=cleaned_data.get("first_name") or "",
            last_name=cleaned_data.get("last_name") or "",
            civil_id=cleaned_data.get("civil_id") or "",
        )
        try:
            password_validation.validate_password(password, user=applicant)
        except forms.ValidationError as error:
            self.add_error("password1", error)

    def _check_registry_account(self, cleaned_data):
        try:
            person = registry_services.verify_legacy_account(
                context.request,
                licence_number=cleaned_data["licence_number"],
                user_id=cleaned_data["registry_user_id"],
                password=cleaned_data["registry_password"],
            )
        except registry_services.CheckRefused as refusal:
            self.add_error(None, refusal.message)
            return
        self.legacy_person = person
        cleaned_data["first_name"] = person.first_name
        cleaned_data["last_name"] = person.last_name
        cleaned_data["civil_id"] = person.civil_id
        cleaned_data["licence_number"] = person.licence.number
        # As on the new-user route, a civil ID that already has a portal
        # user continues on the "already registered" path, not as an error.
        if get_user_model().objects.filter(civil_id=person.civil_id).exists():
            self.account_already_exists = True
            self.civil_id_already_registered = True

    def try_save(self, request):
        try:
            return self._try_save(request)
        except IntegrityError:
            # Two registrations for one licence at the same moment. The
            # unique constraint lets one through, and the other gets the
            # message it would have got had it come second.
            licence = self.cleaned_data.get("licence_number")
            if self.route != REGISTRY_ROUTE or not Organization.objects.filter(licence_number=licence).exists():
                raise
            self.add_error(None, registry_errors.LICENCE_ALREADY_REGISTERED)
            return None, render(request, "account/signup.html", {"form": self})

    def _try_save(self, request):
        if self.account_already_exists:
            # Equal work on both paths, so the response time does not tell
            # whether the email or civil ID is registered.
            make_password(self.cleaned_data["password1"])
            from accounts import verification

            verification.notify_existing_account(self.cleaned_data["email"])
            if self.civil_id_already_registered:
                owner = get_user_model().objects.get(civil_id=self.cleaned_data["civil_id"])
                if owner.email.lower() != self.cleaned_data["email"].lower():
                    verification.notify_civil_id_owner(owner)
        return super().try_save(request)

    def save(self, request):
        with transaction.atomic():
            user = super().save(request)
            organization = organization_services.open_pending_account(
                user=user, legal_entity=self.cleaned_data["legal_entity"]
            )
            if self.route == REGISTRY_ROUTE:
                registry_services.link_licence(
                    organization=organization,
                    licence_number=self.cleaned_data["licence_number"],
                    actor=user,
                )
        return user


def _mark_sensitive(*names):
    """Add POST parameters to those the current view hides from error reports.

    allauth's SignupView marks only its own password fields sensitive
    (sensitive_post_parameters), and the form is where the portal's extra
    secret fields are known.
    """
    request = context.request
    marked = getattr(request, "sensitive_post_parameters", None)
    if request is None or marked == "__ALL__":
        return
    request.sensitive_post_parameters = [*(marked or []), *names]


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

    def clean(self):
        # An over-long password cannot match, so it gets allauth's usual
        # failure message without being hashed.
        if len(self.cleaned_data.get("password") or "") > settings.PASSWORD_MAX_LENGTH:
            raise get_adapter(self.request).validation_error("email_password_mismatch")
        return super().clean()


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
