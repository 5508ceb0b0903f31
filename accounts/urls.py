from django.urls import path

from accounts import password_reset_views, views

app_name = "accounts"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("verify/resend/", views.resend_code, name="resend"),
    path("verify/cancel/", views.cancel, name="cancel_verification"),
    path("verified/", views.verified, name="verified"),
    path("password/reset/", password_reset_views.request_reset, name="password_reset"),
    path("password/reset/code/", password_reset_views.enter_code, name="password_reset_code"),
    path("password/reset/done/", password_reset_views.done, name="password_reset_done"),
]
