"""Sync with a server over the Google Reader API (FreshRSS, Miniflux, ...): the client, the plan, the engine."""
