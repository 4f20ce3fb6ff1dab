"""The difference-from-reference view: ghost lines of a pinned reference and a delta read-out."""
