"""Serving the feeds over HTTP as a WSGI application: `create_app` for any WSGI server
(`app`), the site built in memory (`site`), filtered-feed queries (`query`), content
coding and preconditions (`negotiation`), the files' representations (`resource`), the
bounded cache of filtered feeds (`cache`), and `calfeed serve`'s preview server
(`preview`)."""

from calfeed.web.app import FeedApp, create_app
from calfeed.web.preview import PreviewServer, start_preview
from calfeed.web.site import Site

__all__ = ["FeedApp", "PreviewServer", "Site", "create_app", "start_preview"]
