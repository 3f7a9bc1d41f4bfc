"""The lead-versus-manage instrument, version 1, and the answer scale.

Each dimension is an axis from 1 (only manages) to 5 (leads). Items marked
reverse describe the managing pole and are scored 6 − answer. The wording is
ours; the ideas come from the five articles in shared/seeds (DESIGN §1).

Version 1 is installed by a data migration and must not change once released:
a revised questionnaire is a new version with its own migration.
"""

from __future__ import annotations

SCALE = [
    (5, "Strongly agree"),
    (4, "Agree"),
    (3, "Neither agree nor disagree"),
    (2, "Disagree"),
    (1, "Strongly disagree"),
]
CANT_SAY = "na"
CANT_SAY_LABEL = "Can't say"
SCALE_MIN, SCALE_MAX = 1, 5

# (team wording, self wording, reverse keyed)
V1 = {
    "version": 1,
    "name": "Lead or manage? Sales leadership 360",
    "description": (
        "Ten contrasts between leading a sales team and only managing it, each rated by "
        "the manager's reps and by the manager."
    ),
    "dimensions": [
        {
            "key": "dialogue",
            "name": "Dialogue",
            "lead_pole": "Two-way dialogue and feedback",
            "manage_pole": "One-way instruction",
            "development_tip": (
                "Open each one-to-one with a question and let the rep talk first. Before "
                "deciding how to work a key account, ask two reps for their view and say "
                "afterwards what you took from it. Ask for one piece of feedback on your own "
                "coaching every month."
            ),
            "items": [
                (
                    "My manager asks for my view before deciding how we approach an account.",
                    "I ask for my reps' views before deciding how we approach an account.",
                    False,
                ),
                (
                    "When we discuss my work, my manager listens at least as much as they talk.",
                    "When I discuss a rep's work with them, I listen at least as much as I talk.",
                    False,
                ),
                (
                    "Conversations with my manager are mostly them telling me what to do next.",
                    "My conversations with reps are mostly me telling them what to do next.",
                    True,
                ),
            ],
        },
        {
            "key": "development",
            "name": "Development",
            "lead_pole": "Grows each rep's skills through coaching",
            "manage_pole": "Directs reps at their targets",
            "development_tip": (
                "Pick one selling skill per rep for the next quarter and agree how you will "
                "practise it together. Join one call a fortnight as an observer, then debrief "
                "on the skill rather than the outcome. Review lost deals for lessons, not blame."
            ),
            "items": [
                (
                    "My manager coaches me on specific selling skills, not only on my numbers.",
                    "I coach each rep on specific selling skills, not only on their numbers.",
                    False,
                ),
                (
                    "After a lost deal, my manager helps me work out what to do differently.",
                    "After a lost deal, I help the rep work out what to do differently.",
                    False,
                ),
                (
                    "As long as I hit my target, my manager takes little interest in how I "
                    "could grow.",
                    "As long as a rep hits target, I take little interest in how they could grow.",
                    True,
                ),
            ],
        },
        {
            "key": "innovation",
            "name": "Innovation",
            "lead_pole": "Gives freedom to experiment and take risks",
            "manage_pole": "Holds to routine and procedure",
            "development_tip": (
                "Set aside a small share of the team's time for trying new approaches, and ask "
                "each rep to run one small experiment a quarter. Share what failed as openly as "
                "what worked, starting with your own attempts."
            ),
            "items": [
                (
                    "My manager lets me try a new approach with a customer even if it might "
                    "not work.",
                    "I let reps try a new approach with a customer even if it might not work.",
                    False,
                ),
                (
                    "My manager treats a failed experiment as a lesson rather than a mistake "
                    "to punish.",
                    "I treat a rep's failed experiment as a lesson rather than a mistake to "
                    "punish.",
                    False,
                ),
                (
                    "My manager expects every deal to be worked exactly the standard way.",
                    "I expect every deal to be worked exactly the standard way.",
                    True,
                ),
            ],
        },
        {
            "key": "vision",
            "name": "Vision",
            "lead_pole": "Sets and shares a long-term direction",
            "manage_pole": "Runs the day to day",
            "development_tip": (
                "Write down in a few sentences where the team should be in a year and why it "
                "matters to customers. Talk it through with the team, then link each quarter's "
                "goals and each rep's plan back to it."
            ),
            "items": [
                (
                    "My manager has explained where our team is heading over the next year "
                    "or more.",
                    "I have explained to my team where we are heading over the next year or more.",
                    False,
                ),
                (
                    "I can see how my daily work adds to the bigger goals my manager talks about.",
                    "My reps can see how their daily work adds to the bigger goals I talk about.",
                    False,
                ),
                (
                    "My manager's attention rarely goes beyond this month's numbers.",
                    "My attention rarely goes beyond this month's numbers.",
                    True,
                ),
            ],
        },
        {
            "key": "initiative",
            "name": "Initiative",
            "lead_pole": "Acts ahead of events",
            "manage_pole": "Reacts to events",
            "development_tip": (
                "Hold a short forward-looking pipeline review each week that asks what could go "
                "wrong next month. When something surprises you, find its cause before you "
                "choose a response, and tell the team what you learned."
            ),
            "items": [
                (
                    "My manager spots problems in the pipeline before they become missed numbers.",
                    "I spot problems in my team's pipeline before they become missed numbers.",
                    False,
                ),
                (
                    "When something unexpected happens, my manager looks for its cause before "
                    "acting.",
                    "When something unexpected happens, I look for its cause before acting.",
                    False,
                ),
                (
                    "My manager mostly deals with issues once they have become urgent.",
                    "I mostly deal with issues once they have become urgent.",
                    True,
                ),
            ],
        },
        {
            "key": "individuals",
            "name": "Individuals",
            "lead_pole": "Leads people as individuals",
            "manage_pole": "Manages them as resources and numbers",
            "development_tip": (
                "For each rep, note two strengths, one thing they want to get better at and "
                "what motivates them; check it with them. Adapt how you support each person "
                "instead of running every one-to-one the same way."
            ),
            "items": [
                (
                    "My manager knows my particular strengths and weaknesses and works with them.",
                    "I know each rep's particular strengths and weaknesses and work with them.",
                    False,
                ),
                (
                    "My manager adapts the support they give me to what I actually need.",
                    "I adapt the support I give each rep to what they actually need.",
                    False,
                ),
                (
                    "My manager sees me mainly as a figure on a sales report.",
                    "I see my reps mainly as figures on a sales report.",
                    True,
                ),
            ],
        },
        {
            "key": "values",
            "name": "Values",
            "lead_pole": "Decides by shared values",
            "manage_pole": "Decides by rules alone",
            "development_tip": (
                "Agree with the team on three values that should guide how you sell. When you "
                "make a call, explain which value it serves. When a rule and a value pull apart, "
                "discuss the case openly instead of quoting the rule."
            ),
            "items": [
                (
                    "My manager explains the principle behind a decision, not just the rule that "
                    "applies.",
                    "I explain the principle behind a decision, not just the rule that applies.",
                    False,
                ),
                (
                    "When a rule does not fit the situation, my manager weighs what is right for "
                    "the customer and the team.",
                    "When a rule does not fit the situation, I weigh what is right for the "
                    "customer and the team.",
                    False,
                ),
                (
                    "My manager's first response to a problem is to check what the rules say.",
                    "My first response to a problem is to check what the rules say.",
                    True,
                ),
            ],
        },
        {
            "key": "outcomes",
            "name": "Outcomes",
            "lead_pole": "Focuses on outcomes and improves the process",
            "manage_pole": "Follows process for its own sake",
            "development_tip": (
                "List the steps of your sales process and ask of each what result it serves. "
                "Invite the team to propose one step to simplify or drop each quarter, and try "
                "the best proposal."
            ),
            "items": [
                (
                    "My manager judges our work by what it achieves for customers and the "
                    "business.",
                    "I judge my team's work by what it achieves for customers and the business.",
                    False,
                ),
                (
                    "My manager is willing to change a sales process that gets in the way of "
                    "results.",
                    "I am willing to change a sales process that gets in the way of results.",
                    False,
                ),
                (
                    "My manager insists on procedure even when it clearly does not help.",
                    "I insist on procedure even when it clearly does not help.",
                    True,
                ),
            ],
        },
        {
            "key": "commitment",
            "name": "Commitment",
            "lead_pole": "Asks for commitment",
            "manage_pole": "Insists on compliance",
            "development_tip": (
                "Set goals with each rep rather than for them: ask what they want to achieve "
                "and what they will commit to. Follow up on their commitments, and recognise "
                "effort beyond the minimum as well as results."
            ),
            "items": [
                (
                    "My manager agrees goals with me so that I feel they are mine.",
                    "I agree goals with each rep so that they feel the goals are theirs.",
                    False,
                ),
                (
                    "My manager appeals to what I want to achieve, not only to what I am "
                    "required to do.",
                    "I appeal to what reps want to achieve, not only to what they are required "
                    "to do.",
                    False,
                ),
                (
                    "For my manager, doing as I am told matters more than going the extra mile.",
                    "For me, reps doing as they are told matters more than going the extra mile.",
                    True,
                ),
            ],
        },
        {
            "key": "empowerment",
            "name": "Empowerment",
            "lead_pole": "Encourages, trusts and empowers",
            "manage_pole": "Pressures and micromanages",
            "development_tip": (
                "Name the decisions each rep can take without asking you, and widen that list "
                "as trust grows. Replace status checks with an agreed weekly update. After a "
                "hard week, start with encouragement before the numbers."
            ),
            "items": [
                (
                    "My manager trusts me to make decisions about my own accounts.",
                    "I trust reps to make decisions about their own accounts.",
                    False,
                ),
                (
                    "My manager encourages me, especially after a run of lost deals.",
                    "I encourage my reps, especially after a run of lost deals.",
                    False,
                ),
                (
                    "My manager checks the details of my work more than is necessary.",
                    "I check the details of my reps' work more than is necessary.",
                    True,
                ),
            ],
        },
    ],
    "open_questions": [
        {
            "key": "keep",
            "text_team": "What should your manager keep doing?",
            "text_self": "What should you keep doing as a leader of your team?",
        },
        {
            "key": "start",
            "text_team": "What should your manager start doing, or do differently?",
            "text_self": "What should you start doing, or do differently?",
        },
    ],
}


def install_instrument(models: dict, data: dict) -> object:
    """Create an instrument from `data`. Takes the model classes so that a data
    migration can pass its historical models. Idempotent on the version."""
    Instrument = models["Instrument"]
    existing = Instrument.objects.filter(version=data["version"]).first()
    if existing is not None:
        return existing
    instrument = Instrument.objects.create(
        version=data["version"], name=data["name"], description=data["description"]
    )
    for d_pos, dim in enumerate(data["dimensions"], start=1):
        dimension = models["Dimension"].objects.create(
            instrument=instrument,
            key=dim["key"],
            name=dim["name"],
            lead_pole=dim["lead_pole"],
            manage_pole=dim["manage_pole"],
            development_tip=dim["development_tip"],
            position=d_pos,
        )
        models["Item"].objects.bulk_create(
            models["Item"](
                dimension=dimension,
                position=i_pos,
                text_team=team,
                text_self=self_,
                reverse_keyed=reverse,
            )
            for i_pos, (team, self_, reverse) in enumerate(dim["items"], start=1)
        )
    models["OpenQuestion"].objects.bulk_create(
        models["OpenQuestion"](
            instrument=instrument,
            key=q["key"],
            position=pos,
            text_team=q["text_team"],
            text_self=q["text_self"],
        )
        for pos, q in enumerate(data["open_questions"], start=1)
    )
    return instrument


def instrument_copy(*, instrument):
    """A new, editable version with the same dimensions, items and questions:
    how HR revises a questionnaire that cycles have already used."""
    from django.db import transaction
    from django.db.models import Max

    from .models import Instrument, Item, OpenQuestion

    with transaction.atomic():
        # Lock the newest version's row, so two copies at once queue up instead
        # of both choosing the same number (an aggregate cannot be locked).
        list(Instrument.objects.select_for_update().order_by("-version")[:1])
        latest = Instrument.objects.aggregate(v=Max("version"))["v"] or 0
        copy = Instrument.objects.create(
            version=latest + 1,
            name=instrument.name,
            description=instrument.description,
        )
        for dimension in instrument.dimensions.prefetch_related("items"):
            items = list(dimension.items.all())
            dimension.pk, dimension.instrument = None, copy
            dimension.save()
            Item.objects.bulk_create(
                Item(
                    dimension=dimension,
                    position=i.position,
                    text_team=i.text_team,
                    text_self=i.text_self,
                    reverse_keyed=i.reverse_keyed,
                )
                for i in items
            )
        OpenQuestion.objects.bulk_create(
            OpenQuestion(
                instrument=copy,
                key=q.key,
                position=q.position,
                text_team=q.text_team,
                text_self=q.text_self,
            )
            for q in instrument.open_questions.all()
        )
    return copy
