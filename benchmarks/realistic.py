"""Catalogues shaped like the real ones people bring to webcat, for benchmarks and tests.

``synthetic.py`` makes clean, uniform catalogues; the first real catalogue tried (21,570
recorded conference talks converted by a short script, issue 9) failed at every step on what
real data has and synthetic data had not: most recordings on one video host and the rest on
a long tail of hosts, licence and event pages shared by hundreds of entries, long Markdown
descriptions with code samples, names in every script, U+2028 pasted into descriptions, and
a sprinkling of broken values. This generator makes that shape, deterministically from a seed:

- conference talks grouped in events (``series``, about 40 talks each), speakers with slug
  ids made from their names the way a converter script would, organisations and projects;
- about 2.07 resources per talk: a recording for nearly every talk, 60% of them on one video
  host and the rest on about 1,500 hosts (scaled down for small catalogues), slides, licence
  links and event pages (the same URL for hundreds of entries), code repositories;
- multi-paragraph Markdown descriptions with lists, links and code blocks (lines such as
  ``[tool.ruff]`` or ``[[bin]]``, ``\"\"\"`` docstrings, backslashes, quotes);
- names and titles in Latin with diacritics (Ł Đ Þ ễ), Greek, Cyrillic, CJK, Hangul,
  Arabic and Hebrew mixed with Latin words (bidi), Devanagari, Thai, emoji (ZWJ sequences,
  flags), decomposed combining marks, and U+2028, U+2029, U+0085, NBSP and zero-width
  characters inside strings;
- ``error_rate`` (default 1%) of the talks and resources carry one of the typical errors,
  each recorded as a :class:`Flaw`: relative URLs (``/media/conference/slides/x.pdf``), URLs
  ending in a carriage return or wrapped in whitespace, dangling references.

The same catalogue is available as TOML (LF or CRLF line ends; events interleaved with their
talks and resources, with comments, as a hand-kept file is) and as webcat's import JSON
(docs/json-format.md). Reading the TOML gives back exactly the JSON's data (dates as TOML
dates; TOML parsers turn a CRLF inside a multi-line string into LF, and the data only ever
has LF there).

    python benchmarks/realistic.py -o /tmp/real.toml --json /tmp/real.json
    python benchmarks/realistic.py --webinars 500 --seed 7 --crlf -o /tmp/small.toml

Tests import it at small sizes (``tests/benchmarks/test_realistic.py``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import string
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

#: The default size: the real catalogue of issue 9 had 21,570 talks.
DEFAULT_WEBINARS = 21_500
#: Share of recordings on the one big video host.
MAIN_HOST_SHARE = 0.60
#: Hosts of the other recordings at the default size (scaled down for smaller catalogues).
OTHER_HOSTS = 1_500

MAIN_VIDEO = "https://www.youtube.com/watch?v="
LICENCES = (
    "https://creativecommons.org/licenses/by/4.0/",
    "https://creativecommons.org/licenses/by-sa/4.0/",
    "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "https://creativecommons.org/licenses/by/3.0/",
    "https://creativecommons.org/publicdomain/zero/1.0/",
    "https://www.youtube.com/static?template=terms",
)

# Text pools per script. Each entry: (language tag, first names, last names, title words,
# sentence words). Latin pools carry the diacritics converters break on (Ł Đ Þ ð ễ ı İ).
_LATIN = {
    "en": (
        "Alice Bob Carol Dave Erin Frank Grace Heidi Ivan Judy Mallory Niall Zoë Chloë "
        "Renée Siobhán Seán".split(),
        "Smith O'Brien McAllister Johnson Brontë Nguyen Patel García Kowalski Okafor".split(),
        "Scaling Python Rust asyncio typing packaging testing data pipelines notebooks "
        "security web APIs databases machine learning accessibility performance".split(),
        "we show how the team moved its services to a new platform and what broke along "
        "the way this talk covers lessons learned tools patterns and pitfalls for everyone "
        "who maintains code in production".split(),
    ),
    "pl": (
        "Łukasz Paweł Małgorzata Zofia Wojciech Józef Agnieszka Bartłomiej".split(),
        "Wałęsa Żółkiewski Łęcki Kościuszko Dąbrowska Szczęsny Wróbel Gałązka".split(),
        "Wprowadzenie Testowanie Wydajność Żywotność Aplikacje Źródła Łańcuchy".split(),
        "pokażemy jak zespół przeniósł usługi na nową platformę oraz czego się "
        "nauczyliśmy w trakcie pracy nad kodem źródłowym".split(),
    ),
    "sr-Latn": (
        "Đorđe Dušan Milica Ljiljana Nikša Željko Đurđa".split(),
        "Đokić Šarić Čolić Ćirić Živković Đurić Lješević".split(),
        "Uvod Testiranje Brzina Čitljivost Šabloni".split(),
        "u ovom predavanju pokazujemo kako smo prešli na nove alate i šta smo naučili".split(),
    ),
    "is": (
        "Þórdís Guðmundur Sigríður Ævar Þorsteinn Hrafnhildur Ásgeir".split(),
        "Guðmundsdóttir Þórsson Ólafsdóttir Sæmundsson Jóhannesson".split(),
        "Gagnavinnsla Þróun Prófanir Öryggi Vefþjónustur".split(),
        "í þessum fyrirlestri sýnum við hvernig teymið færði þjónustur sínar á nýjan "
        "vettvang og hvað við lærðum".split(),
    ),
    "vi": (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Đặng".split(),
        "Thị Minh Khai Văn Đức Hữu Ngọc Quỳnh".split(),
        "Giới thiệu Kiểm thử Hiệu năng Dữ liệu Bảo mật".split(),
        "bài nói này trình bày cách nhóm chuyển dịch vụ sang nền tảng mới và những "
        "bài học rút ra".split(),
    ),
    "tr": (
        "İlkay Işıl Gökçe Şükrü Çağrı Ömer Ayşegül".split(),
        "Gündoğan Yılmaz Öztürk Şahin Çelik Doğan Aydın".split(),
        "Giriş Test Başarım Güvenlik Veri İşleme".split(),
        "bu konuşmada ekibin hizmetlerini yeni bir platforma nasıl taşıdığını anlatıyoruz".split(),
    ),
    "de": (
        "Jürgen Bärbel Günther Ömer Käthe Björn Søren".split(),
        "Müller Schäfer Groß Weiß Köhler Jørgensen Dvořák".split(),
        "Einführung Prüfung Größenordnung Straßenbahn Datenflüsse Übersetzung".split(),
        "wir zeigen wie das Team seine Dienste auf eine neue Plattform umgezogen hat "
        "und was dabei schiefging".split(),
    ),
    "nb": (
        "Åse Øystein Kjærsti Håkon Ærlend Sølvi".split(),
        "Ødegård Bråten Kjølstad Hæhre Åsheim Sæther".split(),
        "Samskaping Kommune Innovasjon Læring Bærekraft Tjenester".split(),
        "vi viser hvordan kommunen flyttet tjenestene sine til en ny plattform og hva "
        "vi lærte underveis i samskapingen".split(),
    ),
}
_OTHER = {
    "el": (
        "Γιώργος Ελένη Δημήτρης Αικατερίνη Νίκος".split(),
        "Παπαδόπουλος Κωνσταντίνου Αλεξίου Οικονόμου".split(),
        "Εισαγωγή Έλεγχος Απόδοση Ασφάλεια Δεδομένα".split(),
        "σε αυτή την ομιλία δείχνουμε πώς η ομάδα μετέφερε τις υπηρεσίες της".split(),
    ),
    "ru": (
        "Дмитрий Олена Сергей Анастасия Ёжик Юлия".split(),
        "Иванов Шевченко Кузнецова Ёлкин Щукин Ђорђевић".split(),
        "Введение Тестирование Производительность Безопасность Данные".split(),
        "в этом докладе мы покажем как команда перенесла сервисы на новую платформу".split(),
    ),
    "ja": (
        "太郎 花子 翔太 さくら 健一".split(),
        "山田 佐藤 鈴木 高橋 渡辺".split(),
        "入門 テスト 高速化 型ヒント 非同期処理 データ分析".split(),
        "この講演では チームが サービスを 新しい 基盤に 移行した 経験を 紹介します".split(),
    ),
    "zh": (
        "小龍 芳 伟 秀英 静".split(),
        "李 王 张 刘 陈".split(),
        "入门 测试 性能 安全 数据 异步".split(),
        "本次演讲 介绍 团队 如何 将 服务 迁移 到 新平台".split(),
    ),
    "ko": (
        "민준 서연 지호 하은 도윤".split(),
        "김 이 박 최 정".split(),
        "소개 테스트 성능 보안 데이터".split(),
        "이 발표에서는 팀이 서비스를 새 플랫폼으로 옮긴 경험을 이야기합니다".split(),
    ),
    "ar": (
        "محمد فاطمة أحمد ليلى عمر".split(),
        "عبد\u00a0الله الحسيني المصري الخطيب".split(),
        "مقدمة اختبار أداء أمان بيانات".split(),
        "في هذه المحاضرة نعرض كيف نقل الفريق خدماته إلى منصة جديدة".split(),
    ),
    "he": (
        "דוד שרה יוסי מיכל נועה".split(),
        "כהן לוי מזרחי פרץ ביטון".split(),
        "מבוא בדיקות ביצועים אבטחה נתונים".split(),
        "בהרצאה זו נראה כיצד הצוות העביר את השירותים לפלטפורמה חדשה".split(),
    ),
    "hi": (
        "अमित प्रिया राहुल अंजलि".split(),
        "शर्मा वर्मा गुप्ता सिंह".split(),
        "परिचय परीक्षण प्रदर्शन सुरक्षा".split(),
        "इस वार्ता में हम दिखाते हैं कि टीम ने सेवाओं को नए मंच पर कैसे ले जाया".split(),
    ),
    "th": (
        "สมชาย สมหญิง ประเสริฐ".split(),
        "ใจดี รักไทย ศรีสุข".split(),
        "แนะนำ การทดสอบ ประสิทธิภาพ".split(),
        "ในการบรรยายนี้ เราจะแสดงวิธีย้ายบริการไปยังแพลตฟอร์มใหม่".split(),
    ),
}
#: Scripts and their share of talks (the rest is English).
_SCRIPT_WEIGHTS = {
    "en": 52,
    "de": 6,
    "pl": 4,
    "nb": 3,
    "sr-Latn": 2,
    "is": 1,
    "vi": 2,
    "tr": 2,
    "el": 2,
    "ru": 6,
    "ja": 6,
    "zh": 5,
    "ko": 3,
    "ar": 2,
    "he": 2,
    "hi": 1,
    "th": 1,
}
_POOLS = {**_LATIN, **_OTHER}
_LANGS = list(_SCRIPT_WEIGHTS)
_LANG_CUM = list(itertools.accumulate(_SCRIPT_WEIGHTS.values()))
_RTL = {"ar", "he"}
_NO_SPACES = {"ja", "zh", "th"}

_EMOJI = ("🐍", "🚀", "🦀", "👩\u200d💻", "🇳🇴", "🇯🇵", "✨", "🧪", "🏳️\u200d🌈", "👍🏽")
_TECH = "Python Django asyncio NumPy pandas Rust PostgreSQL Kubernetes WebAssembly".split()
_ORG_KINDS = ("university", "company", "research institute", "non-profit", "municipality")

# Code samples in descriptions: lines that look like TOML table headers, docstrings, quotes
# and backslashes inside a multi-line string are where line-based editing goes wrong.
_CODE_SAMPLES = (
    '```toml\n[tool.ruff]\nline-length = 100\n\n[tool.ruff.lint]\nselect = ["E", "F"]\n```',
    '```python\ndef greet(name):\n    """Say hello."""\n    return f"Hello, {name}!\\n"\n```',
    '```toml\n[[bin]]\nname = "webcat"\npath = "src/main.rs"\n```',
    "```\nC:\\Users\\speaker\\talk> python -m http.server\n```",
    "```ini\n[webinars.not-a-table]\nkey = value ; ''' and \"\"\" are fine here\n```",
    "```regex\n^\\d{4}-\\d{2}-\\d{2}$\n```",
)
# Characters real descriptions pick up from copy and paste.
_PASTED = ("\u2028", "\u00a0", "\u200b", "\u2029", "\u0085", "\u00ad", "\t", "\u200e", "\u200f")


@dataclass(frozen=True, slots=True)
class Flaw:
    """One deliberate error: the problem webcat should report, and where."""

    code: str  # "bad-url" or "dangling-reference"
    table: str
    id: str
    field: str
    kind: str  # how it was broken: relative, carriage-return, whitespace, dangling


@dataclass(slots=True)
class Realistic:
    """A generated catalogue: its JSON form, its deliberate flaws, and writers for both forms."""

    data: dict[str, Any]
    flaws: list[Flaw] = field(default_factory=list)
    seed: int = 1

    def counts(self) -> dict[str, int]:
        """Entries per table."""
        return {k: len(v) for k, v in self.data.items() if isinstance(v, dict)}

    def to_json(self, indent: int | None = None) -> str:
        """webcat's import JSON (docs/json-format.md)."""
        return json.dumps(self.data, ensure_ascii=False, indent=indent) + "\n"

    def to_toml(self, crlf: bool = False) -> str:
        """The catalogue as a hand-kept TOML file: events with their talks and resources."""
        return _to_toml(self.data, crlf)

    def without_flaws(self) -> Realistic:
        """The same catalogue with every flawed entry (and what refers to it) left out."""
        drop = {(f.table, f.id) for f in self.flaws}
        # A resource of a dropped talk would now dangle: drop it too.
        gone = {i for t, i in drop if t == "webinars"}
        data = json.loads(json.dumps(self.data))
        for rid, res in data.get("resources", {}).items():
            if res.get("webinar") in gone:
                drop.add(("resources", rid))
        for table, id_ in drop:
            data[table].pop(id_, None)
        return Realistic(data, [], self.seed)


# ---------------------------------------------------------------------------------------
# Generation


def _slugify(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:60].strip("-")


class _Gen:
    def __init__(self, webinars: int, seed: int, error_rate: float) -> None:
        self.rng = random.Random(seed)
        self.n = webinars
        self.error_rate = error_rate
        self.flaws: list[Flaw] = []
        self.used_ids: dict[str, set[str]] = {}
        self.next_suffix: dict[tuple[str, str], int] = {}
        n_other = max(3, round(OTHER_HOSTS * webinars / DEFAULT_WEBINARS))
        self.hosts = [self._host(i) for i in range(n_other)]
        # A long tail: a few hosts carry many recordings, most carry a handful.
        self.host_cum = list(itertools.accumulate(1 / (r + 1) ** 0.8 for r in range(n_other)))
        self.video_ids: set[str] = set()

    # -- small pieces ---------------------------------------------------------------------

    def lang(self) -> str:
        return self.rng.choices(_LANGS, cum_weights=_LANG_CUM)[0]

    def sentence(self, lang: str, n: int) -> str:
        words = [self.rng.choice(_POOLS[lang][3]) for _ in range(n)]
        if self.rng.random() < 0.3:
            words.insert(self.rng.randrange(len(words) + 1), self.rng.choice(_TECH))
        sep = "" if lang in _NO_SPACES else " "
        text = sep.join(words)
        text = text[0].upper() + text[1:]
        return text + ("。" if lang in ("ja", "zh") else ".")

    def name(self, lang: str) -> str:
        first, last = self.rng.choice(_POOLS[lang][0]), self.rng.choice(_POOLS[lang][1])
        r = self.rng.random()
        if r < 0.03:  # decomposed (NFD) forms, as macOS file names and some forms give
            first = unicodedata.normalize("NFD", first + "é")
        elif r < 0.04:
            first += " " + self.rng.choice(_EMOJI)
        elif r < 0.05:
            first += ' "' + self.rng.choice(_POOLS[lang][0]) + '"'  # a nickname in quotes
        if lang in ("ja", "zh", "ko"):
            return last + ("" if lang != "ja" else " ") + first
        return first + " " + last

    def title(self, lang: str) -> str:
        words = self.rng.sample(_POOLS[lang][2], k=min(3, len(_POOLS[lang][2])))
        sep = "" if lang in _NO_SPACES else " "
        text = sep.join(words)
        r = self.rng.random()
        if r < 0.35:
            text += f": {self.rng.choice(_TECH)} " + self.rng.choice(_POOLS[lang][3])
        elif r < 0.45:
            text = f"{self.rng.choice(_TECH)} {text}"  # Latin inside RTL text: bidi
        if self.rng.random() < 0.05:
            text += " " + self.rng.choice(_EMOJI)
        if self.rng.random() < 0.01:
            text = f'"{text}" – or why \\ is not /'
        return text

    def markdown(self, lang: str) -> str:
        rng = self.rng
        paras = [
            " ".join(self.sentence(lang, rng.randint(6, 16)) for _ in range(rng.randint(1, 3)))
            for _ in range(rng.randint(1, 4))
        ]
        if rng.random() < 0.25:
            paras.append("\n".join(f"- {self.sentence(lang, 4)}" for _ in range(3)))
        if rng.random() < 0.15:
            paras.append(rng.choice(_CODE_SAMPLES))
        if rng.random() < 0.2:
            paras.append(f"Slides: [{self.sentence(lang, 2)}](https://{rng.choice(self.hosts)}/s)")
        text = "\n\n".join(paras)
        if rng.random() < 0.04:
            at = rng.randrange(len(text))
            text = text[:at] + rng.choice(_PASTED) + text[at:]
        if rng.random() < 0.01:
            text = text.replace("\n", "\r\n")  # pasted from Windows, kept verbatim
        return text

    def slug(self, text: str, table: str, fallback: str) -> str:
        """A unique id the way a converter script makes one: ASCII-folded, then numbered."""
        base = _slugify(text) or fallback
        used = self.used_ids.setdefault(table, set())
        n = self.next_suffix.get((table, base), 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        self.next_suffix[(table, base)] = n + 1
        used.add(candidate)
        return candidate

    def _host(self, i: int) -> str:
        rng = self.rng
        r = rng.random()
        word = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9)))
        if i < 4:
            return ("vimeo.com", "archive.org", "media.ccc.de", "www.bilibili.com")[i]
        if r < 0.5:
            return f"video.{word}.org"
        if r < 0.7:
            return f"media.{word}.edu"
        if r < 0.85:
            return f"{word}.{rng.choice(('de', 'fr', 'jp', 'pl', 'com.br', 'co.uk'))}"
        if r < 0.95:
            return f"{word}.example.com:{rng.choice((8080, 8443))}"
        return f"xn--{word}-{rng.randint(10, 99)}a.{rng.choice(('de', 'no', 'jp'))}"

    def video_url(self) -> str:
        rng = self.rng
        if rng.random() < MAIN_HOST_SHARE:
            while True:
                vid = "".join(rng.choices(string.ascii_letters + string.digits + "-_", k=11))
                if vid not in self.video_ids:
                    self.video_ids.add(vid)
                    return MAIN_VIDEO + vid
        host = rng.choices(self.hosts, cum_weights=self.host_cum)[0]
        n = rng.randrange(10**7)
        return rng.choice(
            (
                f"https://{host}/v/{n}",
                f"https://{host}/media/recordings/{n}.mp4",
                f"https://{host}/watch?id={n}&lang=en#t=0",
                f"https://{host}/video/{n}/%E2%9C%A8-talk",
            )
        )

    def flaw(self) -> bool:
        return self.rng.random() < self.error_rate

    def break_url(self, table: str, id_: str, fld: str, url: str, host: str) -> str:
        r = self.rng.random()
        if r < 0.4:
            kind, url = "relative", f"/media/{host.split('.')[-2]}/slides/{id_}.pdf"
        elif r < 0.75:
            kind, url = "carriage-return", url + "\r"
        else:
            kind = "whitespace"
            url = self.rng.choice((f" {url}", f"{url} ", f"\t{url}\n", f" {url} "))
        self.flaws.append(Flaw("bad-url", table, id_, fld, kind))
        return url

    # -- the catalogue --------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        rng, n = self.rng, self.n
        n_events = max(2, round(n / 40))
        n_people = max(3, round(n * 0.6))
        n_orgs = max(3, round(n / 60))
        n_projects = max(1, n // 2000)

        orgs: dict[str, dict[str, Any]] = {}
        for _ in range(n_orgs):
            lang = self.lang()
            name = f"{self.rng.choice(_POOLS[lang][1])} {self.rng.choice(_POOLS[lang][2])}"
            oid = self.slug(name, "organisations", f"org-{len(orgs)}")
            org: dict[str, Any] = {"name": name}
            if lang not in ("en",) and rng.random() < 0.3:
                org["name"] = {lang: name, "en": f"{name} (English name)"}
            org["kind"] = rng.choice(_ORG_KINDS)
            if rng.random() < 0.7:
                org["url"] = f"https://{rng.choice(self.hosts)}/"
            if orgs and rng.random() < 0.1:
                org["parent"] = rng.choice(list(orgs))
            orgs[oid] = org
        org_ids = list(orgs)

        projects: dict[str, dict[str, Any]] = {}
        for p in range(n_projects):
            title = f"{self.title('en')} project"
            pid = self.slug(title, "projects", f"project-{p}")
            projects[pid] = {
                "title": title,
                "description": self.markdown("en"),
                "lead": rng.choice(org_ids),
                "partners": sorted(set(rng.sample(org_ids, k=min(3, len(org_ids))))),
            }

        people: dict[str, dict[str, Any]] = {}
        for p in range(n_people):
            lang = self.lang()
            nm = self.name(lang)
            pid = self.slug(nm, "people", f"speaker-{p}")
            person: dict[str, Any] = {"name": nm}
            if rng.random() < 0.4:
                person["affiliations"] = [rng.choice(org_ids)]
            if rng.random() < 0.2:
                person["bio"] = self.markdown(lang)
            if rng.random() < 0.15:
                person["url"] = rng.choice(
                    (
                        f"https://github.com/{pid}",
                        f"https://{rng.choice(self.hosts)}/~{pid}/",
                        f"mailto:{pid}@example.org",
                    )
                )
            people[pid] = person
        person_ids = list(people)
        # A few speakers give many talks.
        speaker_cum = list(itertools.accumulate(1 / (r + 1) ** 0.6 for r in range(n_people)))

        series: dict[str, dict[str, Any]] = {}
        webinars: dict[str, dict[str, Any]] = {}
        resources: dict[str, dict[str, Any]] = {}
        # Events of very different sizes: a few have hundreds of talks.
        sizes = [rng.paretovariate(1.6) for _ in range(n_events)]
        scale = n / sum(sizes)
        counts = [max(1, int(s * scale)) for s in sizes]
        counts[0] += n - sum(counts)  # what rounding down left over
        start = date(2009, 3, 1)
        for e, count in enumerate(counts):
            lang = self.lang() if rng.random() < 0.3 else "en"
            year = 2009 + e * 16 // n_events
            conf = "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 8)))
            host = f"{year}.{conf}.org"
            title = f"{conf.capitalize()}Con {year}"
            if lang != "en":
                title += f" – {self.title(lang)}"
            sid = self.slug(f"{conf}con-{year}", "series", f"event-{e}")
            event_url = f"https://{host}/"
            schedule = f"https://{host}/schedule/"
            ser: dict[str, Any] = {
                "title": title,
                "description": self.markdown(lang),
                "published": (start + timedelta(days=e * 5700 // n_events)).isoformat(),
                "organiser": rng.choice(org_ids),
                "url": event_url,
                "tags": ["conference", conf],
            }
            if lang != "en":
                ser["language"] = lang
            if e % 7 == 0:
                ser["project"] = rng.choice(list(projects))
            series[sid] = ser
            # Event habits: some link every talk to the schedule page or a licence.
            talks_use_schedule = rng.random() < 0.12
            page_links = rng.random() < 0.3
            licence = rng.choice(LICENCES) if rng.random() < 0.35 else None
            day0 = date.fromisoformat(ser["published"])
            for t in range(count):
                tlang = lang if rng.random() < 0.7 else self.lang()
                title_ = self.title(tlang)
                wid = self.slug(title_, "webinars", f"talk-{e}-{t + 1}")
                web: dict[str, Any] = {"series": sid, "title": title_}
                if rng.random() < 0.1:
                    web["title"] = (
                        {tlang: title_, "en": self.title("en")} if tlang != "en" else title_
                    )
                if rng.random() < 0.3:
                    web["number"] = t + 1
                if rng.random() < 0.05:
                    web["topic"] = self.sentence(tlang, 4)
                if rng.random() < 0.75:
                    web["description"] = self.markdown(tlang)
                r = rng.random()
                day = day0 + timedelta(days=t * 3 // max(1, count))
                if r < 0.6:
                    web["date"] = day.isoformat()
                elif r < 0.9:
                    off = rng.choice(("+00:00", "+01:00", "+02:00", "-05:00", "+09:00", "+05:30"))
                    web["date"] = f"{day.isoformat()}T{9 + t % 9:02d}:{t % 4 * 15:02d}:00{off}"
                if rng.random() < 0.7:
                    m = rng.randint(5, 95)
                    web["duration"] = f"PT{m // 60}H{m % 60}M" if m >= 60 else f"PT{m}M"
                k = rng.choices((0, 1, 2, 3, 4), weights=(3, 80, 12, 4, 1))[0]
                if k:
                    web["speakers"] = list(
                        dict.fromkeys(rng.choices(person_ids, cum_weights=speaker_cum, k=k))
                    )
                if tlang != lang:
                    web["language"] = tlang
                if talks_use_schedule:
                    web["url"] = schedule  # shared by every talk of the event
                elif rng.random() < 0.8:
                    web["url"] = f"https://{host}/talks/{wid}/"
                if rng.random() < 0.5:
                    web["tags"] = sorted({_slugify(w) for w in rng.sample(_TECH, k=2)})
                if self.flaw():
                    if rng.random() < 0.5 and "url" in web and not talks_use_schedule:
                        web["url"] = self.break_url("webinars", wid, "url", web["url"], host)
                    else:
                        web.setdefault("speakers", []).append(f"{wid[:20]}-speaker-typo")
                        self.flaws.append(
                            Flaw("dangling-reference", "webinars", wid, "speakers", "dangling")
                        )
                webinars[wid] = web
                self.add_resources(resources, wid, tlang, host, schedule, page_links, licence)

        return {
            "schema_version": 1,
            "language": "en",
            "title": "Conference talks – Konferenzvorträge – 講演 – доклады",
            "series": series,
            "webinars": webinars,
            "resources": resources,
            "people": people,
            "organisations": orgs,
            "projects": projects,
        }

    def add_resources(
        self,
        resources: dict[str, dict[str, Any]],
        wid: str,
        lang: str,
        host: str,
        schedule: str,
        page_links: bool,
        licence: str | None,
    ) -> None:
        rng = self.rng
        items: list[tuple[str, str, str, str | None]] = []  # kind, title, url, format
        if rng.random() < 0.985:
            items.append(("recording", "Recording", self.video_url(), None))
            if rng.random() < 0.04:  # a mirror on another host
                items.append(("recording", "Mirror", self.video_url(), None))
        if rng.random() < 0.38:
            items.append(
                rng.choice(
                    (
                        ("slides", "Slides", f"https://{host}/media/slides/{wid}.pdf", "PDF"),
                        ("slides", "Slides", f"https://speakerdeck.com/u/{wid}", None),
                        ("slides", "Folien", f"https://{host}/slides/{wid}.pptx", "PowerPoint"),
                    )
                )
            )
        if licence:
            items.append(("link", "Licence", licence, None))
        if page_links:
            items.append(("page", "Event schedule", schedule, None))
        if rng.random() < 0.08:
            items.append(("code", "Code", f"https://github.com/{wid[:30]}/demo", None))
        for kind, title, url, fmt in items:
            rid = self.slug(f"{wid[:50]}-{kind}", "resources", f"{kind}-{len(resources)}")
            res: dict[str, Any] = {"kind": kind, "title": title, "url": url, "webinar": wid}
            if lang != "en" and rng.random() < 0.3:
                res["title"] = {"en": title, lang: f"{title} ({lang})"}
            if fmt:
                res["format"] = fmt
            if self.flaw():
                if rng.random() < 0.8:
                    res["url"] = self.break_url("resources", rid, "url", url, host)
                else:
                    res["webinar"] = f"{wid[:40]}-typo"
                    self.flaws.append(
                        Flaw("dangling-reference", "resources", rid, "webinar", "dangling")
                    )
            resources[rid] = res


def generate(
    webinars: int = DEFAULT_WEBINARS, seed: int = 1, error_rate: float = 0.01
) -> Realistic:
    """A realistic catalogue of ``webinars`` talks; the same arguments give the same catalogue."""
    gen = _Gen(webinars, seed, error_rate)
    data = gen.build()
    return Realistic(data, gen.flaws, seed)


# ---------------------------------------------------------------------------------------
# TOML writing, independent of webcat's own writer (a bug there must not hide here)

_DATE_FIELDS = {"published", "date"}
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}
_CONTROL = re.compile(r'[\x00-\x1f\x7f"\\]')
_ML_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\\]")


def _esc(match: re.Match[str]) -> str:
    c = match.group()
    return _ESCAPES.get(c) or f"\\u{ord(c):04X}"


def _basic(text: str) -> str:
    return '"' + _CONTROL.sub(_esc, text) + '"'


def _multiline(text: str) -> str:
    """A multi-line basic string, as people write long descriptions by hand."""
    body = _ML_CONTROL.sub(_esc, text)
    # No run of three quotes may appear, nor a quote right before the closing delimiter.
    body = re.sub(r'"(?=")', '\\"', body)
    if body.endswith('"'):
        body = body[:-1] + '\\"'
    return '"""\n' + body + '"""'


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _basic(key)


def _value(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(name, v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(name, v)}" for k, v in value.items()) + " }"
    if name in _DATE_FIELDS and re.match(r"^\d{4}-\d\d-\d\d(T[\d:]+[+-]\d\d:\d\d)?$", value):
        return str(value)
    if "\n" in value and "\r" not in value and name in ("description", "bio"):
        return _multiline(value)
    return _basic(value)


def _table(out: list[str], table: str, id_: str, entry: dict[str, Any]) -> None:
    out.append(f"[{table}.{_key(id_)}]")
    for k, v in entry.items():
        out.append(f"{_key(k)} = {_value(k, v)}")
    out.append("")


def _to_toml(data: dict[str, Any], crlf: bool) -> str:
    out = ["# Conference talks, converted from the archive's JSON.", ""]
    for key in ("schema_version", "language", "title"):
        if key in data:
            out.append(f"{key} = {_value(key, data[key])}")
    out.append("")
    for table in ("organisations", "projects"):
        for id_, entry in data.get(table, {}).items():
            _table(out, table, id_, entry)
    by_webinar: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    loose: list[tuple[str, dict[str, Any]]] = []
    webinars = data.get("webinars", {})
    for rid, res in data.get("resources", {}).items():
        if res.get("webinar") in webinars:
            by_webinar.setdefault(res["webinar"], []).append((rid, res))
        else:
            loose.append((rid, res))
    by_series: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for wid, web in webinars.items():
        by_series.setdefault(web.get("series", ""), []).append((wid, web))
    for sid, ser in data.get("series", {}).items():
        out += [f"# ---- {_comment(ser.get('title'))} ----", ""]
        _table(out, "series", sid, ser)
        for wid, web in by_series.pop(sid, []):
            _table(out, "webinars", wid, web)
            for rid, res in by_webinar.pop(wid, []):
                _table(out, "resources", rid, res)
    for rest in by_series.values():
        for wid, web in rest:
            _table(out, "webinars", wid, web)
            for rid, res in by_webinar.pop(wid, []):
                _table(out, "resources", rid, res)
    for rid, res in loose:
        _table(out, "resources", rid, res)
    out.append("# ---- speakers ----")
    out.append("")
    for id_, entry in data.get("people", {}).items():
        _table(out, "people", id_, entry)
    for table, entries in data.items():
        if isinstance(entries, dict) and table not in _WRITTEN:
            for id_, entry in entries.items():
                _table(out, table, id_, entry)
    text = "\n".join(out)
    # Every raw LF is a line end (also inside multi-line strings); data's own are escaped.
    return text.replace("\n", "\r\n") if crlf else text


_WRITTEN = {"organisations", "projects", "series", "webinars", "resources", "people"}


def _comment(title: Any) -> str:
    if isinstance(title, dict):
        title = next(iter(title.values()), "")
    return re.sub(r"[\x00-\x1f\x7f\u2028\u2029\u0085]", " ", str(title))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--webinars", type=int, default=DEFAULT_WEBINARS)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--error-rate", type=float, default=0.01, help="share of flawed entries")
    ap.add_argument("--crlf", action="store_true", help="write the TOML with CRLF line ends")
    ap.add_argument("-o", "--output", type=Path, help="write the TOML here")
    ap.add_argument("--json", type=Path, help="write the import JSON here")
    args = ap.parse_args()
    cat = generate(args.webinars, args.seed, args.error_rate)
    if args.output:
        args.output.write_bytes(cat.to_toml(args.crlf).encode("utf-8"))
    if args.json:
        args.json.write_text(cat.to_json(), encoding="utf-8")
    counts = ", ".join(f"{v:,} {k}" for k, v in cat.counts().items())
    print(f"{counts}; {len(cat.flaws)} flawed entries")


if __name__ == "__main__":
    main()
