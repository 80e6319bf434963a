"""The values of an event's keys that mean the same in a series and in one of its changed
occurrences (`catalogue.overrides`): status, languages and private details, read once here
so both say the same things of a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from calfeed.catalogue import values
from calfeed.catalogue.fields import Kind
from calfeed.catalogue.findings import Findings, TablePath
from calfeed.errors import Code, did_you_mean
from calfeed.model import Status

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


def status(findings: Findings, where: TablePath, value: object) -> Status | None:
    try:
        return Status(value)
    except ValueError:
        close = did_you_mean(str(value), [s.value for s in Status])
        findings.error(
            Code.BAD_STATUS,
            where,
            "status",
            f"status must be {Kind.STATUS.value}, not {value!r}",
            f"did you mean {close!r}?" if close else None,
        )
        return None


def languages(findings: Findings, where: TablePath, table: Mapping[str, object]) -> tuple[str, ...]:
    tags = values.lines(findings, where, table, "languages")
    for tag in tags:
        if not _LANGUAGE.match(tag):
            findings.error(
                Code.BAD_LANGUAGE,
                where,
                "languages",
                f"{tag!r} is not a BCP 47 language tag",
                'write e.g. "en" or "zh"',
            )
    return tags


def private(
    findings: Findings, where: TablePath, table: Mapping[str, object]
) -> tuple[tuple[str, str], ...]:
    """Private details as (label, text): a string, or an array of lines joined."""
    details = table.get("private", {})
    assert isinstance(details, dict)
    pairs: list[tuple[str, str]] = []
    inner = (*where, "private")
    for key, value in details.items():
        if isinstance(value, str):
            pairs.append((key, values.text(findings, inner, key, value, one_line=False)))
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            joined = "\n".join(values.text(findings, inner, key, v, one_line=True) for v in value)
            pairs.append((key, joined))
        else:
            findings.error(
                Code.WRONG_TYPE,
                inner,
                key,
                f"private detail {key!r} must be a string or an array of strings",
            )
    return tuple(pairs)
