"""The deals API: validation, ownership, duplicates and stale writes."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from deals.models import Deal
from tests.errors.test_envelope import assert_envelope
from tests.support.clients import client_for
from tests.support.threads import race

DEALS = "/api/v1/deals"
VALID = {
    "title": "Noise-cancelling headphones",
    "description": "Over-ear, 30 h battery",
    "price": "199.99",
    "original_price": "349.00",
    "currency": "EUR",
    "url": "https://shop.example/headphones",
    "category": "electronics",
}


@pytest.fixture
def ada(make_user):
    return make_user(email="ada@example.com")


@pytest.fixture
def bob(make_user):
    return make_user(email="bob@example.com", name="Bob")


def create(user, **overrides):
    return client_for(user).post(DEALS, {**VALID, **overrides}, format="json")


@pytest.mark.django_db
def test_create_answers_201_with_the_deal_and_an_etag(ada) -> None:
    response = create(ada)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {
        "id",
        "title",
        "description",
        "price",
        "original_price",
        "currency",
        "url",
        "category",
        "discount_percent",
        "version",
        "created_at",
        "updated_at",
    }
    assert (body["price"], body["original_price"], body["version"]) == ("199.99", "349.00", 1)
    assert body["discount_percent"] == 42.7
    assert response["ETag"] == '"1"'
    assert response["Location"] == f"/api/v1/deals/{body['id']}"


@pytest.mark.django_db
def test_defaults_apply_to_optional_fields(ada) -> None:
    body = client_for(ada).post(DEALS, {"title": "Kettle", "price": "20"}, format="json").json()
    assert (body["currency"], body["category"], body["url"], body["original_price"]) == (
        "USD",
        "other",
        "",
        None,
    )


INVALID = [
    ({"title": "ab"}, "title"),
    ({"title": "   ab   "}, "title"),
    ({"title": "     "}, "title"),
    ({"title": "x" * 101}, "title"),
    ({"title": "x" * 10_000}, "title"),
    ({"title": "nul\x00byte"}, "title"),
    ({"title": None}, "title"),
    ({"description": "d" * 1001}, "description"),
    ({"description": "a\x00b"}, "description"),
    ({"price": "0"}, "price"),
    ({"price": "-5"}, "price"),
    ({"price": "1.999"}, "price"),
    ({"price": "NaN"}, "price"),
    ({"price": "Infinity"}, "price"),
    ({"price": "-Infinity"}, "price"),
    ({"price": "1e400"}, "price"),
    ({"price": "1000000000.01"}, "price"),
    ({"price": "12abc"}, "price"),
    ({"price": True}, "price"),
    ({"price": None}, "price"),
    ({"price": []}, "price"),
    ({"original_price": "199.99"}, "original_price"),
    ({"original_price": "100"}, "original_price"),
    ({"currency": "XYZ"}, "currency"),
    ({"currency": "EURO"}, "currency"),
    ({"currency": ""}, "currency"),
    ({"url": "ftp://shop.example/x"}, "url"),
    ({"url": "javascript:alert(1)"}, "url"),
    ({"url": "https://"}, "url"),
    ({"url": "not a url"}, "url"),
    ({"url": "http://[x"}, "url"),
    ({"url": "http://a\uff03b.com/"}, "url"),
    ({"url": "https://exa mple.com/"}, "url"),
    ({"url": "https://x.example/" + "a" * 2100}, "url"),
    ({"category": "weapons"}, "category"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("version", [None, 7, "one"])
def test_a_create_starts_at_version_1_whatever_version_it_sends(ada, version) -> None:
    """Not part of a create body: a client dumping every field (`"version": null`) is not 400."""
    response = create(ada, version=version)
    assert response.status_code == 201
    assert response.json()["version"] == 1


@pytest.mark.django_db
def test_an_update_with_a_version_that_is_no_number_is_400_naming_it(ada) -> None:
    deal = create(ada).json()
    response = client_for(ada).patch(f"{DEALS}/{deal['id']}", {"version": "one"}, format="json")
    body = assert_envelope(response, 400, "VALIDATION_ERROR")
    assert "version" in body["details"]


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "field"), INVALID)
def test_every_validation_rule_is_a_400_naming_the_field(ada, overrides, field) -> None:
    response = create(ada, **overrides)
    body = assert_envelope(response, 400, "VALIDATION_ERROR")
    assert field in body["details"], body
    assert Deal.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("literal", ["1e400", "-1e400", "1E+309", "0.0000000001"])
def test_json_numbers_beyond_a_price_are_400(ada, literal) -> None:
    raw = f'{{"title": "Kettle", "price": {literal}}}'
    response = client_for(ada).generic("POST", DEALS, raw, content_type="application/json")
    body = assert_envelope(response, 400, "VALIDATION_ERROR")
    assert "price" in body["details"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", 12345, "Must be a string."),
        ("description", True, "Must be a string."),
        ("price", 19.99, 'Must be a decimal string, such as "19.99".'),
        ("currency", 978, "Must be a string."),
        ("category", 1, "Must be a string."),
    ],
)
def test_a_number_where_text_is_expected_is_refused_naming_the_field(
    ada, field, value, message
) -> None:
    body = assert_envelope(create(ada, **{field: value}), 400, "VALIDATION_ERROR")
    assert body["details"] == {field: [message]}
    assert not Deal.objects.exists()


@pytest.mark.django_db
def test_several_invalid_fields_are_reported_together(ada) -> None:
    response = client_for(ada).post(
        DEALS, {"title": "", "price": "-1", "currency": "??"}, format="json"
    )
    body = assert_envelope(response, 400, "VALIDATION_ERROR")
    assert {"title", "price", "currency"} <= set(body["details"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("price", "0"),
        ("price", "-1"),
        ("original_price", "1.00"),
        ("title", "'  a '"),
        ("currency", "'ABC'"),
        ("url", "'ftp://x'"),
        ("category", "'weapons'"),
        ("version", "0"),
    ],
)
def test_the_database_refuses_a_bad_row_by_any_road(ada, column, value) -> None:
    deal_id = create(ada).json()["id"]
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE deals_deal SET {column} = {value} WHERE id = %s", [deal_id])  # noqa: S608


@pytest.mark.django_db
def test_the_same_url_twice_is_409_with_the_existing_deal(ada, bob) -> None:
    first = create(ada).json()
    response = create(ada, title="Same thing again")
    body = assert_envelope(response, 409, "CONFLICT_DUPLICATE_DEAL")
    assert body["details"] == {"deal_id": first["id"]}
    assert create(bob).status_code == 201
    assert create(ada, url="").status_code == 201
    assert create(ada, url="").status_code == 201


@pytest.mark.django_db
def test_list_is_own_deals_newest_first_with_filters(ada, bob) -> None:
    create(
        ada,
        url="https://a.example/1",
        title="Cheap kettle",
        price="10",
        original_price=None,
        category="home",
    )
    create(ada, url="https://a.example/2", title="Laptop deal", price="900", original_price=None)
    create(
        bob,
        url="https://b.example/1",
        title="Bob's kettle",
        price="15",
        original_price=None,
        category="home",
    )
    client = client_for(ada)
    everything = client.get(DEALS).json()
    assert [deal["title"] for deal in everything["results"]] == ["Laptop deal", "Cheap kettle"]
    assert len(client.get(DEALS, {"category": "home"}).json()["results"]) == 1
    assert client.get(DEALS, {"min_price": "100"}).json()["results"][0]["title"] == "Laptop deal"
    assert client.get(DEALS, {"max_price": "100"}).json()["results"][0]["title"] == "Cheap kettle"
    assert len(client.get(DEALS, {"search": "KETTLE"}).json()["results"]) == 1
    assert len(client_for(bob).get(DEALS).json()["results"]) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"min_price": "abc"},
        {"category": "weapons"},
        {"max_price": "1e400"},
        {"search": "a\x00b"},
        {"page": "2"},
        {"cursor": "x"},
    ],
)
def test_bad_filters_are_400_naming_the_parameter_never_500(ada, query) -> None:
    create(ada)
    response = client_for(ada).get(DEALS, query)
    body = assert_envelope(response, 400, "VALIDATION_ERROR")
    assert list(body["details"]) == list(query)


@pytest.mark.django_db
def test_another_users_deal_is_403_for_every_method_and_changes_nothing(ada, bob) -> None:
    deal = create(ada).json()
    url = f"{DEALS}/{deal['id']}"
    thief = client_for(bob)
    assert_envelope(thief.get(url), 403, "FORBIDDEN_NOT_OWNER")
    assert_envelope(
        thief.patch(url, {"title": "Mine now", "version": 1}, format="json"),
        403,
        "FORBIDDEN_NOT_OWNER",
    )
    assert_envelope(
        thief.put(url, {**VALID, "version": 1}, format="json"), 403, "FORBIDDEN_NOT_OWNER"
    )
    assert_envelope(thief.delete(url), 403, "FORBIDDEN_NOT_OWNER")
    assert Deal.objects.get(pk=deal["id"]).title == VALID["title"]
    assert all(item["id"] != deal["id"] for item in thief.get(DEALS).json()["results"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "deal_id", ["999999", "abc", "0", "-1", "99999999999999999999999", "1.5", "%00"]
)
def test_a_missing_or_malformed_id_is_404(ada, deal_id) -> None:
    client = client_for(ada)
    for method in ("get", "delete"):
        assert_envelope(getattr(client, method)(f"{DEALS}/{deal_id}"), 404, "RESOURCE_NOT_FOUND")
    assert_envelope(
        client.patch(f"{DEALS}/{deal_id}", {"version": 1}, format="json"), 404, "RESOURCE_NOT_FOUND"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("spelling", ["0{id}", "+{id}", "%20{id}", "{arabic}", "{id}.0"])
def test_another_spelling_of_an_existing_id_names_nothing(ada, spelling) -> None:
    """Ids are ASCII digits without sign or leading zero: no second spelling reaches a deal."""
    client = client_for(ada)
    deal = client.post(DEALS, {"title": "Kettle", "price": "20.00"}, format="json").json()
    arabic = "".join(chr(0x0660 + int(digit)) for digit in str(deal["id"]))
    path = f"{DEALS}/{spelling.format(id=deal['id'], arabic=arabic)}"
    for method in ("get", "delete"):
        assert_envelope(getattr(client, method)(path), 404, "RESOURCE_NOT_FOUND")
    assert_envelope(client.post(f"{path}/analyses"), 404, "RESOURCE_NOT_FOUND")
    assert client.get(f"{DEALS}/{deal['id']}").status_code == 200


@pytest.mark.django_db
def test_patch_with_the_current_version_bumps_it(ada) -> None:
    deal = create(ada).json()
    url = f"{DEALS}/{deal['id']}"
    response = client_for(ada).patch(url, {"price": "149.99", "version": 1}, format="json")
    assert response.status_code == 200
    assert (response.json()["price"], response.json()["version"]) == ("149.99", 2)
    assert response["ETag"] == '"2"'


@pytest.mark.django_db
def test_a_stale_version_is_409_with_the_current_one_and_changes_nothing(ada) -> None:
    deal = create(ada).json()
    url = f"{DEALS}/{deal['id']}"
    client = client_for(ada)
    client.patch(url, {"price": "150", "version": 1}, format="json")
    response = client.patch(url, {"price": "100", "version": 1}, format="json")
    body = assert_envelope(response, 409, "CONFLICT_VERSION_MISMATCH")
    assert body["details"] == {"current_version": 2}
    assert client.get(url).json()["price"] == "150.00"


@pytest.mark.django_db
def test_if_match_carries_the_version_instead_of_the_body(ada) -> None:
    deal = create(ada).json()
    url = f"{DEALS}/{deal['id']}"
    client = client_for(ada)
    etag = client.get(url)["ETag"]
    assert (
        client.patch(url, {"title": "Renamed"}, format="json", HTTP_IF_MATCH=etag).status_code
        == 200
    )
    stale = client.patch(url, {"title": "Again"}, format="json", HTTP_IF_MATCH=etag)
    assert_envelope(stale, 409, "CONFLICT_VERSION_MISMATCH")
    assert_envelope(
        client.patch(url, {"title": "Again"}, format="json", HTTP_IF_MATCH="garbage"),
        400,
        "VALIDATION_ERROR",
    )


@pytest.mark.django_db
def test_an_update_that_names_no_version_is_428_and_changes_nothing(ada) -> None:
    deal = create(ada).json()
    body = assert_envelope(
        client_for(ada).patch(f"{DEALS}/{deal['id']}", {"title": "New"}, format="json"),
        428,
        "HTTP_428",
    )
    assert set(body["details"]) == {"If-Match", "version"}
    assert Deal.objects.get(pk=deal["id"]).title == deal["title"]


@pytest.mark.django_db
def test_put_replaces_the_deal_and_patch_checks_prices_against_the_stored_ones(ada) -> None:
    deal = create(ada).json()
    url = f"{DEALS}/{deal['id']}"
    client = client_for(ada)
    response = client.put(
        url, {"title": "Plain kettle", "price": "30", "version": 1}, format="json"
    )
    assert response.status_code == 200
    assert (
        response.json()["url"],
        response.json()["original_price"],
        response.json()["currency"],
    ) == ("", None, "USD")
    client.patch(url, {"original_price": "40", "version": 2}, format="json")
    body = assert_envelope(
        client.patch(url, {"price": "45", "version": 3}, format="json"), 400, "VALIDATION_ERROR"
    )
    assert "original_price" in body["details"]


@pytest.mark.django_db
def test_changing_the_url_to_another_deals_url_is_409(ada) -> None:
    first = create(ada).json()
    second = create(ada, url="https://shop.example/other").json()
    response = client_for(ada).patch(
        f"{DEALS}/{second['id']}", {"url": VALID["url"], "version": 1}, format="json"
    )
    body = assert_envelope(response, 409, "CONFLICT_DUPLICATE_DEAL")
    assert body["details"] == {"deal_id": first["id"]}


@pytest.mark.django_db
def test_delete_answers_204_then_404(ada) -> None:
    deal = create(ada).json()
    client = client_for(ada)
    assert client.delete(f"{DEALS}/{deal['id']}").status_code == 204
    assert_envelope(client.get(f"{DEALS}/{deal['id']}"), 404, "RESOURCE_NOT_FOUND")


@pytest.mark.django_db
def test_a_replayed_create_keeps_its_etag(ada) -> None:
    client = client_for(ada)
    client.post(DEALS, VALID, format="json", HTTP_IDEMPOTENCY_KEY="create-etag")
    again = client.post(DEALS, VALID, format="json", HTTP_IDEMPOTENCY_KEY="create-etag")
    assert again["ETag"] == '"1"'


@pytest.mark.django_db
def test_a_nul_byte_echoed_in_an_error_does_not_wedge_the_key(ada) -> None:
    client = client_for(ada)
    bad = {**VALID, "category": "x\u0000y"}
    first = client.post(DEALS, bad, format="json", HTTP_IDEMPOTENCY_KEY="nul-key")
    body = assert_envelope(first, 400, "VALIDATION_ERROR")
    assert "category" in body["details"]
    again = client.post(DEALS, bad, format="json", HTTP_IDEMPOTENCY_KEY="nul-key")
    assert again.status_code == 400
    assert again["Idempotent-Replayed"] == "true"
    assert "category" in again.json()["details"]


@pytest.mark.django_db
def test_post_accepts_an_idempotency_key(ada) -> None:
    client = client_for(ada)
    first = client.post(DEALS, VALID, format="json", HTTP_IDEMPOTENCY_KEY="create-1")
    again = client.post(DEALS, VALID, format="json", HTTP_IDEMPOTENCY_KEY="create-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Deal.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_threads_patching_the_same_version_exactly_one_wins(ada) -> None:
    deal = create(ada).json()
    url = f"{DEALS}/{deal['id']}"
    prices = ["111.00", "122.00"]
    results = race(
        lambda index: client_for(ada).patch(
            url, {"price": prices[index], "version": 1}, format="json"
        ),
        threads=2,
    )
    statuses = sorted(response.status_code for response in results)
    assert statuses == [200, 409]
    winner = next(response for response in results if response.status_code == 200).json()
    stored = Deal.objects.get(pk=deal["id"])
    assert (str(stored.price), stored.version) == (winner["price"], 2)


@pytest.mark.django_db(transaction=True)
def test_a_create_that_loses_the_race_inside_the_database_is_409(ada) -> None:
    """The pre-check cannot see an uncommitted row; the unique index then decides."""
    import threading

    from deals.services import deal_create

    inserted = threading.Event()
    release = threading.Event()

    def first_writer() -> None:
        with transaction.atomic():
            Deal.objects.create(owner=ada, title="First", price="10", url=VALID["url"])
            inserted.set()
            release.wait(timeout=30)
        connection.close()

    writer = threading.Thread(target=first_writer)
    writer.start()
    assert inserted.wait(timeout=30)
    outcome: dict[str, object] = {}

    def second_writer() -> None:
        try:
            deal_create(owner=ada, title="Second", price="10", url=VALID["url"])
        except Exception as exc:
            outcome["error"] = exc
        finally:
            connection.close()

    second = threading.Thread(target=second_writer)
    second.start()
    # Let the second insert reach the unique index and wait on the first's row lock.
    with connection.cursor() as cursor:
        for _ in range(300):
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
            if cursor.fetchone()[0]:
                break
            threading.Event().wait(0.01)
    release.set()
    writer.join()
    second.join()
    error = outcome["error"]
    assert getattr(error, "code", None) == "CONFLICT_DUPLICATE_DEAL"
    assert error.details == {"deal_id": Deal.objects.get().pk}


@pytest.mark.django_db(transaction=True)
def test_two_threads_creating_the_same_url_one_201_one_409(ada) -> None:
    results = race(lambda _: create(ada), threads=2)
    assert sorted(response.status_code for response in results) == [201, 409]
    assert Deal.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_ten_threads_patching_one_version_leave_one_winner(ada) -> None:
    deal = create(ada).json()
    url = f"{DEALS}/{deal['id']}"
    results = race(
        lambda index: client_for(ada).patch(
            url, {"title": f"Writer {index}", "version": 1}, format="json"
        ),
        threads=10,
    )
    assert sorted(response.status_code for response in results) == [200] + [409] * 9
    assert Deal.objects.get(pk=deal["id"]).version == 2


@pytest.mark.django_db
def test_admin_lists_deals_with_owner_price_and_discount(ada, make_user) -> None:
    from django.test import Client

    create(ada)
    staff = make_user(email="staff@example.com")
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    page = client.get("/admin/deals/deal/", {"q": "ada@example.com"}).content.decode()
    assert "Noise-cancelling headphones" in page
    assert "42.7%" in page
    assert client.get("/admin/deals/deal/", {"category__exact": "electronics"}).status_code == 200


@pytest.mark.django_db
def test_options_on_a_deal_describes_it_and_on_a_missing_one_is_404(ada) -> None:
    deal = create(ada).json()
    client = client_for(ada)
    described = client.options(f"{DEALS}/{deal['id']}")
    assert described.status_code == 200
    assert "PUT" in described.json()["actions"]
    assert_envelope(client.options(f"{DEALS}/999999"), 404, "RESOURCE_NOT_FOUND")


@pytest.mark.django_db
def test_if_match_star_updates_whatever_version_is_current(ada) -> None:
    deal = create(ada).json()
    client = client_for(ada)
    client.patch(f"{DEALS}/{deal['id']}", {"title": "Moved on", "version": 1}, format="json")
    response = client.patch(
        f"{DEALS}/{deal['id']}", {"title": "Whatever it was"}, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["version"]) == ("Whatever it was", 3)


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["abc", '"0"', '"-1"', "**"])
def test_a_malformed_if_match_names_the_header_and_what_to_send(ada, header) -> None:
    deal = create(ada).json()
    response = client_for(ada).patch(
        f"{DEALS}/{deal['id']}", {"title": "New"}, format="json", HTTP_IF_MATCH=header
    )
    body = assert_envelope(response, 400, "VALIDATION_ERROR")
    assert body["details"] == {"If-Match": ['Send the ETag from GET, such as "3", or *.']}


@pytest.mark.django_db
def test_a_delete_with_a_stale_if_match_is_409_and_deletes_nothing(ada) -> None:
    deal = create(ada).json()
    client = client_for(ada)
    client.patch(
        f"{DEALS}/{deal['id']}", {"title": "Edited elsewhere", "version": 1}, format="json"
    )
    stale = client.delete(f"{DEALS}/{deal['id']}", HTTP_IF_MATCH='"1"')
    body = assert_envelope(stale, 409, "CONFLICT_VERSION_MISMATCH")
    assert body["details"] == {"current_version": 2}
    assert client.get(f"{DEALS}/{deal['id']}").json()["title"] == "Edited elsewhere"


@pytest.mark.django_db
@pytest.mark.parametrize("header", ['"2"', 'W/"2"', "*", None])
def test_a_delete_with_the_current_if_match_or_star_or_none_deletes(ada, header) -> None:
    deal = create(ada).json()
    client = client_for(ada)
    client.patch(f"{DEALS}/{deal['id']}", {"title": "Edited", "version": 1}, format="json")
    headers = {} if header is None else {"HTTP_IF_MATCH": header}
    assert client.delete(f"{DEALS}/{deal['id']}", **headers).status_code == 204
    assert not Deal.objects.filter(pk=deal["id"]).exists()


@pytest.mark.django_db
def test_a_delete_with_a_malformed_if_match_is_400_and_deletes_nothing(ada) -> None:
    deal = create(ada).json()
    response = client_for(ada).delete(f"{DEALS}/{deal['id']}", HTTP_IF_MATCH="yesterday")
    assert_envelope(response, 400, "VALIDATION_ERROR")
    assert Deal.objects.filter(pk=deal["id"]).exists()


@pytest.mark.django_db(transaction=True)
def test_an_edit_and_a_delete_of_one_version_racing_exactly_one_wins(ada) -> None:
    for round_number in range(10):
        deal = create(ada, url=f"https://shop.example/raced/{round_number}").json()
        url = f"{DEALS}/{deal['id']}"

        def edit_or_delete(index: int, url: str = url):
            if index == 0:
                return client_for(ada).patch(url, {"title": "Raced", "version": 1}, format="json")
            return client_for(ada).delete(url, HTTP_IF_MATCH='"1"')

        statuses = [response.status_code for response in race(edit_or_delete, threads=2)]
        assert statuses in ([200, 409], [404, 204]), statuses
        assert Deal.objects.filter(pk=deal["id"]).exists() == (statuses[0] == 200)


@pytest.mark.django_db
def test_an_out_of_range_price_filter_gives_one_message_with_the_range(ada) -> None:
    response = client_for(ada).get(DEALS, {"min_price": "1e400"})
    body = assert_envelope(response, 400, "VALIDATION_ERROR")
    assert body["details"] == {"min_price": ["Must be a number from 0 to 1000000000."]}


@pytest.mark.django_db
def test_an_unknown_field_is_400_naming_it_and_creates_nothing(ada) -> None:
    typo = {**VALID}
    typo["orignal_price"] = typo.pop("original_price")
    body = assert_envelope(
        client_for(ada).post(DEALS, {**typo, "colour": "red"}, format="json"),
        400,
        "VALIDATION_ERROR",
    )
    assert set(body["details"]) == {"orignal_price", "colour"}
    assert "original_price" in body["details"]["orignal_price"][0]  # the fields it takes
    assert not Deal.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["patch", "put"])
def test_an_unknown_field_in_a_change_is_400_and_changes_nothing(ada, method) -> None:
    deal = create(ada).json()
    url = f"{DEALS}/{deal['id']}"
    sent = {**VALID, "version": 1, "titel": "Typo"}
    body = assert_envelope(
        getattr(client_for(ada), method)(url, sent, format="json"), 400, "VALIDATION_ERROR"
    )
    assert set(body["details"]) == {"titel"}
    assert Deal.objects.get(pk=deal["id"]).version == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {},
        {"title": VALID["title"]},
        {"price": "199.99", "original_price": "349", "currency": "EUR"},
    ],
    ids=["nothing", "the-same-title", "the-same-price-written-otherwise"],
)
def test_a_change_that_changes_nothing_keeps_the_version(ada, change) -> None:
    deal = create(ada).json()
    url = f"{DEALS}/{deal['id']}"
    client = client_for(ada)
    response = client.patch(url, {**change, "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert (response.json()["version"], response["ETag"]) == (1, '"1"')
    assert response.json()["updated_at"] == deal["updated_at"]
    # Another tab that read version 1 is not put in conflict by it.
    assert client.patch(url, {"title": "Other tab", "version": 1}, format="json").status_code == 200


@pytest.mark.django_db
def test_a_change_that_changes_nothing_still_refuses_a_stale_version(ada) -> None:
    deal = create(ada).json()
    url = f"{DEALS}/{deal['id']}"
    client = client_for(ada)
    client.patch(url, {"title": "Renamed", "version": 1}, format="json")
    body = assert_envelope(
        client.patch(url, {"version": 1}, format="json"), 409, "CONFLICT_VERSION_MISMATCH"
    )
    assert body["details"] == {"current_version": 2}


@pytest.mark.django_db
def test_a_change_from_no_original_price_to_one_is_a_change(ada) -> None:
    deal = create(ada, original_price=None).json()
    response = client_for(ada).patch(
        f"{DEALS}/{deal['id']}", {"original_price": "299.00", "version": 1}, format="json"
    )
    assert (response.json()["original_price"], response.json()["version"]) == ("299.00", 2)
