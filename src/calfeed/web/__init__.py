"""Serving the feeds over HTTP: the site in memory (`site`), filtered-feed queries
(`query`), and the preview server (`server`)."""

from calfeed.web.server import FeedServer, start_server
from calfeed.web.site import Site

__all__ = ["FeedServer", "Site", "start_server"]
