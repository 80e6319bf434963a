"""What cannot be read in an invitation's words, said so that the piece can be quoted
inside the sentence that reports it ("IST in announced time '10:00 IST' is ambiguous")."""

from __future__ import annotations


class ReadError(ValueError):
    """A piece of a line that names no date, time or zone, or several."""

    def __init__(self, piece: str, what: str, hint: str) -> None:
        super().__init__(f"{piece} {what}")
        self.piece = piece
        """The words as written (quoted where they are not a plain abbreviation)."""
        self.what = what
        """What is wrong with them: "is ambiguous: it can mean ..."."""
        self.hint = hint
