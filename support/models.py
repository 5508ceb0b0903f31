from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class SupportContact(models.Model):
    """The technical support team's contacts, shown on every page's footer."""

    phone = models.CharField(_("phone"), max_length=30)
    fax = models.CharField(_("fax"), max_length=30, blank=True)
    email = models.EmailField(_("email"))
    hours_ar = models.CharField(_("availability (Arabic)"), max_length=200)
    hours_en = models.CharField(_("availability (English)"), max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("technical support contact")
        verbose_name_plural = _("technical support contacts")

    def __str__(self):
        return self.email

    @property
    def hours(self) -> str:
        return self.hours_ar if translation.get_language() == "ar" else self.hours_en

    @classmethod
    def current(cls):
        """Return the most recently edited contact record, or None before staff add one."""
        return cls.objects.order_by("-updated_at", "-id").first()


class TermsDocument(models.Model):
    """A version of the terms and conditions; the newest published one is shown."""

    body_ar = models.TextField(_("text (Arabic)"))
    body_en = models.TextField(_("text (English)"))
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("terms and conditions")
        verbose_name_plural = _("terms and conditions")

    def __str__(self):
        return f"Terms {self.pk} ({self.updated_at:%Y-%m-%d})"

    @property
    def body(self) -> str:
        return self.body_ar if translation.get_language() == "ar" else self.body_en

    @classmethod
    def current(cls):
        return cls.objects.filter(is_published=True).first()
