"""The bare DRF project of bench/realistic.py: the same models, database and ledger writes, with
Django's and DRF's stock plumbing (startproject middleware, simplejwt's authentication, DRF's
default exception handler, no throttles, envelope, request ids, metrics or JSON access lines).

Settings, URLconf and views in one module; it runs with the repository on the path.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "realistic_baseline")

from config.settings import *  # noqa: F403 - the same apps, database and keys

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = __name__
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
}
LOGGING_CONFIG = None


from django.core.wsgi import get_wsgi_application

# Django is set up before DRF is imported: DRF imports the authentication classes, and those the
# user model.
application = get_wsgi_application()

from django.shortcuts import get_object_or_404
from django.urls import path
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from deals.models import Deal
from tokens.models import TokenAccount
from tokens.services import tokens_deduct


class DealSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deal
        fields = (
            "id",
            "title",
            "description",
            "price",
            "original_price",
            "currency",
            "url",
            "category",
            "version",
            "created_at",
            "updated_at",
        )
        read_only_fields = ("id", "version", "created_at", "updated_at")


class DealList(generics.ListCreateAPIView):
    serializer_class = DealSerializer

    def get_queryset(self):
        return Deal.objects.filter(owner=self.request.user).order_by("-created_at", "-id")

    def perform_create(self, serializer):
        serializer.save(owner=self.request.user)


class DealDetail(generics.RetrieveUpdateDestroyAPIView):
    serializer_class = DealSerializer

    def get_object(self):
        return get_object_or_404(Deal, pk=self.kwargs["pk"], owner=self.request.user)

    def perform_update(self, serializer):
        serializer.save(version=serializer.instance.version + 1)


class Balance(APIView):
    def get(self, request):
        account = TokenAccount.objects.get(user=request.user)
        return Response(
            {
                "balance": account.balance,
                "held": account.held,
                "available": account.balance - account.held,
                "lifetime_earned": account.lifetime_earned,
                "lifetime_spent": account.lifetime_spent,
            }
        )


class DeductSerializer(serializers.Serializer):
    amount = serializers.IntegerField(min_value=1)
    transaction_type = serializers.CharField()
    description = serializers.CharField(required=False, default="")


class Deduct(APIView):
    def post(self, request):
        serializer = DeductSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        charge = tokens_deduct(user=request.user, **serializer.validated_data)
        account = TokenAccount.objects.get(user=request.user)
        return Response(
            {"balance": account.balance, "available": account.available, "id": charge.pk},
            status=status.HTTP_200_OK,
        )


urlpatterns = [
    path("api/v1/deals", DealList.as_view()),
    path("api/v1/deals/<int:pk>", DealDetail.as_view()),
    path("api/v1/tokens/balance", Balance.as_view()),
    path("api/v1/tokens/deduct", Deduct.as_view()),
]
