"""From rendered events to files on disk, one module a step:

- `build`: the one build, catalogue bytes in, every file's bytes out, in memory;
- `folders`: `calfeed build` as a library call, written into folders or checked against
  them, answered from the folders' records (`record`) when nothing would change;
- `stamps`: each event's history, carried from the previous feeds;
- `assemble`: each event rendered once, every feed assembled from those bytes;
- `write`: a folder made to hold a build's files as one transaction; `disk`: the file
  primitives under it (stage, replace, fsync); `paths`: what may be written where.

Nothing is re-exported here: importing this package must not import the renderer, which
a build answered by its record never needs.
"""
