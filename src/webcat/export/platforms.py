"""Video platforms that readers know by name, recognised from a recording's address.

A recording on one of them is shown as a plain "Watch on YouTube" link: nothing is embedded
and no thumbnail is loaded, so the reader's browser asks the platform for nothing until they
click.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

#: Host (or the domain it ends in) -> the platform's name as readers know it.
PLATFORMS: dict[str, str] = {
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "youtube-nocookie.com": "YouTube",
    "vimeo.com": "Vimeo",
    "dailymotion.com": "Dailymotion",
    "dai.ly": "Dailymotion",
    "twitch.tv": "Twitch",
    "ted.com": "TED",
    "panopto.com": "Panopto",
    "panopto.eu": "Panopto",
    "microsoftstream.com": "Microsoft Stream",
    "kaltura.com": "Kaltura",
    "wistia.com": "Wistia",
    "vimeopro.com": "Vimeo",
}


@lru_cache(maxsize=4096)
def video_platform(url: str | None) -> str | None:
    """The platform ``url`` is on (``YouTube``), or None for any other address."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    while host:
        if host in PLATFORMS:
            return PLATFORMS[host]
        _, dot, host = host.partition(".")
        if not dot:
            break
    return None
