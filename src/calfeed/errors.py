"""Everything a user can get wrong, as values: catalogue findings and the one error base.

A problem in a catalogue is a `Finding` with the file, line and event a person must look
at; validation collects them all before anyone reports them. Every other problem a user
can fix (a folder calfeed cannot write, an option naming an undeclared region, a git
revision without the catalogue) is a `CalfeedError`. The command line maps that one base
to a message and an exit code in one place (`cli.shell.Shell.invoke`); anything else that
escapes is a bug in calfeed and keeps its traceback.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum, StrEnum
from pathlib import Path
from typing import ClassVar


class Severity(Enum):
    """How a finding affects a build: errors stop it, warnings are printed."""

    ERROR = "error"
    WARNING = "warning"


class Code(StrEnum):
    """The stable name of each rule `calfeed check` enforces (JSON output, CI annotations).

    The README's table of codes is tested against this enum, so a new rule cannot land
    undocumented.
    """

    UNREADABLE = "unreadable"
    ENCODING = "encoding"
    TOML_SYNTAX = "toml-syntax"
    UNKNOWN_KEY = "unknown-key"
    MISSING_KEY = "missing-key"
    WRONG_TYPE = "wrong-type"
    EMPTY_TEXT = "empty-text"
    CONTROL_CHARACTER = "control-character"
    BAD_KEY = "bad-key"
    BAD_URL = "bad-url"
    INSECURE_URL = "insecure-url"
    BAD_UID_DOMAIN = "bad-uid-domain"
    BAD_DURATION = "bad-duration"
    BAD_STATUS = "bad-status"
    BAD_LANGUAGE = "bad-language"
    UNDECLARED_LANGUAGE = "undeclared-language"
    MISSING_DEFAULT_LANGUAGE = "missing-default-language"
    MISSING_TRANSLATION = "missing-translation"
    ENGLISH_WORDS = "english-words"
    UNKNOWN_ZONE = "unknown-zone"
    ZONE_ALIAS = "zone-alias"
    MISSING_ZONE = "missing-zone"
    ASSUMED_ZONE = "assumed-zone"
    UNKNOWN_AUDIENCE = "unknown-audience"
    UNKNOWN_REGION = "unknown-region"
    UNKNOWN_TAG = "unknown-tag"
    DUPLICATE_FEED_PATH = "duplicate-feed-path"
    LOCAL_TIME_GAP = "local-time-gap"
    LOCAL_TIME_FOLD = "local-time-fold"
    LOCAL_TIME_OFFSET = "local-time-offset"
    END_AND_DURATION = "end-and-duration"
    END_WITHOUT_START = "end-without-start"
    END_BEFORE_START = "end-before-start"
    BAD_ANNOUNCED = "bad-announced"
    ANNOUNCED_MISMATCH = "announced-mismatch"
    ANNOUNCED_READING = "announced-reading"
    SESSIONS_NEED_TIME = "sessions-need-time"
    SESSION_OUTSIDE_EVENT = "session-outside-event"
    BAD_REPEAT = "bad-repeat"
    DATES_WITHOUT_REPEAT = "dates-without-repeat"
    EXCEPT_NOT_AN_OCCURRENCE = "except-not-an-occurrence"
    START_NOT_AN_OCCURRENCE = "start-not-an-occurrence"
    ALSO_AN_OCCURRENCE = "also-an-occurrence"
    CHANGED_NOT_AN_OCCURRENCE = "changed-not-an-occurrence"
    CHANGED_AND_EXCEPTED = "changed-and-excepted"
    CHANGED_ONTO_ANOTHER = "changed-onto-another"
    LENGTH_ACROSS_A_CHANGE = "length-across-a-change"
    ZONE_CHANGED_RECENTLY = "zone-changed-recently"
    NO_LINK = "no-link"
    OVERLAP = "overlap"
    PAST = "past"
    PRIVATE_UNRECEIVED = "private-unreceived"
    NO_REGION = "no-region"

    @property
    def is_guess(self) -> bool:
        """Warnings where calfeed guessed a zone: every command that writes a feed prints
        them in full, since a wrong guess puts events at the wrong instant."""
        return self in {Code.ASSUMED_ZONE, Code.ZONE_ALIAS}


@dataclass(frozen=True)
class Finding:
    """One problem in a catalogue, with the place a person must look to fix it."""

    severity: Severity
    code: Code
    """Which rule found it; stable across versions."""
    path: Path
    line: int | None
    """1-based line of the key itself where known, else of the event's table."""
    event_id: str | None
    message: str
    """What is wrong, in one sentence."""
    hint: str | None = None
    """How to fix it, when there is something better to say than the message."""


def said_in_full(finding: Finding) -> bool:
    """Whether a command that writes feeds prints `finding` whole, with its line: errors
    and guessed zones; the other warnings it counts (they are `check`'s to list)."""
    return finding.severity is Severity.ERROR or finding.code.is_guess


def by_line(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Findings in file order, so a person can work down the file; rules keep their order
    within a line."""
    return tuple(sorted(findings, key=lambda f: (f.line is None, f.line or 0)))


def did_you_mean(value: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The one choice `value` is probably a typo of, or None: the same rule for keys,
    statuses, audiences, regions and tags wherever they are named."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


class CalfeedError(Exception):
    """A problem the user can fix. The message says what and how; no traceback is shown.

    `exit_code` follows the command line's contract: 1 for a bad catalogue, stale feeds or
    an environment problem, 2 for a usage error.
    """

    exit_code: ClassVar[int] = 1


class InvalidCatalogueError(CalfeedError):
    """The catalogue has errors; `findings` holds all of them, and the warnings too."""

    def __init__(self, path: Path, findings: tuple[Finding, ...]) -> None:
        self.path = path
        self.findings = findings
        super().__init__(f"{path}: the catalogue has errors")


class OutputError(CalfeedError):
    """The output folder or file cannot be written as asked; the message says why."""


class StaleFeedsError(CalfeedError):
    """`build --check` found files that a build would change."""


class RevisionError(CalfeedError):
    """The catalogue could not be read at a git revision."""


class ListenError(CalfeedError):
    """The preview server could not listen on the address asked for."""


class StartError(CalfeedError, RuntimeError):
    """The web app has no good build to serve at start (its findings already printed).
    A RuntimeError too, since that is what a WSGI server such as gunicorn reports as one
    line and an exit code of 1, not as a traceback."""


class OptionError(CalfeedError):
    """A command-line value calfeed cannot use, with the option it came from."""

    exit_code = 2

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


class UnknownFilterError(OptionError):
    """A filter (region, audience, tag) names a key the catalogue does not declare.

    The same error for `feed`, `list` and the web app's `/feed.ics`: a misspelt filter
    would otherwise select nothing, silently.
    """

    def __init__(self, kind: str, value: str, declared: Iterable[str], where: Path) -> None:
        self.kind = kind
        self.value = value
        self.declared = tuple(sorted(declared))
        close = did_you_mean(value, self.declared)
        message = f"{value!r} is not declared in {where.name}"
        if close:
            message += f": did you mean {close!r}?"
        message += f" (declared: {', '.join(self.declared) or 'none'})"
        super().__init__(f"--{kind}", message)
