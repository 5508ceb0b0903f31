from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomsRegistryConfig(AppConfig):
    name = "customs_registry"
    verbose_name = _("Automated customs system")
