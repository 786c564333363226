"""Content negotiation that treats `application/problem+json` as a wish for JSON.

Errors are then rendered as problem details by errors.rendering; success responses stay JSON, and
a client that asks only for problem+json is never refused with 406.
"""

from __future__ import annotations

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request

from errors.rendering import PROBLEM_MEDIA_TYPE


class ProblemAwareContentNegotiation(DefaultContentNegotiation):
    def get_accept_list(self, request: Request) -> list[str]:
        accepted = super().get_accept_list(request)
        return [
            media.replace(PROBLEM_MEDIA_TYPE, "application/json", 1)
            if media.strip().startswith(PROBLEM_MEDIA_TYPE)
            else media
            for media in accepted
        ]
