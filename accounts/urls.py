from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("verify/resend/", views.resend_code, name="resend"),
    path("verified/", views.verified, name="verified"),
]
