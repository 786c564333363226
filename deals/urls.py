"""Routes of the deal endpoints, mounted under /api/v1/."""

from config.routing import api_path
from deals import api

urlpatterns = [
    api_path("deals", api.DealListApi.as_view(), "deals"),
    api_path(r"deals/(?P<deal_id>[^/]+)", api.DealDetailApi.as_view(), "deal-detail"),
]
