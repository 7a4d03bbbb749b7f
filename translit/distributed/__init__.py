"""Distributed corpus jobs: ``translit translate INPUT -o OUTPUT --engine ray`` translates
files, globs or folders of millions of lines on a Ray cluster (Ray Data over an actor pool of
translators), in order, resumable shard by shard. ``plan`` and ``shard`` need no Ray; the
``ray`` extra brings it for ``ray_job``."""
