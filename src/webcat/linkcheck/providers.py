"""Video platforms whose watch pages answer 200 even for removed or private videos.

For those, the watch page says nothing; the platform's own endpoint does. A provider pairs a
``match`` regex (with a named group ``id``) with a ``probe`` URL template, and the engine
asks the probe instead of the watch page. Two are built in; users add their own (Panopto,
Kaltura, an institute's server) in ``[check.providers.NAME]`` tables, and may override a
built-in one's probe (the tests point them at local servers) or switch it off.

* YouTube: the video's thumbnail, as lychee does. The oEmbed endpoint answers 401 for
  videos whose owner disabled embedding, which are still watchable, so it would report
  live videos as unavailable; a removed video has no thumbnail (404).
* Vimeo: oEmbed; 404 for a removed video, 403 for a private one or one hidden from
  vimeo.com.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

#: Probe answers that mean the video is gone or not visible to the public.
DEFAULT_UNAVAILABLE = frozenset({404, 410})


@dataclass(frozen=True, slots=True)
class Provider:
    name: str
    match: re.Pattern[str]
    probe: str
    unavailable: frozenset[int] = DEFAULT_UNAVAILABLE

    def probe_url(self, url: str) -> str | None:
        """The URL to ask for ``url``, or None when this provider does not handle it."""
        found = self.match.search(url)
        if found is None:
            return None
        video_id = found.group("id")
        if not video_id:
            return None
        return self.probe.replace("{url}", quote(url, safe="")).replace(
            "{id}", quote(video_id, safe="")
        )


_YOUTUBE_ID = r"(?P<id>[A-Za-z0-9_-]{11})(?![A-Za-z0-9_-])"

BUILTIN: dict[str, Provider] = {
    "youtube": Provider(
        "youtube",
        re.compile(
            r"^https?://(?:(?:www|m|music)\.)?(?:"
            r"youtube\.com/(?:watch\?(?:[^#]*&)?v=|embed/|shorts/|live/|v/)"
            r"|youtube-nocookie\.com/embed/"
            r"|youtu\.be/"
            rf"){_YOUTUBE_ID}",
            re.IGNORECASE,
        ),
        "https://img.youtube.com/vi/{id}/0.jpg",
    ),
    "vimeo": Provider(
        "vimeo",
        re.compile(
            r"^https?://(?:(?:www|player)\.)?vimeo\.com/"
            r"(?:video/|channels/[^/?#]+/|groups/[^/?#]+/videos/|album/\d+/video/)?"
            r"(?P<id>\d+)(?:[/?#]|$)",
            re.IGNORECASE,
        ),
        "https://vimeo.com/api/oembed.json?url={url}",
        frozenset({403, 404, 410}),
    ),
}


def find_probe(url: str, providers: tuple[Provider, ...]) -> tuple[Provider, str] | None:
    """The first provider that handles ``url``, with its probe URL."""
    for provider in providers:
        probe = provider.probe_url(url)
        if probe is not None:
            return provider, probe
    return None
