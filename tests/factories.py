"""factory_boy factories. Cycles use instrument version 1 unless told otherwise."""

from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from surveys.models import Assessment, Cycle, Instrument, Invitation, Person, Relationship


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.com")


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle

    name = factory.Sequence(lambda n: f"Cycle {n}")
    instrument = factory.LazyFunction(lambda: Instrument.objects.get(version=1))
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    cycle = factory.SubFactory(CycleFactory)
    manager = factory.SubFactory(PersonFactory)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    assessment = factory.SubFactory(AssessmentFactory)
    rater = factory.SubFactory(PersonFactory)
    relationship = Relationship.TEAM


def team(
    size: int, *, manager: Person | None = None, prefix: str = "rep"
) -> tuple[Person, list[Person]]:
    """A manager and `size` active reps."""
    manager = manager or PersonFactory()
    reps = [
        PersonFactory(
            name=f"{prefix.title()} {manager.pk}-{i}",
            email=f"{prefix}{manager.pk}-{i}@example.com",
            manager=manager,
        )
        for i in range(size)
    ]
    return manager, reps
