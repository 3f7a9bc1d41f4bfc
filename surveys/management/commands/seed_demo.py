"""Demo data for a person trying feedback360: an HR user, four teams and three
cycles (released with reports, open with answers coming in, and a draft ready
to launch). Running it again changes nothing."""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from reports.accounts import person_user_ensure
from reports.services import cycle_release
from surveys import services
from surveys.models import Cycle, Instrument, Invitation, Item, OpenQuestion, Person

HR_USERNAME = "hr"
DEMO_PASSWORD = "feedback360-demo"  # noqa: S105 - printed for the demo on purpose

TEAMS = {
    ("Maria Lindqvist", "maria.lindqvist@example.com"): [
        "Aiden Brooks",
        "Chloé Martin",
        "Devi Raman",
        "Ewan Fraser",
        "Farah Haddad",
        "Gustav Nilsson",
    ],
    ("Tomás Ortega", "tomas.ortega@example.com"): [
        "Hana Kobayashi",
        "Ivan Petrov",
        "Jasmine Okafor",
        "Kai Andersen",
        "Lena Vogel",
    ],
    ("Zoë Łukasiewicz-Ørsted", "zoe.lukasiewicz@example.com"): [
        "Mateo Rossi",
        "Nadia Benali",
        "Olivia Chen",
        "Pavel Novák",
        "Quinn Murphy",
        "Rosa Jiménez",
        "Sven Berg",
        "Tara Singh",
    ],
    ("Daniel Okoye", "daniel.okoye@example.com"): [
        "Uma Patel",
        "Victor Dubois",
        "Wendy Clarke",
        "Yusuf Demir",
    ],
}

# How each manager comes across (team's mean per dimension) and how they see
# themselves; the differences make blind spots and hidden strengths.
PROFILES = {
    "maria.lindqvist@example.com": (4.2, +0.1),
    "tomas.ortega@example.com": (3.1, +0.9),
    "zoe.lukasiewicz@example.com": (3.8, -0.7),
    "daniel.okoye@example.com": (2.6, +1.0),
}

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


def rep_email(name: str) -> str:
    ascii_name = name.lower().replace(" ", ".")
    for a, b in (("é", "e"), ("á", "a"), ("ø", "o"), ("ł", "l"), ("ë", "e")):
        ascii_name = ascii_name.replace(a, b)
    return f"{ascii_name}@example.com"


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
        self._released_cycle(instrument, managers, now)
        self._open_cycle(instrument, managers, now)
        self._draft_cycle(instrument, managers, now)
        self._report()

    def _hr_user(self) -> None:
        User = get_user_model()
        if not User.objects.filter(username=HR_USERNAME).exists():
            User.objects.create_superuser(HR_USERNAME, "hr@example.com", DEMO_PASSWORD)

    def _people(self) -> list[Person]:
        managers = []
        for (name, email), reps in TEAMS.items():
            manager, _ = Person.objects.get_or_create(email=email, defaults={"name": name})
            user = person_user_ensure(person=manager)
            if not user.has_usable_password():
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            for rep_name in reps:
                Person.objects.get_or_create(
                    email=rep_email(rep_name), defaults={"name": rep_name, "manager": manager}
                )
            managers.append(manager)
        return managers

    def _answer_all(self, cycle: Cycle, share: float, when, seed: int) -> None:
        rng = random.Random(seed)  # noqa: S311 - demo data, reproducible
        items = list(
            Item.objects.filter(dimension__instrument=cycle.instrument).select_related("dimension")
        )
        questions = {q.key: q.id for q in OpenQuestion.objects.filter(instrument=cycle.instrument)}
        invitations = list(
            Invitation.objects.filter(assessment__cycle=cycle, completed=False)
            .select_related("assessment__manager", "assessment__cycle__instrument", "rater")
            .order_by("rater__email")
        )
        decks: dict[tuple[str, str], list[str]] = {}  # no comment twice for one manager
        for invitation in invitations:
            manager_email = invitation.assessment.manager.email
            if manager_email == "daniel.okoye@example.com" and invitation.relationship == "team":
                answering = invitation.rater.email in {
                    rep_email("Uma Patel"),
                    rep_email("Victor Dubois"),
                }
            else:
                answering = rng.random() < share
            if not answering:
                continue
            base, self_bias = PROFILES[manager_email]
            answers = {}
            for item in items:
                lean = (sum(map(ord, item.dimension.key)) % 7 - 3) / 6
                level = base + lean + (self_bias if invitation.relationship == "self" else 0)
                if invitation.relationship == "team" and rng.random() < 0.06:
                    answers[item.id] = None  # "Can't say"
                    continue
                score = min(5, max(1, round(level + rng.gauss(0, 0.7))))
                answers[item.id] = 6 - score if item.reverse_keyed else score
            comments = {}
            for key in ("keep", "start"):
                deck = decks.setdefault(
                    (manager_email, key), rng.sample(COMMENTS[key], len(COMMENTS[key]))
                )
                if deck and rng.random() < 0.7:
                    comments[questions[key]] = deck.pop()
            services.response_submit(
                invitation=invitation, answers=answers, comments=comments, now=when
            )

    def _released_cycle(self, instrument, managers, now) -> None:
        name = "Autumn leadership check"
        if Cycle.objects.filter(name=name).exists():
            return
        opens = now - timedelta(days=60)
        closes = now - timedelta(days=40)
        cycle = Cycle.objects.create(
            name=name, instrument=instrument, opens_at=opens, closes_at=closes
        )
        services.cycle_add_managers(cycle=cycle, managers=managers)
        services.cycle_launch(cycle_id=cycle.pk, now=opens)
        Invitation.objects.filter(assessment__cycle=cycle).update(
            send_status=Invitation.SendStatus.SENT, sent_at=opens
        )
        self._answer_all(cycle, share=0.85, when=opens + timedelta(days=3), seed=1)
        services.cycle_close(cycle_id=cycle.pk, now=closes)
        cycle_release(cycle_id=cycle.pk, now=closes + timedelta(days=2))

    def _open_cycle(self, instrument, managers, now) -> None:
        name = "Spring leadership check"
        if Cycle.objects.filter(name=name).exists():
            return
        cycle = Cycle.objects.create(
            name=name,
            instrument=instrument,
            opens_at=now - timedelta(days=4),
            closes_at=now + timedelta(days=10),
        )
        services.cycle_add_managers(cycle=cycle, managers=managers[:3])
        services.cycle_launch(cycle_id=cycle.pk)
        self._answer_all(cycle, share=0.45, when=now, seed=2)

    def _draft_cycle(self, instrument, managers, now) -> None:
        name = "Summer leadership check"
        if Cycle.objects.filter(name=name).exists():
            return
        cycle = Cycle.objects.create(
            name=name, instrument=instrument, opens_at=now, closes_at=now + timedelta(days=21)
        )
        services.cycle_add_managers(cycle=cycle, managers=managers)

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
