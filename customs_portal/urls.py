from allauth.account import views as allauth_views
from captcha import views as captcha_views
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from accounts import views as account_views
from accounts.captcha import captcha_audio
from customs_portal.views import switch_language
from notifications import views as notification_views
from support import views as support_views

admin.site.site_header = _("Customs e-services portal: staff console")
admin.site.site_title = _("Customs e-services portal")
admin.site.index_title = _("Staff console")

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/register/", allauth_views.signup, name="account_signup"),
    path("accounts/login/", allauth_views.login, name="account_login"),
    path("accounts/logout/", allauth_views.logout, name="account_logout"),
    path("accounts/inactive/", allauth_views.account_inactive, name="account_inactive"),
    path("accounts/", include("accounts.urls")),
    path("support/", support_views.support, name="support"),
    path("terms/", support_views.terms, name="terms"),
    # django-simple-captcha's image and refresh views. Its own audio view is
    # left out: it ignores expiry and letter case, and the portal's
    # captcha_audio replaces it.
    re_path(
        r"^captcha/image/(?P<key>\w+)/$",
        captcha_views.captcha_image,
        name="captcha-image",
        kwargs={"scale": 1},
    ),
    re_path(
        r"^captcha/image/(?P<key>\w+)@2/$",
        captcha_views.captcha_image,
        name="captcha-image-2x",
        kwargs={"scale": 2},
    ),
    path("captcha/refresh/", captcha_views.captcha_refresh, name="captcha-refresh"),
    path("captcha/audio/<str:key>.wav", captcha_audio, name="captcha_audio"),
    path("i18n/setlang/", switch_language, name="set_language"),
    path("staff/", admin.site.urls),
]

if settings.DEV_OUTBOX_ENABLED:
    urlpatterns.append(path("dev/outbox/", notification_views.outbox, name="dev_outbox"))
