from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def create_user(self, email, password=None, **fields):
        user = self.model(email=self.normalize_email(email.strip()), **fields)
        user.set_password(password)
        user.save(using=self._db)
        record_email_address(user)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("email_verified_at", timezone.now())
        fields.setdefault("mobile_verified_at", timezone.now())
        return self.create_user(email, password, **fields)


def record_email_address(user) -> None:
    """Give a user created outside registration (staff, fixtures) allauth's email row.

    allauth looks up the sign-in email in lower case in its EmailAddress
    table and compares User.email exactly, so without this row a user whose
    address has capitals in the local part could not sign in.
    """
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user,
        email=user.email.lower(),
        defaults={"primary": True, "verified": user.email_verified_at is not None},
    )


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in to the portal: a broker, a clerk or customs staff.

    The email is the sign-in user ID. Staff created with createsuperuser have
    no civil ID or mobile, so both are optional at the database level; the
    registration form requires them.
    """

    email = models.EmailField(_("email"), max_length=254)
    first_name = models.CharField(_("first name"), max_length=50)
    last_name = models.CharField(_("last name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    civil_id = models.CharField(_("civil ID number"), max_length=12, null=True, blank=True)
    mobile = models.CharField(_("mobile phone number"), max_length=16, blank=True)
    language = models.CharField(_("language"), max_length=5, default="ar")
    email_verified_at = models.DateTimeField(_("email verified at"), null=True, blank=True)
    mobile_verified_at = models.DateTimeField(_("mobile verified at"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ci"),
            models.UniqueConstraint(fields=["civil_id"], name="user_civil_id_unique"),
        ]

    def __str__(self):
        return self.email

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name

    @property
    def is_verified(self) -> bool:
        """True once every contact channel that verification requires is proven."""
        from django.conf import settings

        if self.email_verified_at is None:
            return False
        return self.mobile_verified_at is not None or not settings.SMS_VERIFICATION_ENABLED


class CodePurpose(models.TextChoices):
    EMAIL_VERIFICATION = "email_verification", _("email verification")
    MOBILE_VERIFICATION = "mobile_verification", _("mobile verification")
    PASSWORD_RESET = "password_reset", _("password reset")


class CodeChannel(models.TextChoices):
    EMAIL = "email", _("email")
    SMS = "sms", _("SMS")


class OneTimeCode(models.Model):
    """A numeric code sent to an email address or mobile number.

    Only a keyed hash of the code is stored (see accounts.codes), so a copy
    of the database does not reveal live codes.
    """

    # SET_NULL keeps a deleted registration's codes, so the resend quota
    # of their destination still counts them.
    user = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="codes"
    )
    purpose = models.CharField(max_length=32, choices=CodePurpose.choices)
    channel = models.CharField(max_length=8, choices=CodeChannel.choices)
    destination = models.CharField(max_length=254)
    salt = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    consumed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "purpose", "channel"]),
            models.Index(fields=["destination", "created_at"]),
        ]

    def __str__(self):
        return f"{self.purpose} code for user {self.user_id}"

    def is_usable(self, now=None) -> bool:
        from django.conf import settings

        now = now or timezone.now()
        return (
            self.consumed_at is None
            and self.revoked_at is None
            and self.expires_at > now
            and self.failed_attempts < settings.VERIFICATION_CODE_MAX_ATTEMPTS
        )
