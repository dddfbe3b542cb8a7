"""Keeping watch: follow feeds, news sitemaps and folders, and ingest what is new.

    vigil watch --once --sources sources.toml       # for cron
    vigil watch https://example.org/feed.xml        # polls each source on its own interval

``sources`` reads what to follow, ``fetch`` asks the web politely (robots.txt, a pace per host,
conditional requests, retries), ``listings`` reads feeds and sitemaps, ``state`` keeps what was
seen in the store, ``poll`` does one poll of one source and ``commands`` is the command line.
"""
