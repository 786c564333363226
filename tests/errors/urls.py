"""The project's URLconf plus the raising views of the error tests."""

from django.urls import path

from config import urls as project_urls
from tests.errors.raising import RaiseApi, raise_view

handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500

urlpatterns = [
    path("api/v1/test/raise/<str:kind>", RaiseApi.as_view()),
    path("api/v1/test/django-raise/<str:kind>", raise_view),
    path("test/html-raise/<str:kind>", raise_view),
    *project_urls.urlpatterns,
]
