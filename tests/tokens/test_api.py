"""The token endpoints as a client sees them."""

from __future__ import annotations

import pytest
from django.test import override_settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from tests.conftest import PASSWORD
from tests.errors.test_envelope import assert_envelope
from tests.tokens.conftest import balance_of
from tokens.holds import tokens_hold
from tokens.models import TokenTransaction
from tokens.services import tokens_deduct

pytestmark = pytest.mark.django_db

BALANCE = "/api/v1/tokens/balance"
TRANSACTIONS = "/api/v1/tokens/transactions"
DEDUCT = "/api/v1/tokens/deduct"


@pytest.fixture
def client_for(api_client: APIClient):
    def login(user) -> APIClient:
        api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
        return api_client

    return login


@override_settings(SIGNUP_BONUS_TOKENS=100)
def test_registration_grants_the_signup_bonus(api_client: APIClient) -> None:
    payload = {"email": "new@example.com", "password": PASSWORD, "name": "New"}
    assert api_client.post("/api/v1/auth/register", payload, format="json").status_code == 201
    credentials = {"email": payload["email"], "password": PASSWORD}
    pair = api_client.post("/api/v1/auth/token", credentials, format="json").json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    assert api_client.get(BALANCE).json() == {
        "balance": 100,
        "held": 0,
        "available": 100,
        "lifetime_earned": 100,
        "lifetime_spent": 0,
    }
    [bonus] = api_client.get(TRANSACTIONS).json()["results"]
    assert (bonus["transaction_type"], bonus["amount"], bonus["balance_after"]) == (
        "signup_bonus",
        100,
        100,
    )


def test_balance_shows_held_and_available(funded_user, client_for) -> None:
    user = funded_user(30)
    tokens_hold(user=user, amount=12)
    body = client_for(user).get(BALANCE).json()
    assert body == {
        "balance": 30,
        "held": 12,
        "available": 18,
        "lifetime_earned": 30,
        "lifetime_spent": 0,
    }


def test_a_user_without_any_tokens_sees_zeros(user, client_for) -> None:
    assert client_for(user).get(BALANCE).json()["balance"] == 0


def test_deduct_answers_balance_available_and_the_transaction(funded_user, client_for) -> None:
    user = funded_user(30)
    response = client_for(user).post(
        DEDUCT,
        {"amount": 10, "transaction_type": "ai_usage", "description": "manual"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["balance"], body["available"]) == (20, 20)
    transaction = body["transaction"]
    assert set(transaction) == {
        "id",
        "transaction_type",
        "amount",
        "balance_after",
        "description",
        "reference_id",
        "created_at",
    }
    assert (transaction["amount"], transaction["balance_after"]) == (-10, 20)


def test_deduct_without_enough_is_402_and_changes_nothing(funded_user, client_for) -> None:
    user = funded_user(5)
    response = client_for(user).post(
        DEDUCT, {"amount": 10, "transaction_type": "ai_usage"}, format="json"
    )
    body = assert_envelope(response, 402, "TOKEN_INSUFFICIENT_BALANCE")
    assert body["message"] == "Insufficient token balance. Required: 10, Available: 5"
    assert body["details"] == {"required_amount": 10, "available_balance": 5, "missing_amount": 5}
    assert TokenTransaction.objects.filter(account__user=user).count() == 1


@pytest.mark.parametrize("amount", [1.5, "1e3", "10", True, 10**30, None, 0, -3, [], {}])
def test_bad_amounts_are_400_and_change_nothing(funded_user, client_for, amount) -> None:
    user = funded_user(50)
    response = client_for(user).post(
        DEDUCT, {"amount": amount, "transaction_type": "ai_usage"}, format="json"
    )
    body = assert_envelope(response, 400, "VALIDATION_ERROR")
    assert list(body["details"]) == ["amount"]
    assert client_for(user).get(BALANCE).json()["balance"] == 50


@pytest.mark.parametrize("credit_type", ["purchase", "signup_bonus", "refund", "admin_adjustment"])
def test_spending_through_a_credit_type_is_400(funded_user, client_for, credit_type) -> None:
    user = funded_user(50)
    response = client_for(user).post(
        DEDUCT, {"amount": 1, "transaction_type": credit_type}, format="json"
    )
    body = assert_envelope(response, 400, "VALIDATION_ERROR")
    assert "cannot be spent" in body["details"]["transaction_type"][0]


def test_unknown_transaction_type_is_400(funded_user, client_for) -> None:
    user = funded_user(50)
    response = client_for(user).post(
        DEDUCT, {"amount": 1, "transaction_type": "gift"}, format="json"
    )
    assert_envelope(response, 400, "VALIDATION_ERROR")


def test_transactions_are_paginated_newest_first_and_own_only(
    funded_user, make_user, client_for
) -> None:
    user = funded_user(100)
    for amount in range(1, 26):
        tokens_deduct(user=user, amount=1, description=f"charge {amount}")
    other = funded_user(7, email="other@example.com")
    page = client_for(user).get(TRANSACTIONS).json()
    assert page["previous"] is None
    assert len(page["results"]) == 20
    assert page["results"][0]["description"] == "charge 25"
    ids = [row["id"] for row in page["results"]]
    assert ids == sorted(ids, reverse=True)
    second = client_for(user).get(page["next"]).json()
    assert len(second["results"]) == 6
    assert (second["next"], second["results"][-1]["amount"]) == (None, 100)
    assert all(row["balance_after"] != 7 for row in page["results"] + second["results"])
    assert len(client_for(other).get(TRANSACTIONS).json()["results"]) == 1


def test_token_endpoints_need_authentication(api_client: APIClient) -> None:
    for path in (BALANCE, TRANSACTIONS):
        assert_envelope(api_client.get(path), 401, "AUTH_NOT_AUTHENTICATED")
    assert_envelope(
        api_client.post(DEDUCT, {"amount": 1}, format="json"), 401, "AUTH_NOT_AUTHENTICATED"
    )


@pytest.mark.urls("tests.errors.urls")
def test_a_service_that_fails_after_its_debit_changes_nothing(funded_user, api_client) -> None:
    user = funded_user(10)
    response = api_client.get("/api/v1/test/raise/charge-then-crash")
    assert_envelope(response, 500, "SYSTEM_UNHANDLED_ERROR")
    assert balance_of(user) == (10, 0)
    assert TokenTransaction.objects.filter(account__user=user).count() == 1
