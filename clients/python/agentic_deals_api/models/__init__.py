"""Contains all the data models used in inputs/outputs"""

from .access_token import AccessToken
from .ai_invalid_response_error import AiInvalidResponseError
from .ai_invalid_response_problem import AiInvalidResponseProblem
from .analysis import Analysis
from .analysis_error import AnalysisError
from .analysis_queued import AnalysisQueued
from .analysis_result import AnalysisResult
from .analysis_status_enum import AnalysisStatusEnum
from .auth_invalid_credentials_error import AuthInvalidCredentialsError
from .auth_invalid_credentials_problem import AuthInvalidCredentialsProblem
from .auth_not_authenticated_error import AuthNotAuthenticatedError
from .auth_not_authenticated_problem import AuthNotAuthenticatedProblem
from .auth_token_expired_error import AuthTokenExpiredError
from .auth_token_expired_problem import AuthTokenExpiredProblem
from .auth_token_invalid_error import AuthTokenInvalidError
from .auth_token_invalid_problem import AuthTokenInvalidProblem
from .balance import Balance
from .category_enum import CategoryEnum
from .client_error_report_request import ClientErrorReportRequest
from .code_enum import CodeEnum
from .conflict_concurrent_update_error import ConflictConcurrentUpdateError
from .conflict_concurrent_update_problem import ConflictConcurrentUpdateProblem
from .conflict_constraint_violation_error import ConflictConstraintViolationError
from .conflict_constraint_violation_problem import ConflictConstraintViolationProblem
from .conflict_duplicate_deal_error import ConflictDuplicateDealError
from .conflict_duplicate_deal_problem import ConflictDuplicateDealProblem
from .conflict_duplicate_resource_error import ConflictDuplicateResourceError
from .conflict_duplicate_resource_problem import ConflictDuplicateResourceProblem
from .conflict_email_exists_error import ConflictEmailExistsError
from .conflict_email_exists_problem import ConflictEmailExistsProblem
from .conflict_hold_resolved_error import ConflictHoldResolvedError
from .conflict_hold_resolved_problem import ConflictHoldResolvedProblem
from .conflict_idempotency_key_reused_error import ConflictIdempotencyKeyReusedError
from .conflict_idempotency_key_reused_problem import ConflictIdempotencyKeyReusedProblem
from .conflict_request_in_progress_error import ConflictRequestInProgressError
from .conflict_request_in_progress_problem import ConflictRequestInProgressProblem
from .conflict_resource_locked_error import ConflictResourceLockedError
from .conflict_resource_locked_problem import ConflictResourceLockedProblem
from .conflict_version_mismatch_error import ConflictVersionMismatchError
from .conflict_version_mismatch_problem import ConflictVersionMismatchProblem
from .currency_enum import CurrencyEnum
from .deal import Deal
from .deal_list_item import DealListItem
from .deal_request import DealRequest
from .deal_update_request import DealUpdateRequest
from .deduct_request import DeductRequest
from .deduct_result import DeductResult
from .deduct_transaction_type_enum import DeductTransactionTypeEnum
from .dependency_details import DependencyDetails
from .dependency_details_checks import DependencyDetailsChecks
from .dependency_details_checks_additional_property import (
    DependencyDetailsChecksAdditionalProperty,
)
from .duplicate_deal_details import DuplicateDealDetails
from .error_catalogue_entry import ErrorCatalogueEntry
from .field_error import FieldError
from .forbidden_csrf_failed_error import ForbiddenCsrfFailedError
from .forbidden_csrf_failed_problem import ForbiddenCsrfFailedProblem
from .forbidden_not_owner_error import ForbiddenNotOwnerError
from .forbidden_not_owner_problem import ForbiddenNotOwnerProblem
from .forbidden_permission_denied_error import ForbiddenPermissionDeniedError
from .forbidden_permission_denied_problem import ForbiddenPermissionDeniedProblem
from .health import Health
from .hold_resolved_details import HoldResolvedDetails
from .http_405_error import Http405Error
from .http_405_problem import Http405Problem
from .http_406_error import Http406Error
from .http_406_problem import Http406Problem
from .http_408_error import Http408Error
from .http_408_problem import Http408Problem
from .http_413_error import Http413Error
from .http_413_problem import Http413Problem
from .http_414_error import Http414Error
from .http_414_problem import Http414Problem
from .http_415_error import Http415Error
from .http_415_problem import Http415Problem
from .http_428_error import Http428Error
from .http_428_problem import Http428Problem
from .http_431_error import Http431Error
from .http_431_problem import Http431Problem
from .http_501_error import Http501Error
from .http_501_problem import Http501Problem
from .http_502_error import Http502Error
from .http_502_problem import Http502Problem
from .http_504_error import Http504Error
from .http_504_problem import Http504Problem
from .http_505_error import Http505Error
from .http_505_problem import Http505Problem
from .insufficient_balance_details import InsufficientBalanceDetails
from .integration_ai_unavailable_error import IntegrationAiUnavailableError
from .integration_ai_unavailable_problem import IntegrationAiUnavailableProblem
from .integration_upstream_error_error import IntegrationUpstreamErrorError
from .integration_upstream_error_problem import IntegrationUpstreamErrorProblem
from .kind_enum import KindEnum
from .latest_analysis import LatestAnalysis
from .no_details import NoDetails
from .paginated_analysis_list import PaginatedAnalysisList
from .paginated_deal_list_item_list import PaginatedDealListItemList
from .paginated_transaction_list import PaginatedTransactionList
from .paginated_webhook_delivery_list import PaginatedWebhookDeliveryList
from .paginated_webhook_endpoint_list import PaginatedWebhookEndpointList
from .password_change_request import PasswordChangeRequest
from .patched_deal_update_request import PatchedDealUpdateRequest
from .patched_webhook_endpoint_update_request import PatchedWebhookEndpointUpdateRequest
from .payload_too_large_details import PayloadTooLargeDetails
from .permission_denied_details import PermissionDeniedDetails
from .permission_denied_details_reason_enum import PermissionDeniedDetailsReasonEnum
from .providers_details import ProvidersDetails
from .providers_details_providers import ProvidersDetailsProviders
from .rate_limit_details import RateLimitDetails
from .rate_limit_exceeded_error import RateLimitExceededError
from .rate_limit_exceeded_problem import RateLimitExceededProblem
from .readiness import Readiness
from .readiness_checks import ReadinessChecks
from .register_request import RegisterRequest
from .resource_locked_details import ResourceLockedDetails
from .resource_not_found_error import ResourceNotFoundError
from .resource_not_found_problem import ResourceNotFoundProblem
from .retry_after_details import RetryAfterDetails
from .sessions_ended import SessionsEnded
from .sign_in_session import SignInSession
from .system_database_busy_error import SystemDatabaseBusyError
from .system_database_busy_problem import SystemDatabaseBusyProblem
from .system_database_unavailable_error import SystemDatabaseUnavailableError
from .system_database_unavailable_problem import SystemDatabaseUnavailableProblem
from .system_dependency_unavailable_error import SystemDependencyUnavailableError
from .system_dependency_unavailable_problem import SystemDependencyUnavailableProblem
from .system_overloaded_error import SystemOverloadedError
from .system_overloaded_problem import SystemOverloadedProblem
from .system_rate_limiter_unavailable_error import SystemRateLimiterUnavailableError
from .system_rate_limiter_unavailable_problem import SystemRateLimiterUnavailableProblem
from .system_unhandled_error_error import SystemUnhandledErrorError
from .system_unhandled_error_problem import SystemUnhandledErrorProblem
from .token_insufficient_balance_error import TokenInsufficientBalanceError
from .token_insufficient_balance_problem import TokenInsufficientBalanceProblem
from .token_invalid_details import TokenInvalidDetails
from .token_invalid_details_reason_enum import TokenInvalidDetailsReasonEnum
from .token_obtain_request import TokenObtainRequest
from .token_pair import TokenPair
from .token_refresh_request import TokenRefreshRequest
from .transaction import Transaction
from .transaction_transaction_type_enum import TransactionTransactionTypeEnum
from .unhandled_details import UnhandledDetails
from .user import User
from .validation_bad_request_error import ValidationBadRequestError
from .validation_bad_request_problem import ValidationBadRequestProblem
from .validation_details import ValidationDetails
from .validation_error_error import ValidationErrorError
from .validation_error_problem import ValidationErrorProblem
from .validation_malformed_body_error import ValidationMalformedBodyError
from .validation_malformed_body_problem import ValidationMalformedBodyProblem
from .verdict_enum import VerdictEnum
from .version_mismatch_details import VersionMismatchDetails
from .webhook_delivery import WebhookDelivery
from .webhook_delivery_status_enum import WebhookDeliveryStatusEnum
from .webhook_endpoint import WebhookEndpoint
from .webhook_endpoint_request import WebhookEndpointRequest
from .webhook_endpoint_with_secret import WebhookEndpointWithSecret
from .webhook_event_type_enum import WebhookEventTypeEnum
from .webhook_subscribable_event_type_enum import WebhookSubscribableEventTypeEnum

__all__ = (
    "AccessToken",
    "AiInvalidResponseError",
    "AiInvalidResponseProblem",
    "Analysis",
    "AnalysisError",
    "AnalysisQueued",
    "AnalysisResult",
    "AnalysisStatusEnum",
    "AuthInvalidCredentialsError",
    "AuthInvalidCredentialsProblem",
    "AuthNotAuthenticatedError",
    "AuthNotAuthenticatedProblem",
    "AuthTokenExpiredError",
    "AuthTokenExpiredProblem",
    "AuthTokenInvalidError",
    "AuthTokenInvalidProblem",
    "Balance",
    "CategoryEnum",
    "ClientErrorReportRequest",
    "CodeEnum",
    "ConflictConcurrentUpdateError",
    "ConflictConcurrentUpdateProblem",
    "ConflictConstraintViolationError",
    "ConflictConstraintViolationProblem",
    "ConflictDuplicateDealError",
    "ConflictDuplicateDealProblem",
    "ConflictDuplicateResourceError",
    "ConflictDuplicateResourceProblem",
    "ConflictEmailExistsError",
    "ConflictEmailExistsProblem",
    "ConflictHoldResolvedError",
    "ConflictHoldResolvedProblem",
    "ConflictIdempotencyKeyReusedError",
    "ConflictIdempotencyKeyReusedProblem",
    "ConflictRequestInProgressError",
    "ConflictRequestInProgressProblem",
    "ConflictResourceLockedError",
    "ConflictResourceLockedProblem",
    "ConflictVersionMismatchError",
    "ConflictVersionMismatchProblem",
    "CurrencyEnum",
    "Deal",
    "DealListItem",
    "DealRequest",
    "DealUpdateRequest",
    "DeductRequest",
    "DeductResult",
    "DeductTransactionTypeEnum",
    "DependencyDetails",
    "DependencyDetailsChecks",
    "DependencyDetailsChecksAdditionalProperty",
    "DuplicateDealDetails",
    "ErrorCatalogueEntry",
    "FieldError",
    "ForbiddenCsrfFailedError",
    "ForbiddenCsrfFailedProblem",
    "ForbiddenNotOwnerError",
    "ForbiddenNotOwnerProblem",
    "ForbiddenPermissionDeniedError",
    "ForbiddenPermissionDeniedProblem",
    "Health",
    "HoldResolvedDetails",
    "Http405Error",
    "Http405Problem",
    "Http406Error",
    "Http406Problem",
    "Http408Error",
    "Http408Problem",
    "Http413Error",
    "Http413Problem",
    "Http414Error",
    "Http414Problem",
    "Http415Error",
    "Http415Problem",
    "Http428Error",
    "Http428Problem",
    "Http431Error",
    "Http431Problem",
    "Http501Error",
    "Http501Problem",
    "Http502Error",
    "Http502Problem",
    "Http504Error",
    "Http504Problem",
    "Http505Error",
    "Http505Problem",
    "InsufficientBalanceDetails",
    "IntegrationAiUnavailableError",
    "IntegrationAiUnavailableProblem",
    "IntegrationUpstreamErrorError",
    "IntegrationUpstreamErrorProblem",
    "KindEnum",
    "LatestAnalysis",
    "NoDetails",
    "PaginatedAnalysisList",
    "PaginatedDealListItemList",
    "PaginatedTransactionList",
    "PaginatedWebhookDeliveryList",
    "PaginatedWebhookEndpointList",
    "PasswordChangeRequest",
    "PatchedDealUpdateRequest",
    "PatchedWebhookEndpointUpdateRequest",
    "PayloadTooLargeDetails",
    "PermissionDeniedDetails",
    "PermissionDeniedDetailsReasonEnum",
    "ProvidersDetails",
    "ProvidersDetailsProviders",
    "RateLimitDetails",
    "RateLimitExceededError",
    "RateLimitExceededProblem",
    "Readiness",
    "ReadinessChecks",
    "RegisterRequest",
    "ResourceLockedDetails",
    "ResourceNotFoundError",
    "ResourceNotFoundProblem",
    "RetryAfterDetails",
    "SessionsEnded",
    "SignInSession",
    "SystemDatabaseBusyError",
    "SystemDatabaseBusyProblem",
    "SystemDatabaseUnavailableError",
    "SystemDatabaseUnavailableProblem",
    "SystemDependencyUnavailableError",
    "SystemDependencyUnavailableProblem",
    "SystemOverloadedError",
    "SystemOverloadedProblem",
    "SystemRateLimiterUnavailableError",
    "SystemRateLimiterUnavailableProblem",
    "SystemUnhandledErrorError",
    "SystemUnhandledErrorProblem",
    "TokenInsufficientBalanceError",
    "TokenInsufficientBalanceProblem",
    "TokenInvalidDetails",
    "TokenInvalidDetailsReasonEnum",
    "TokenObtainRequest",
    "TokenPair",
    "TokenRefreshRequest",
    "Transaction",
    "TransactionTransactionTypeEnum",
    "UnhandledDetails",
    "User",
    "ValidationBadRequestError",
    "ValidationBadRequestProblem",
    "ValidationDetails",
    "ValidationErrorError",
    "ValidationErrorProblem",
    "ValidationMalformedBodyError",
    "ValidationMalformedBodyProblem",
    "VerdictEnum",
    "VersionMismatchDetails",
    "WebhookDelivery",
    "WebhookDeliveryStatusEnum",
    "WebhookEndpoint",
    "WebhookEndpointRequest",
    "WebhookEndpointWithSecret",
    "WebhookEventTypeEnum",
    "WebhookSubscribableEventTypeEnum",
)
