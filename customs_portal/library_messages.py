"""Messages of Django and django-allauth that the portal's Arabic catalog rewords.

Their own Arabic catalogs translate these loosely or informally. Listing the
message IDs here keeps them in locale/ar, so makemessages does not mark the
portal's translations obsolete. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

LIBRARY_MESSAGES = [
    gettext_noop("Too many failed login attempts. Try again later."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("The email address and/or password you specified are not correct."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
]

LIBRARY_PLURAL_MESSAGES = [
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
]
