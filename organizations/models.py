from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class BilingualName(models.Model):
    name_ar = models.CharField(_("name (Arabic)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.name_ar if translation.get_language() == "ar" else self.name_en

    def __str__(self):
        return self.name


class LegalEntity(BilingualName):
    """A kind of registrant offered on the registration form."""

    CLEARING_AGENT = "clearing_agent"

    code = models.SlugField(_("code"), max_length=50, unique=True)
    is_active = models.BooleanField(_("offered at registration"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("legal entity")
        verbose_name_plural = _("legal entities")


class EService(BilingualName):
    """An e-service that a general user may grant to the users of an account."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    is_active = models.BooleanField(_("available"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("e-service")
        verbose_name_plural = _("e-services")


class Organization(models.Model):
    """A registrant's account with customs, shared by its users."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending verification")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    legal_entity = models.ForeignKey(
        LegalEntity, on_delete=models.PROTECT, verbose_name=_("legal entity")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Set when the account was registered with an automated customs system
    # account; a licence has at most one portal account.
    licence_number = models.CharField(_("licence number"), max_length=30, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [
            models.UniqueConstraint(fields=["licence_number"], name="organization_licence_unique"),
        ]

    def __str__(self):
        return f"{self.legal_entity.name_en} account {self.pk}"


class Membership(models.Model):
    """A user's place in an account: general user or additional user."""

    class Role(models.TextChoices):
        GENERAL = "general", _("General user")
        ADDITIONAL = "additional", _("Additional user")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    services = models.ManyToManyField(EService, blank=True, verbose_name=_("services granted"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("account user")
        verbose_name_plural = _("account users")

    def __str__(self):
        return f"user {self.user_id} in account {self.organization_id}"


class AuditEvent(models.Model):
    """A change to an account: the actor, the action, and the values before and after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=50)
    organization = models.ForeignKey(Organization, null=True, on_delete=models.SET_NULL)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self):
        return f"{self.action} by {self.actor_id}"
