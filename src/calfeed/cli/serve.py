"""`calfeed serve`: the preview server, rebuilding as the catalogue is edited."""

from __future__ import annotations

from pathlib import Path

import click

from calfeed.cli.shell import CATALOGUE, build_time, load, output_folder, published_at
from calfeed.render.links import resolve_publishing


@click.command()
@CATALOGUE
@output_folder("Folder the feeds are built into and served from.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (the default: this machine only).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@published_at
def serve(
    catalogue: Path,
    output: Path,
    host: str,
    port: int,
    base_url: str | None,
    service_url: str | None,
) -> None:
    """Build, then serve the feeds over HTTP until Ctrl-C, rebuilding when CATALOGUE changes.

    /feed.ics?region=R&audience=A&tag=T answers a filtered feed, as `calfeed feed` does.
    """
    from calfeed.web import start_preview  # noqa: PLC0415 (the web app, only to serve)

    loaded = load(catalogue)
    resolve_publishing(loaded, base_url=base_url, service_url=service_url)  # a bad URL: exit 2
    build_time()  # a bad SOURCE_DATE_EPOCH is a user error before anything is served

    def log(message: str) -> None:
        click.echo(message, err=True)

    with start_preview(
        catalogue,
        output,
        host=host,
        port=port,
        base_url=base_url,
        service_url=service_url,
        clock=build_time,
        log=log,
    ) as server:
        click.echo(f"Serving {output} (from {catalogue}) at {server.url}  (Ctrl-C to stop)")
        try:
            server.wait()
        except KeyboardInterrupt:
            click.echo("Stopped.", err=True)
