from allauth.account.internal.stagekit import unstash_login
from django.conf import settings
from django.views.decorators.http import require_POST
from django.views.i18n import set_language


@require_POST
def switch_language(request):
    """Set the language cookie through Django's set_language and return to the page.

    The choice is also stored on the account of a signed-in user, or of a
    user held at a login stage such as the verification screen, so that
    emails and SMS messages reach them in the language they read.
    """
    response = set_language(request)
    language = request.POST.get("language")
    supported = {code for code, _name in settings.LANGUAGES}
    user = _user_of_session(request)
    if user is not None and language in supported and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return response


def _user_of_session(request):
    if request.user.is_authenticated:
        return request.user
    pending_login = unstash_login(request, peek=True)
    if pending_login is None:
        return None
    return pending_login.user
