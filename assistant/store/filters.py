"""Search filters, translated once for each index so they apply inside the query.

Filtering after retrieval silently returns fewer than k results (or none) when
the wanted passages rank low; translating the same filter into a Chroma ``where``
and an SQL clause keeps dense and keyword search consistent and complete.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
import hashlib
import re
from typing import Any

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FILTER_COLS = "item_number, doc_type, body, date_num, public"  # chunk_filter's columns, as in chunk_meta
MAX_DATE_TOKENS = 48  # a longer range is left to the SQL test alone (it admits most rows anyway)


def date_num(iso: str | None) -> int | None:
    """'2021-05-19' → 20210519, the form stored in index metadata for range queries."""
    if not iso:
        return None
    return int(iso[:10].replace("-", ""))


def _like_escape(text: str) -> str:
    """Make % and _ in a typed name literal inside a LIKE pattern."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def facet_tokens(body: str | None, date: int | None, doc_type: str | None) -> str:
    """The words a chunk's row carries in ``chunks_fts``'s ``facets`` column, so that FTS5
    itself intersects a filtered search's matches with the body, year or month and type
    asked for (``Filters.to_fts``), instead of scoring every match and testing each one
    against ``chunk_filter`` afterwards (at 100k chunks that test was most of a filtered
    keyword search). The column's BM25 weight is 0: the words never rank anything."""
    words = []
    if body:
        words.append(_body_token(body))
    if date:
        words += [_year_token(date // 10000), _month_token(date // 100)]
    if doc_type:
        words.append(_type_token(doc_type))
    return " ".join(words)


def _body_token(body: str) -> str:
    return "mpfb_" + hashlib.sha1(body.encode("utf-8")).hexdigest()[:12]


def _year_token(year: int) -> str:
    return f"mpfy_{year}"


def _month_token(year_month: int) -> str:
    return f"mpfm_{year_month}"


def _type_token(doc_type: str) -> str:
    return "mpft_" + re.sub(r"\W+", "_", str(doc_type).lower())


def _date_tokens(start: int, end: int) -> list[str] | None:
    """Year tokens for the whole years from ``start`` to ``end`` (YYYYMMDD, inclusive),
    month tokens for the part years; None when that takes over MAX_DATE_TOKENS."""
    words: list[str] = []
    for year in range(start // 10000, end // 10000 + 1):
        if start <= year * 10000 + 101 and year * 10000 + 1231 <= end:
            words.append(_year_token(year))
            continue
        for month in range(1, 13):
            ym = year * 100 + month
            if start // 100 <= ym <= end // 100:
                words.append(_month_token(ym))
    return words if len(words) <= MAX_DATE_TOKENS else None


@dataclass
class Filters:
    body: str | None = None
    date_from: str | None = None  # ISO date, inclusive
    date_to: str | None = None  # ISO date, inclusive
    doc_type: str | None = None
    document_id: str | None = None
    item: str | None = None  # agenda item number as printed
    public_only: bool = False

    def __post_init__(self) -> None:
        for name in ("body", "date_from", "date_to", "doc_type", "document_id", "item"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, (str, int)) or isinstance(value, bool):
                # a list or a dict here reached the index query as a 500 (issue 13)
                raise TypeError(f"{name} must be text, got {type(value).__name__}")
        for name in ("date_from", "date_to"):
            value = getattr(self, name)
            if value and not _ISO_DATE.match(str(value)):
                raise ValueError(f"{name} must be a date as YYYY-MM-DD, got {value!r}")

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "Filters":
        data = dict(data or {})
        aliases = {"from": "date_from", "to": "date_to", "type": "doc_type", "document": "document_id"}
        for old, new in aliases.items():
            if old in data:
                data[new] = data.pop(old)
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown filter(s) {sorted(unknown)}; valid: {sorted(cls.__dataclass_fields__)}")
        return cls(**data)

    def is_empty(self) -> bool:
        return not any(v for v in asdict(self).values())

    def _conditions(self) -> list[tuple[str, str, Any]]:
        """(field, op, value) triples shared by both translations."""
        conds: list[tuple[str, str, Any]] = []
        if self.body:  # case-insensitive, any part of the name: "police and crime panel"
            conds.append(("body", "like", self.body.strip()))
        for field in ("doc_type", "document_id"):
            value = getattr(self, field)
            if value:
                conds.append((field, "=", value))
        if self.item:
            conds.append(("item_number", "=", str(self.item)))
        if self.date_from:
            conds.append(("date_num", ">=", date_num(self.date_from)))
        if self.date_to:
            conds.append(("date_num", "<=", date_num(self.date_to)))
        if self.public_only:
            conds.append(("public", "=", True))
        return conds

    def to_chroma(self, values: dict[str, list[str]] | None = None) -> dict | None:
        """A Chroma ``where`` document, or None for no filter.

        Chroma has no LIKE on metadata, so a part-of-name condition becomes ``$in`` over the
        stored names that hold it (``values``: field -> every distinct stored value)."""
        ops = {"=": "$eq", ">=": "$gte", "<=": "$lte"}
        clauses = []
        for f, op, v in self._conditions():
            if op == "like":
                if values is None or f not in values:
                    raise ValueError(f"a part-of-name {f} filter needs the stored {f} names to become a Chroma where")
                names = [n for n in values[f] if v.lower() in (n or "").lower()]
                clauses.append({f: {"$in": names or ["\u0000no match"]}})
            else:
                clauses.append({f: {ops[op]: v}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def to_fts(self, bodies: list[str]) -> str:
        """An FTS5 condition on the ``facets`` column that admits every row this filter
        admits (and maybe more: the SQL test stays the exact one), or "" when no condition
        of this filter has facet words. ``bodies``: every distinct stored body name, since a
        body filter matches any part of a name. A body no name holds admits nothing."""
        groups: list[list[str]] = []
        if self.body:
            part = self.body.strip().lower()
            groups.append([_body_token(b) for b in bodies if part in (b or "").lower()] or ["mpfb_none"])
        if self.doc_type:
            groups.append([_type_token(self.doc_type)])
        if self.date_from and self.date_to:
            words = _date_tokens(date_num(self.date_from), date_num(self.date_to))
            if words is not None:
                groups.append(words or ["mpfm_none"])
        return " AND ".join("facets:(" + " OR ".join(f'"{w}"' for w in g) + ")" for g in groups)

    def to_sql(self, alias: str = "c") -> tuple[str, list[Any]]:
        """An SQL condition over the chunk metadata table, with its parameters."""
        conds = self._conditions()
        if not conds:
            return "1=1", []
        sql = " AND ".join(f"{alias}.{f} LIKE ? ESCAPE '\\'" if op == "like" else f"{alias}.{f} {op} ?"
                           for f, op, _ in conds)
        params = [f"%{_like_escape(v)}%" if op == "like" else int(v) if isinstance(v, bool) else v
                  for _, op, v in conds]
        return sql, params
