from django.db import models
from django.utils.translation import gettext_lazy as _


class LicenceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


class RegistryLicence(models.Model):
    """A clearance licence as the automated customs system records it.

    Used only by the local registry backend; a deployment that points at the
    real registry service leaves this table empty.
    """

    number = models.CharField(_("licence number"), max_length=30, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=LicenceStatus.choices)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("clearance licence")
        verbose_name_plural = _("clearance licences")

    def __str__(self):
        return self.number


class LegacyUser(models.Model):
    """A user of the automated customs system, attached to one licence."""

    licence = models.ForeignKey(
        RegistryLicence, on_delete=models.CASCADE, related_name="users", verbose_name=_("licence")
    )
    user_id = models.CharField(_("user ID"), max_length=50, unique=True)
    first_name = models.CharField(_("first name"), max_length=50)
    last_name = models.CharField(_("last name"), max_length=50)
    civil_id = models.CharField(_("civil ID number"), max_length=12)
    # A Django password hash (make_password); the clear-text password from
    # the import file is never stored.
    password_hash = models.CharField(_("password hash"), max_length=255)

    class Meta:
        ordering = ["user_id"]
        verbose_name = _("user of the automated customs system")
        verbose_name_plural = _("users of the automated customs system")

    def __str__(self):
        return self.user_id
