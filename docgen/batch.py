"""Old name of docgen.publish (one file per record into a folder); kept importable until the
callers move. New code imports docgen.publish and docgen.workers."""

from .publish import Interrupted, Job, Progress, default_jobs, run  # noqa: F401
