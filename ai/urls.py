"""Routes of the analysis endpoints, mounted under /api/v1/."""

from ai import api
from config.routing import api_path

urlpatterns = [
    api_path(r"deals/(?P<deal_id>[^/]+)/analyses", api.DealAnalysisApi.as_view(), "deal-analyses"),
    api_path(
        r"analyses/(?P<analysis_id>[^/]+)", api.AnalysisDetailApi.as_view(), "analysis-detail"
    ),
]
