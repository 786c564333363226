"""Contains all the data models used in inputs/outputs"""

from .access_token import AccessToken
from .analysis import Analysis
from .analysis_error import AnalysisError
from .analysis_queued import AnalysisQueued
from .analysis_result import AnalysisResult
from .analysis_status_enum import AnalysisStatusEnum
from .balance import Balance
from .category_enum import CategoryEnum
from .client_error_report_request import ClientErrorReportRequest
from .code_enum import CodeEnum
from .currency_enum import CurrencyEnum
from .deal import Deal
from .deal_request import DealRequest
from .deal_update_request import DealUpdateRequest
from .deduct_request import DeductRequest
from .deduct_result import DeductResult
from .deduct_transaction_type_enum import DeductTransactionTypeEnum
from .duplicate_deal_details import DuplicateDealDetails
from .error_catalogue_entry import ErrorCatalogueEntry
from .error_envelope import ErrorEnvelope
from .error_envelope_details_type_6 import ErrorEnvelopeDetailsType6
from .health import Health
from .insufficient_balance_details import InsufficientBalanceDetails
from .kind_enum import KindEnum
from .paginated_analysis_list import PaginatedAnalysisList
from .paginated_deal_list import PaginatedDealList
from .paginated_transaction_list import PaginatedTransactionList
from .patched_deal_update_request import PatchedDealUpdateRequest
from .problem_details import ProblemDetails
from .problem_details_details import ProblemDetailsDetails
from .problem_details_errors_item import ProblemDetailsErrorsItem
from .rate_limit_details import RateLimitDetails
from .readiness import Readiness
from .readiness_checks import ReadinessChecks
from .register_request import RegisterRequest
from .resource_locked_details import ResourceLockedDetails
from .token_obtain_request import TokenObtainRequest
from .token_pair import TokenPair
from .token_refresh_request import TokenRefreshRequest
from .transaction import Transaction
from .transaction_transaction_type_enum import TransactionTransactionTypeEnum
from .user import User
from .validation_details import ValidationDetails
from .verdict_enum import VerdictEnum
from .version_mismatch_details import VersionMismatchDetails

__all__ = (
    "AccessToken",
    "Analysis",
    "AnalysisError",
    "AnalysisQueued",
    "AnalysisResult",
    "AnalysisStatusEnum",
    "Balance",
    "CategoryEnum",
    "ClientErrorReportRequest",
    "CodeEnum",
    "CurrencyEnum",
    "Deal",
    "DealRequest",
    "DealUpdateRequest",
    "DeductRequest",
    "DeductResult",
    "DeductTransactionTypeEnum",
    "DuplicateDealDetails",
    "ErrorCatalogueEntry",
    "ErrorEnvelope",
    "ErrorEnvelopeDetailsType6",
    "Health",
    "InsufficientBalanceDetails",
    "KindEnum",
    "PaginatedAnalysisList",
    "PaginatedDealList",
    "PaginatedTransactionList",
    "PatchedDealUpdateRequest",
    "ProblemDetails",
    "ProblemDetailsDetails",
    "ProblemDetailsErrorsItem",
    "RateLimitDetails",
    "Readiness",
    "ReadinessChecks",
    "RegisterRequest",
    "ResourceLockedDetails",
    "TokenObtainRequest",
    "TokenPair",
    "TokenRefreshRequest",
    "Transaction",
    "TransactionTransactionTypeEnum",
    "User",
    "ValidationDetails",
    "VerdictEnum",
    "VersionMismatchDetails",
)
