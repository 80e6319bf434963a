"""The members of private audiences and their secret feed addresses (`members.toml`):
`roster` reads and changes the file, keeping only each token's SHA-256."""

from calfeed.members.roster import (
    DEFAULT_NAME,
    Member,
    add_member,
    is_token,
    members_path,
    read_members,
    revoke_member,
    token_digest,
)

__all__ = [
    "DEFAULT_NAME",
    "Member",
    "add_member",
    "is_token",
    "members_path",
    "read_members",
    "revoke_member",
    "token_digest",
]
