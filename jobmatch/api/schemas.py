"""Shapes shared by the API routes: errors, paged lists, a match's explanation."""

from __future__ import annotations

from typing import Annotated, Any, Generic, TypeVar

from fastapi import Path, Query
from pydantic import BaseModel

T = TypeVar("T")


class ErrorDetail(BaseModel):
    code: str
    message: str
    fields: dict[str, str] = {}


class ErrorResponse(BaseModel):
    error: ErrorDetail


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int


# A paged list's query parameters: a page number above a million, or more than 200 a page, is a 422.
MAX_PAGE = 1_000_000
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE)]
PerPage = Annotated[int, Query(ge=1, le=200)]

# Ids are 32-bit integers in every database: a larger one is a 422, never a server error.
MAX_ID = 2**31 - 1
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]


class SkillRefOut(BaseModel):
    uri: str | None
    label: str


class ExplanationOut(BaseModel):
    matched: list[SkillRefOut]
    missing: list[SkillRefOut]
    related: list[SkillRefOut]
    parts: dict[str, float]


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` for the error statuses a route may answer."""
    return {status: {"model": ErrorResponse} for status in (*statuses, 422)}
