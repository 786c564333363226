"""GET balance, GET transactions, POST deduct (with Idempotency-Key)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from errors import exceptions as app_errors
from idempotency.views import IDEMPOTENCY_ERRORS, IDEMPOTENCY_KEY_PARAMETER, idempotent
from throttling.throttles import DEFAULT_THROTTLES, DeductThrottle
from tokens import selectors, services
from tokens.serializers import (
    BalanceSerializer,
    DeductResultSerializer,
    DeductSerializer,
    TransactionSerializer,
)


class BalanceApi(APIView):
    @extend_schema(responses=BalanceSerializer, operation_id="tokens_balance")
    def get(self, request: Request) -> Response:
        return Response(selectors.balance_for(user=request.user))


class TransactionListApi(ListAPIView):
    serializer_class = TransactionSerializer

    def get_queryset(self):
        return selectors.ledger_of(user=self.request.user)

    @extend_schema(operation_id="tokens_transactions")
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)


@idempotent("post")
class DeductApi(APIView):
    throttle_classes = (*DEFAULT_THROTTLES, DeductThrottle)
    error_codes = (app_errors.InsufficientBalanceError, *IDEMPOTENCY_ERRORS)

    @extend_schema(
        request=DeductSerializer,
        responses=DeductResultSerializer,
        parameters=[IDEMPOTENCY_KEY_PARAMETER],
        operation_id="tokens_deduct",
    )
    def post(self, request: Request) -> Response:
        serializer = DeductSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        charge = services.tokens_deduct(user=request.user, **serializer.validated_data)
        balance = selectors.balance_for(user=request.user)
        return Response(
            DeductResultSerializer(
                {
                    "balance": balance["balance"],
                    "available": balance["available"],
                    "transaction": charge,
                }
            ).data
        )
