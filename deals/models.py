"""A deal: a product a user watches, with its price; the database keeps every rule."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from deals.currencies import ISO_4217_CODES

MAX_PRICE = Decimal("1000000000.00")
TITLE_MIN_LENGTH = 3
TITLE_MAX_LENGTH = 100
DESCRIPTION_MAX_LENGTH = 1000
URL_MAX_LENGTH = 2048


class Category(models.TextChoices):
    ELECTRONICS = "electronics", "Electronics"
    FASHION = "fashion", "Fashion"
    HOME = "home", "Home"
    TOYS = "toys", "Toys"
    BOOKS = "books", "Books"
    SPORTS = "sports", "Sports"
    AUTOMOTIVE = "automotive", "Automotive"
    HEALTH = "health", "Health"
    BEAUTY = "beauty", "Beauty"
    GROCERY = "grocery", "Grocery"
    OTHER = "other", "Other"


class Deal(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deals"
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    description = models.CharField(max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    price = models.DecimalField(max_digits=12, decimal_places=2)
    original_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    url = models.CharField(max_length=URL_MAX_LENGTH, blank=True)
    category = models.CharField(max_length=32, choices=Category.choices, default=Category.OTHER)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-id")
        # The API lists a user's deals newest first by id, a page at a time (keyset), all of them
        # or one category (the pages' filter).
        indexes = [
            models.Index(fields=("owner", "-id"), name="deals_deal_owner_recent"),
            models.Index(fields=("owner", "category", "-id"), name="deals_deal_category_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gt=0) & Q(price__lte=MAX_PRICE), name="deals_price_in_range"
            ),
            models.CheckConstraint(
                condition=Q(original_price__isnull=True) | Q(original_price__gt=F("price")),
                name="deals_original_price_above_price",
            ),
            models.CheckConstraint(
                condition=Q(original_price__isnull=True) | Q(original_price__lte=MAX_PRICE),
                name="deals_original_price_in_range",
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length(Trim("title")), TITLE_MIN_LENGTH)
                & LessThanOrEqual(Length("title"), TITLE_MAX_LENGTH),
                name="deals_title_length",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), DESCRIPTION_MAX_LENGTH),
                name="deals_description_length",
            ),
            models.CheckConstraint(
                condition=Q(currency__in=sorted(ISO_4217_CODES)), name="deals_currency_iso_4217"
            ),
            models.CheckConstraint(
                condition=Q(url="") | Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="deals_url_http",
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="deals_category_known"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="deals_version_positive"),
            models.UniqueConstraint(
                fields=("owner", "url"), condition=~Q(url=""), name="deals_url_unique_per_owner"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def discount_percent(self) -> float | None:
        if not self.original_price:
            return None
        return float(round((self.original_price - self.price) / self.original_price * 100, 1))

    @property
    def etag(self) -> str:
        return f'"{self.version}"'
