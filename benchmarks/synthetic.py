"""Synthetic catalogues of N webinars, for benchmarks and size tests.

Realistic fields, Norwegian text (æ ø å, Bokmål and Nynorsk), two resources per webinar, a
speaker pool, series of 25 webinars, organisations and projects. Deterministic for a given N
and seed, so figures are comparable across runs.

    python benchmarks/synthetic.py 20000 -o /tmp/big.toml
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

WORDS = (
    "samskaping kommune innbyggere tjenester innovasjon ledelse frivillighet samarbeid "
    "bærekraft læring erfaringer prosess medvirkning velferd nærmiljø økonomi forskning "
    "skole helse omsorg kultur næringsliv planlegging fylke distrikt gründere ungdom "
    "eldre klima områdeløft tillit styring partnerskap fellesskap"
).split()
NN = "korleis kva kvifor opptak foredraga sjå høyre saman arbeid".split()
FIRST = "Åse Øystein Kjærsti Håkon Ingrid Bjørn Sølvi Ærlend Marte Jørgen Siv Tor".split()
LAST = "Ødegård Bråten Kjølstad Hæhre Lien Sæther Åsheim Dahl Strøm Berg Holm".split()
PLACES = "Bø Seljord Notodden Skien Porsgrunn Stad Nordre Follo Ålesund Tromsø Bodø".split()


def _sentence(rng: random.Random, n: int, nynorsk: bool = False) -> str:
    pool = WORDS + (NN if nynorsk else [])
    words = [rng.choice(pool) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(n: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    out: list[str] = [
        "# Synthetic webcat catalogue for benchmarks.",
        "schema_version = 1",
        'language = "nb"',
        'title = "Syntetisk katalog"',
        "",
    ]
    n_series = max(1, n // 25)
    n_people = max(1, n // 10)
    n_orgs = max(2, n // 100)
    start = date(2018, 1, 8)
    for s in range(n_series):
        out += [
            f"[series.serie-{s}]",
            f"title = {_q('Webinarserie om ' + rng.choice(WORDS) + ' i ' + rng.choice(PLACES))}",
            f"description = {_q(_sentence(rng, 18))}",
            f"published = {(start + timedelta(days=s * 7)).isoformat()}",
            f'organiser = "org-{s % n_orgs}"',
            f'project = "prosjekt-{s % max(1, n_orgs // 2)}"',
            f'url = "https://example.no/serier/serie-{s}/"',
            'tags = ["samskaping"]',
            "",
        ]
    for w in range(n):
        s = w % n_series
        day = start + timedelta(days=w // 3)
        nynorsk = w % 5 == 0
        title = f"{_sentence(rng, 5, nynorsk)[:-1]} – del {w}"
        speakers = ", ".join(
            f'"person-{rng.randrange(n_people)}"' for _ in range(rng.randint(1, 2))
        )
        speakers = ", ".join(dict.fromkeys(speakers.split(", ")))
        out += [
            f"[webinars.webinar-{w}]",
            f'series = "serie-{s}"',
            f"number = {w // n_series + 1}",
            f"title = {_q(title)}",
            f"topic = {_q(_sentence(rng, 6, nynorsk))}",
            f"description = {_q(_sentence(rng, 22, nynorsk))}",
            f"date = {day.isoformat()}T{10 + w % 4:02d}:00:00+01:00",
            'duration = "PT1H"',
            f"speakers = [{speakers}]",
            *(['language = "nn"'] if nynorsk else []),
            f'url = "https://example.no/webinar/{w}"',
            f'tags = ["{rng.choice(WORDS[1:8])}", "samskaping"]',
            "",
        ]
    for w in range(n):
        out += [
            f"[resources.opptak-{w}]",
            'kind = "recording"',
            f"title = {_q('Opptak av webinar ' + str(w))}",
            f'url = "https://video.example.no/opptak/{w}.mp4"',
            f'webinar = "webinar-{w}"',
            "",
            f"[resources.lysark-{w}]",
            'kind = "slides"',
            f"title = {_q('Lysark: ' + _sentence(rng, 4)[:-1])}",
            'format = "PowerPoint"',
            f'url = "https://files.example.no/lysark/{w}.pptx"',
            f'webinar = "webinar-{w}"',
            "",
        ]
    for p in range(n_people):
        out += [
            f"[people.person-{p}]",
            f"name = {_q(rng.choice(FIRST) + ' ' + rng.choice(LAST))}",
            f'affiliations = ["org-{p % n_orgs}"]',
            f"bio = {_q(_sentence(rng, 25))}",
            "",
        ]
    for o in range(n_orgs):
        out += [
            f"[organisations.org-{o}]",
            f"name = {_q(rng.choice(PLACES) + ' kommune')}",
            'kind = "kommune"',
            f'url = "https://kommune-{o}.example.no/"',
            "",
        ]
    for p in range(max(1, n_orgs // 2)):
        out += [
            f"[projects.prosjekt-{p}]",
            f"title = {_q('Prosjekt om ' + rng.choice(WORDS))}",
            f'lead = "org-{p % n_orgs}"',
            f'partners = ["org-{(p + 1) % n_orgs}"]',
            "",
        ]
    out += ["[tags.samskaping]", 'title = "Samskaping"', ""]
    for t in WORDS[1:8]:
        out += [f"[tags.{t}]", f"title = {_q(t.capitalize())}", ""]
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("n", type=int, help="number of webinars")
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    args.output.write_text(generate(args.n, args.seed), encoding="utf-8")


if __name__ == "__main__":
    main()
