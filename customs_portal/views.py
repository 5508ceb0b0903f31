from django.conf import settings
from django.views.decorators.http import require_POST
from django.views.i18n import set_language


@require_POST
def switch_language(request):
    """Set the language cookie through Django's set_language and return to the page.

    A signed-in user's choice is also stored on the account, so that emails
    and SMS messages reach them in the language they read.
    """
    response = set_language(request)
    language = request.POST.get("language")
    supported = {code for code, _name in settings.LANGUAGES}
    if request.user.is_authenticated and language in supported and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response
