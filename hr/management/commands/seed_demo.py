"""Demo data for a person trying feedback360: an HR user, two sales directors
and twelve managers with their teams; two released cycles (an upward check,
then a full 360 with peers and each manager's own manager, so reports show
trends and norms), an open cycle with answers coming in, and a draft in which
managers are proposing peers. Running it again changes nothing."""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import cached_property

from reports.release import cycle_release
from surveys import lifecycle, rosters
from surveys.accounts import person_user_ensure
from surveys.answering import response_submit
from surveys.groups import Relationship
from surveys.models import Cycle, Instrument, Invitation, Item, Nomination, OpenQuestion, Person

HR_USERNAME = "hr"
DEMO_PASSWORD = "feedback360-demo"  # noqa: S105 - printed for the demo on purpose

DIRECTORS = {
    "helena.strand@example.com": ("Helena Strand", "sv"),
    "marcus.feld@example.com": ("Marcus Feld", "de"),
}
# (name, e-mail, director, language, reps, (team level, self bias))
MANAGERS = [
    ("Maria Lindqvist", "maria.lindqvist@example.com", "helena.strand@example.com", "en",
     ["Aiden Brooks", "Chloé Martin", "Devi Raman", "Ewan Fraser", "Farah Haddad",
      "Gustav Nilsson", "Hugo Larsson"], (3.9, 0.1)),
    ("Tomás Ortega", "tomas.ortega@example.com", "helena.strand@example.com", "es",
     ["Hana Kobayashi", "Ivan Petrov", "Jasmine Okafor", "Kai Andersen", "Lena Vogel"], (3.0, 0.9)),
    ("Zoë Łukasiewicz-Ørsted", "zoe.lukasiewicz@example.com", "helena.strand@example.com", "en",
     ["Mateo Rossi", "Nadia Benali", "Olivia Chen", "Pavel Novák", "Quinn Murphy", "Rosa Jiménez",
      "Sven Berg", "Tara Singh"], (3.8, -0.7)),
    ("Daniel Okoye", "daniel.okoye@example.com", "helena.strand@example.com", "en",
     ["Uma Patel", "Victor Dubois", "Wendy Clarke", "Yusuf Demir"], (2.6, 1.0)),
    ("Ingrid Dahl", "ingrid.dahl@example.com", "helena.strand@example.com", "sv",
     ["Axel Holm", "Britta Ek", "Carl Sjöberg", "Dalia Nasser", "Erik Wallin", "Frida Lund"],
     (3.5, 0.3)),
    ("Jonas Weber", "jonas.weber@example.com", "helena.strand@example.com", "de",
     ["Anna Schmidt", "Ben Krüger", "Clara Hoffmann", "David Braun", "Elif Yılmaz"], (3.3, 0.4)),
    ("Sofia Ruiz", "sofia.ruiz@example.com", "marcus.feld@example.com", "es",
     ["Alba Torres", "Bruno Díaz", "Carmen Vidal", "Diego Navarro", "Eva Molina", "Félix Romero"],
     (4.1, -0.2)),
    ("Louis Bernard", "louis.bernard@example.com", "marcus.feld@example.com", "fr",
     ["Amélie Roux", "Bastien Faure", "Céline Girard", "Damien Morel", "Élodie Lambert"],
     (2.9, 0.6)),
    ("Priya Nair", "priya.nair@example.com", "marcus.feld@example.com", "en",
     ["Arjun Mehta", "Bea Walsh", "Caleb Ng", "Dina Kovač", "Eli Strauss", "Fay Osei"], (3.7, 0.0)),
    ("Oskar Nowak", "oskar.nowak@example.com", "marcus.feld@example.com", "en",
     ["Ada Wiśniewska", "Bartek Zieliński", "Cyril Lang", "Dorota Kamińska", "Emil Sauer"],
     (3.2, 0.7)),
    ("Elena Conti", "elena.conti@example.com", "marcus.feld@example.com", "en",
     ["Aldo Greco", "Bianca Ferri", "Cesare Leone", "Dafne Riva", "Enzo Gallo", "Flavia Rizzi"],
     (3.6, -0.4)),
    ("Kofi Mensah", "kofi.mensah@example.com", "marcus.feld@example.com", "en",
     ["Abena Owusu", "Bright Asante", "Comfort Boateng", "Dede Addo", "Esi Quaye"], (2.8, 0.8)),
]  # fmt: skip
# Per manager and dimension: how their team sees them there, relative to their level.
LEANS = {
    "maria.lindqvist@example.com": {"empowerment": -0.9, "vision": +0.6, "development": -0.3},
    "tomas.ortega@example.com": {"dialogue": -0.6, "values": +0.4},
    "daniel.okoye@example.com": {"innovation": -0.5, "individuals": +0.5},
}
# How Maria sees herself where her team disagrees: a blind spot and a hidden strength.
SELF_LEANS = {"maria.lindqvist@example.com": {"empowerment": +1.1, "vision": -0.9}}
# What changed between the two released cycles (trend): Maria worked on development.
PROGRESS = {"maria.lindqvist@example.com": {"development": +0.9}}

COMMENTS = {
    "keep": [
        "The weekly one-to-ones where we look at my pipeline together.",
        "Backing us when a customer pushes hard on price.",
        "Sharing what leadership is planning before it lands on us.",
        "Asking what I think before changing territories.",
        "Celebrating the small wins, not only the big deals.",
        "Giving honest feedback right after a call, while it is still fresh.",
        "Protecting our time for selling from internal meetings.",
        "Being open about how targets are set.",
    ],
    "start": [
        "Joining a few calls to coach rather than to take over.",
        "Explaining why a rule matters instead of just quoting it.",
        "Letting us try a new approach on smaller accounts.",
        "Talking about where the team is heading beyond this quarter.",
        "Checking in less often on details we already own.",
        "Asking for ideas on how to run the pipeline review.",
        "Giving each of us a development goal that is not just a number.",
        "Sharing the reasons behind process changes before they start.",
    ],
}


def email_of(name: str) -> str:
    table = str.maketrans("éáóøłëñüöäåıśńkżčć", "eaoolenuoaaisnkzcc")
    ascii_name = name.lower().translate(table).replace(" ", ".")
    return "".join(c for c in ascii_name if c.isalnum() or c == ".") + "@example.com"


class Command(BaseCommand):
    help = "Create demo data (idempotent). Refuses to run with DEBUG off unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates a known password; run it with DEBUG on, or --force."
            )
        with transaction.atomic():
            self._hr_user()
            managers = self._people()
        instrument = Instrument.objects.get(version=1)
        now = timezone.now()
        self.items = list(
            Item.objects.filter(dimension__instrument=instrument).select_related("dimension")
        )
        self.questions = {q.key: q.id for q in OpenQuestion.objects.filter(instrument=instrument)}
        self._released(
            "Leadership check, spring", instrument, managers, now - timedelta(days=200), seed=1,
            full=False, progress=0.0,
        )  # fmt: skip
        self._released(
            "360 feedback, autumn", instrument, managers, now - timedelta(days=45), seed=2,
            full=True, progress=1.0,
        )  # fmt: skip
        self._open_cycle(instrument, managers, now)
        self._draft_cycle(instrument, managers, now)
        self._report()

    def _hr_user(self) -> None:
        User = get_user_model()
        if not User.objects.filter(username=HR_USERNAME).exists():
            user = User.objects.create_superuser(HR_USERNAME, "hr@example.com")
            user.password = self._demo_hash
            user.save(update_fields=["password"])

    @cached_property
    def _demo_hash(self) -> str:
        # Hashed once for every demo account: a password hash is meant to be
        # slow, and thirteen of them were most of the demo's start-up time.
        return make_password(DEMO_PASSWORD)

    def _people(self) -> list[Person]:
        directors = {}
        for email, (name, language) in DIRECTORS.items():
            directors[email], _ = Person.objects.get_or_create(
                email=email, defaults={"name": name, "language": language}
            )
        managers = []
        for name, email, director, language, reps, _ in MANAGERS:
            manager, _ = Person.objects.get_or_create(
                email=email,
                defaults={"name": name, "language": language, "manager": directors[director]},
            )
            user = person_user_ensure(person=manager)
            if not user.has_usable_password():
                user.password = self._demo_hash
                user.save(update_fields=["password"])
            for rep_name in reps:
                Person.objects.get_or_create(
                    email=email_of(rep_name), defaults={"name": rep_name, "manager": manager}
                )
            managers.append(manager)
        return managers

    def _level(self, invitation, item, progress: float, rng) -> float:
        manager = invitation.assessment.manager.email
        profile = next(m for m in MANAGERS if m[1] == manager)[5]
        key = item.dimension.key
        level = profile[0] + LEANS.get(manager, {}).get(key, 0.0)
        level += progress * PROGRESS.get(manager, {}).get(key, 0.0)
        if invitation.relationship == Relationship.SELF:
            level += profile[1] + SELF_LEANS.get(manager, {}).get(key, 0.0)
        elif invitation.relationship == Relationship.PEER:
            level += 0.2
        elif invitation.relationship == Relationship.BOSS:
            level -= 0.3
        return level + (sum(map(ord, key)) % 7 - 3) / 10

    def _answer_all(self, cycle: Cycle, share: float, when, seed: int, progress: float) -> None:
        # One commit for the lot: the demo's hundreds of answers in seconds on SQLite.
        with transaction.atomic():
            self._answer_each(cycle, share, when, seed, progress)

    def _answer_each(self, cycle: Cycle, share: float, when, seed: int, progress: float) -> None:
        rng = random.Random(seed)  # noqa: S311 - demo data, reproducible
        invitations = list(
            Invitation.objects.filter(assessment__cycle=cycle, completed=False)
            .select_related("assessment__manager", "assessment__cycle__instrument", "rater")
            .order_by("assessment__manager__email", "relationship", "rater__email")
        )
        decks: dict[tuple[str, str], list[str]] = {}  # no comment twice for one manager
        for invitation in invitations:
            manager_email = invitation.assessment.manager.email
            if manager_email == "daniel.okoye@example.com" and invitation.relationship == "team":
                # Too few answers for a team view: Daniel's reports show why.
                answering = invitation.rater.email in {
                    email_of("Uma Patel"),
                    email_of("Victor Dubois"),
                }
            elif invitation.relationship in (Relationship.SELF, Relationship.BOSS):
                answering = manager_email != "kofi.mensah@example.com" or rng.random() < 0.5
            else:
                answering = rng.random() < share
            if not answering:
                continue
            answers = {}
            for item in self.items:
                if invitation.relationship != "self" and rng.random() < 0.05:
                    answers[item.id] = None  # "Can't say"
                    continue
                level = self._level(invitation, item, progress, rng)
                score = min(5, max(1, round(level + rng.gauss(0, 0.6))))
                answers[item.id] = 6 - score if item.reverse_keyed else score
            comments = {}
            for key in ("keep", "start"):
                deck = decks.setdefault(
                    (manager_email, key), rng.sample(COMMENTS[key], len(COMMENTS[key]))
                )
                if deck and rng.random() < 0.6:
                    comments[self.questions[key]] = deck.pop()
            response_submit(invitation=invitation, answers=answers, comments=comments, now=when)

    def _released(self, name, instrument, managers, opens, *, seed, full, progress) -> None:
        if Cycle.objects.filter(name=name).exists():
            return
        closes = opens + timedelta(days=14)
        cycle = Cycle.objects.create(
            name=name, instrument=instrument, opens_at=opens, closes_at=closes,
            ask_boss=full, ask_peers=full,
        )  # fmt: skip
        rosters.cycle_add_managers(cycle=cycle, managers=managers)
        if full:
            self._peers(cycle, managers)
        lifecycle.cycle_launch(cycle_id=cycle.pk, now=opens, allow_overlap=True)
        Invitation.objects.filter(assessment__cycle=cycle).update(
            send_status=Invitation.SendStatus.SENT, sent_at=opens
        )
        self._answer_all(cycle, share=0.88, when=opens + timedelta(days=3), seed=seed,
                         progress=progress)  # fmt: skip
        lifecycle.cycle_close(cycle_id=cycle.pk, now=closes)
        cycle_release(cycle_id=cycle.pk, now=closes + timedelta(days=2))

    def _peers(self, cycle: Cycle, managers: list[Person]) -> None:
        """Each manager's peers: the other managers under the same director."""
        for assessment in cycle.assessments.select_related("manager", "cycle"):
            manager = assessment.manager
            peers = [
                m for m in managers if m.manager_id == manager.manager_id and m.pk != manager.pk
            ]
            rosters.nominations_set(
                assessment=assessment,
                raters=[(p, Relationship.PEER) for p in peers[:5]],
                source=Nomination.Source.HR,
            )

    def _open_cycle(self, instrument, managers, now) -> None:
        name = "Quarterly pulse"
        if Cycle.objects.filter(name=name).exists():
            return
        cycle = Cycle.objects.create(
            name=name,
            instrument=instrument,
            opens_at=now - timedelta(days=4),
            closes_at=now + timedelta(days=10),
        )
        rosters.cycle_add_managers(cycle=cycle, managers=managers[:4])
        lifecycle.cycle_launch(cycle_id=cycle.pk, allow_overlap=True)
        self._answer_all(cycle, share=0.45, when=now, seed=3, progress=1.0)

    def _draft_cycle(self, instrument, managers, now) -> None:
        name = "360 feedback, spring"
        if Cycle.objects.filter(name=name).exists():
            return
        cycle = Cycle.objects.create(
            name=name, instrument=instrument, opens_at=now + timedelta(days=7),
            closes_at=now + timedelta(days=28), ask_boss=True, ask_peers=True,
            nominations_open=True,
        )  # fmt: skip
        rosters.cycle_add_managers(cycle=cycle, managers=managers)
        maria = cycle.assessments.select_related("cycle").get(manager__email=MANAGERS[0][1])
        rosters.nominations_propose(
            assessment=maria,
            peers=[
                m for m in managers if m.email in {MANAGERS[4][1], MANAGERS[5][1], MANAGERS[2][1]}
            ],
        )

    def _report(self) -> None:
        site = settings.SITE_URL
        self.stdout.write(
            "\nDemo ready.\n"
            f"  HR administration: {site}/admin/   user: {HR_USERNAME}   "
            f"password: {DEMO_PASSWORD}\n"
            f"  Managers' reports: {site}/reports/ user: maria.lindqvist@example.com   "
            f"password: {DEMO_PASSWORD}\n"
            f"  E-mails sent by the demo (survey links): {site}/outbox/\n"
        )
