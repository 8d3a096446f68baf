"""Sync with the central PostgreSQL (see oncopos.adapters.sync.tables for the rules)."""

from oncopos.adapters.sync.synchronizer import Synchronizer
from oncopos.adapters.sync.worker import Backoff, SyncWorker

__all__ = ["Backoff", "SyncWorker", "Synchronizer"]
