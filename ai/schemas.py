"""The shape an LLM must answer in, validated with pydantic, and the stored result."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class Verdict(BaseModel):
    """What the LLM is asked for: `{score, verdict, summary, pros, cons, confidence}`."""

    model_config = ConfigDict(extra="ignore")

    score: int = Field(ge=0, le=100, strict=True)
    verdict: Literal["buy", "wait", "skip"]
    summary: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
    pros: list[ShortText] = Field(default_factory=list, max_length=10)
    cons: list[ShortText] = Field(default_factory=list, max_length=10)
    confidence: float = Field(ge=0, le=1)


class AnalysisResult(Verdict):
    """A verdict plus what the server computes itself from the deal's prices."""

    discount_percent: float | None
