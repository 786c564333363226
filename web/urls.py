"""The web pages, outside /api/."""

from django.urls import path
from django.views.generic import RedirectView

from web import views

urlpatterns = [
    path("", RedirectView.as_view(url="/deals", permanent=False), name="home"),
    path("login", views.LoginPage.as_view(), name="login"),
    path("register", views.RegisterPage.as_view(), name="register"),
    path("deals", views.DealListPage.as_view(), name="deal-list-page"),
    path("deals/<int:deal_id>", views.DealPage.as_view(), name="deal-page"),
]
