"""`calfeed members`: who receives a private audience's feed, each at a secret address
(`calfeed.members`)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import click

from calfeed.cli.shell import load
from calfeed.errors import CalfeedError

CATALOGUE_OPTION = click.option(
    "--catalogue",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("events.toml"),
    show_default=True,
    help="The catalogue whose private audiences the members receive.",
)
MEMBERS_OPTION = click.option(
    "--members",
    "members_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The members file (also CALFEED_MEMBERS; default: members.toml beside the catalogue).",
)


@click.group()
def members() -> None:
    """Members of private audiences, each with a secret feed address of their own."""


@members.command()
@click.argument("name")
@click.option(
    "--audience",
    "audiences",
    multiple=True,
    required=True,
    help="A private audience the member receives (repeatable).",
)
@CATALOGUE_OPTION
@MEMBERS_OPTION
@click.option(
    "--service-url",
    metavar="URL",
    help="Where the app answers (also CALFEED_SERVICE_URL, then [calendar] service).",
)
def add(
    name: str,
    audiences: tuple[str, ...],
    catalogue: Path,
    members_file: Path | None,
    service_url: str | None,
) -> None:
    """Give NAME a new secret address (replacing any they had) and print it, once."""
    from calfeed.members import add_member, members_path  # noqa: PLC0415 (`--help` parses nothing)
    from calfeed.members.roster import audience_problem, name_problem, private_hint  # noqa: PLC0415
    from calfeed.render.links import resolve_publishing  # noqa: PLC0415

    loaded = load(catalogue, quiet=True)
    problem = name_problem(name)
    if problem is not None:
        raise CalfeedError(f"the member's name {problem}")
    for audience in audiences:
        problem = audience_problem(audience, loaded)
        if problem is not None:
            raise CalfeedError(f"{catalogue}: {problem} ({private_hint(loaded)})")
    service = resolve_publishing(loaded, service_url=service_url).service_url
    path = members_path(catalogue, members_file, os.environ)
    token = add_member(path, name, audiences, loaded, date.today())
    where = service or "<the app's address>/"
    click.echo(f"{path}: {name} receives {', '.join(sorted(set(audiences)))}.")
    click.echo("Send them these addresses; they are shown only now and kept nowhere:")
    click.echo(f"  feed: {where}private/{token}.ics")
    click.echo(f"  page: {where}private/{token}/")
    if service is None:
        click.echo(
            "  (the app's address is not known: give --service-url, or set service in [calendar])"
        )


@members.command(name="list")
@CATALOGUE_OPTION
@MEMBERS_OPTION
def list_members(catalogue: Path, members_file: Path | None) -> None:
    """Show each member's name, audiences and the date they were added (never an address)."""
    from calfeed.members import members_path, read_members  # noqa: PLC0415

    loaded = load(catalogue, quiet=True)
    path = members_path(catalogue, members_file, os.environ)
    found = read_members(path, loaded)
    if not found:
        click.echo(f"{path}: no members")
        return
    width = max(len(m.name) for m in found)
    for member in found:
        audiences = ", ".join(sorted(member.audiences))
        click.echo(f"{member.name:<{width}}  {audiences}  added {member.added.isoformat()}")


@members.command()
@click.argument("name")
@CATALOGUE_OPTION
@MEMBERS_OPTION
def revoke(name: str, catalogue: Path, members_file: Path | None) -> None:
    """Remove NAME, so their address answers 404 once the app reloads."""
    from calfeed.members import members_path, read_members, revoke_member  # noqa: PLC0415

    loaded = load(catalogue, quiet=True)
    path = members_path(catalogue, members_file, os.environ)
    if not revoke_member(path, name, loaded):
        names = ", ".join(m.name for m in read_members(path, loaded)) or "none"
        raise CalfeedError(f"{path}: no member named {name!r} (members: {names})")
    click.echo(
        f"{path}: {name} removed; reload the app (SIGHUP, or `systemctl reload calfeed`) "
        "and their address answers 404"
    )
