"""Routes of the token endpoints, mounted under /api/v1/tokens/."""

from config.routing import api_path
from tokens import api

urlpatterns = [
    api_path("balance", api.BalanceApi.as_view(), "tokens-balance"),
    api_path("transactions", api.TransactionListApi.as_view(), "tokens-transactions"),
    api_path("deduct", api.DeductApi.as_view(), "tokens-deduct"),
]
