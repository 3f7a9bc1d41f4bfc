"""The lead-versus-manage instrument, version 1, and the answer scale.

Each dimension is an axis from 1 (only manages) to 5 (leads). Items marked
reverse describe the managing pole and are scored 6 − answer. The wording is
ours; the ideas come from the five articles in shared/seeds (DESIGN §1).

Version 1 is installed by a data migration and must not change once released:
a revised questionnaire is a new version with its own migration.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

SCALE = [
    (5, gettext_lazy("Strongly agree")),
    (4, gettext_lazy("Agree")),
    (3, gettext_lazy("Neither agree nor disagree")),
    (2, gettext_lazy("Disagree")),
    (1, gettext_lazy("Strongly disagree")),
]
CANT_SAY = "na"
CANT_SAY_LABEL = gettext_lazy("Can't say")
SCALE_MIN, SCALE_MAX = 1, 5

# Items: (team wording, observer wording, self wording, reverse keyed). The
# observer wording is for peers, the manager's own manager and others; {name}
# stands for the manager rated.
V1 = {
    "version": 1,
    "name": "Lead or manage? Sales leadership 360",
    "description": (
        "Ten contrasts between leading a sales team and only managing it, each rated by the "
        "manager's reps and by the manager."
    ),
    "dimensions": [
        {
            "key": "dialogue",
            "name": "Dialogue",
            "lead_pole": "Two-way dialogue and feedback",
            "manage_pole": "One-way instruction",
            "development_tip": (
                "Open each one-to-one with a question and let the rep talk first. Before deciding "
                "how to work a key account, ask two reps for their view and say afterwards what "
                "you took from it. Ask for one piece of feedback on your own coaching every month."
            ),
            "first_action": (
                "In your next one-to-one, ask the rep how they would approach their biggest "
                "account before you say anything yourself."
            ),
            "items": [
                (
                    "My manager asks for my view before deciding how we approach an account.",
                    "{name} asks their team for its views before deciding how to approach an "
                    "account.",
                    "I ask for my reps' views before deciding how we approach an account.",
                    False,
                ),
                (
                    "When we discuss my work, my manager listens at least as much as they talk.",
                    "In conversations about someone's work, {name} listens at least as much as "
                    "they talk.",
                    "When I discuss a rep's work with them, I listen at least as much as I talk.",
                    False,
                ),
                (
                    "Conversations with my manager are mostly them telling me what to do next.",
                    "{name}'s conversations with their team are mostly instructions about what to "
                    "do next.",
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
                "practise it together. Join one call a fortnight as an observer, then debrief on "
                "the skill rather than the outcome. Review lost deals for lessons, not blame."
            ),
            "first_action": (
                "Choose one selling skill with each rep this week and book a call where you only "
                "observe it."
            ),
            "items": [
                (
                    "My manager coaches me on specific selling skills, not only on my numbers.",
                    "{name} coaches their reps on specific selling skills, not only on their "
                    "numbers.",
                    "I coach each rep on specific selling skills, not only on their numbers.",
                    False,
                ),
                (
                    "After a lost deal, my manager helps me work out what to do differently.",
                    "After a lost deal, {name} helps the rep work out what to do differently.",
                    "After a lost deal, I help the rep work out what to do differently.",
                    False,
                ),
                (
                    "As long as I hit my target, my manager takes little interest in how I could "
                    "grow.",
                    "As long as a rep hits target, {name} takes little interest in how they could "
                    "grow.",
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
            "first_action": (
                "Ask each rep for one small experiment to try with a customer this month, and "
                "back it openly."
            ),
            "items": [
                (
                    "My manager lets me try a new approach with a customer even if it might not "
                    "work.",
                    "{name} lets people try a new approach with a customer even if it might not "
                    "work.",
                    "I let reps try a new approach with a customer even if it might not work.",
                    False,
                ),
                (
                    "My manager treats a failed experiment as a lesson rather than a mistake to "
                    "punish.",
                    "{name} treats a failed experiment as a lesson rather than a mistake to "
                    "punish.",
                    "I treat a rep's failed experiment as a lesson rather than a mistake to "
                    "punish.",
                    False,
                ),
                (
                    "My manager expects every deal to be worked exactly the standard way.",
                    "{name} expects every deal to be worked exactly the standard way.",
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
            "first_action": (
                "Write five sentences on where the team should be in a year and talk them through "
                "at the next team meeting."
            ),
            "items": [
                (
                    "My manager has explained where our team is heading over the next year or "
                    "more.",
                    "{name} has explained where their team is heading over the next year or more.",
                    "I have explained to my team where we are heading over the next year or more.",
                    False,
                ),
                (
                    "I can see how my daily work adds to the bigger goals my manager talks about.",
                    "{name} links the team's daily work to the bigger goals they talk about.",
                    "My reps can see how their daily work adds to the bigger goals I talk about.",
                    False,
                ),
                (
                    "My manager's attention rarely goes beyond this month's numbers.",
                    "{name}'s attention rarely goes beyond this month's numbers.",
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
                "wrong next month. When something surprises you, find its cause before you choose "
                "a response, and tell the team what you learned."
            ),
            "first_action": (
                "Add ten minutes on what could go wrong next month to this week's pipeline review."
            ),
            "items": [
                (
                    "My manager spots problems in the pipeline before they become missed numbers.",
                    "{name} spots problems in the pipeline before they become missed numbers.",
                    "I spot problems in my team's pipeline before they become missed numbers.",
                    False,
                ),
                (
                    "When something unexpected happens, my manager looks for its cause before "
                    "acting.",
                    "When something unexpected happens, {name} looks for its cause before acting.",
                    "When something unexpected happens, I look for its cause before acting.",
                    False,
                ),
                (
                    "My manager mostly deals with issues once they have become urgent.",
                    "{name} mostly deals with issues once they have become urgent.",
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
                "For each rep, note two strengths, one thing they want to get better at and what "
                "motivates them; check it with them. Adapt how you support each person instead of "
                "running every one-to-one the same way."
            ),
            "first_action": (
                "Write down two strengths and one growth goal for each rep, then check them with "
                "that rep."
            ),
            "items": [
                (
                    "My manager knows my particular strengths and weaknesses and works with them.",
                    "{name} knows each team member's particular strengths and weaknesses and "
                    "works with them.",
                    "I know each rep's particular strengths and weaknesses and work with them.",
                    False,
                ),
                (
                    "My manager adapts the support they give me to what I actually need.",
                    "{name} adapts the support they give each person to what that person actually "
                    "needs.",
                    "I adapt the support I give each rep to what they actually need.",
                    False,
                ),
                (
                    "My manager sees me mainly as a figure on a sales report.",
                    "{name} sees their reps mainly as figures on a sales report.",
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
            "first_action": "When you next announce a decision, say which shared value it serves.",
            "items": [
                (
                    "My manager explains the principle behind a decision, not just the rule that "
                    "applies.",
                    "{name} explains the principle behind a decision, not just the rule that "
                    "applies.",
                    "I explain the principle behind a decision, not just the rule that applies.",
                    False,
                ),
                (
                    "When a rule does not fit the situation, my manager weighs what is right for "
                    "the customer and the team.",
                    "When a rule does not fit the situation, {name} weighs what is right for the "
                    "customer and the team.",
                    "When a rule does not fit the situation, I weigh what is right for the "
                    "customer and the team.",
                    False,
                ),
                (
                    "My manager's first response to a problem is to check what the rules say.",
                    "{name}'s first response to a problem is to check what the rules say.",
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
            "first_action": (
                "Ask the team which step of the sales process helps customers least, and trial "
                "dropping it."
            ),
            "items": [
                (
                    "My manager judges our work by what it achieves for customers and the "
                    "business.",
                    "{name} judges their team's work by what it achieves for customers and the "
                    "business.",
                    "I judge my team's work by what it achieves for customers and the business.",
                    False,
                ),
                (
                    "My manager is willing to change a sales process that gets in the way of "
                    "results.",
                    "{name} is willing to change a sales process that gets in the way of results.",
                    "I am willing to change a sales process that gets in the way of results.",
                    False,
                ),
                (
                    "My manager insists on procedure even when it clearly does not help.",
                    "{name} insists on procedure even when it clearly does not help.",
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
                "Set goals with each rep rather than for them: ask what they want to achieve and "
                "what they will commit to. Follow up on their commitments, and recognise effort "
                "beyond the minimum as well as results."
            ),
            "first_action": (
                "In your next goal-setting conversation, ask the rep what they will commit to "
                "before you propose a number."
            ),
            "items": [
                (
                    "My manager agrees goals with me so that I feel they are mine.",
                    "{name} agrees goals with each rep so that the goals feel like the rep's own.",
                    "I agree goals with each rep so that they feel the goals are theirs.",
                    False,
                ),
                (
                    "My manager appeals to what I want to achieve, not only to what I am required "
                    "to do.",
                    "{name} appeals to what people want to achieve, not only to what they are "
                    "required to do.",
                    "I appeal to what reps want to achieve, not only to what they are required to "
                    "do.",
                    False,
                ),
                (
                    "For my manager, doing as I am told matters more than going the extra mile.",
                    "For {name}, people doing as they are told matters more than going the extra "
                    "mile.",
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
                "Name the decisions each rep can take without asking you, and widen that list as "
                "trust grows. Replace status checks with an agreed weekly update. After a hard "
                "week, start with encouragement before the numbers."
            ),
            "first_action": (
                "List three decisions each rep may take without asking you, and tell them today."
            ),
            "items": [
                (
                    "My manager trusts me to make decisions about my own accounts.",
                    "{name} trusts their reps to make decisions about their own accounts.",
                    "I trust reps to make decisions about their own accounts.",
                    False,
                ),
                (
                    "My manager encourages me, especially after a run of lost deals.",
                    "{name} encourages their team, especially after a run of lost deals.",
                    "I encourage my reps, especially after a run of lost deals.",
                    False,
                ),
                (
                    "My manager checks the details of my work more than is necessary.",
                    "{name} checks the details of their reps' work more than is necessary.",
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
            "text_observer": "What should {name} keep doing?",
            "text_self": "What should you keep doing as a leader of your team?",
        },
        {
            "key": "start",
            "text_team": "What should your manager start doing, or do differently?",
            "text_observer": "What should {name} start doing, or do differently?",
            "text_self": "What should you start doing, or do differently?",
        },
    ],
}


def _fields(model, **values) -> dict:
    """Only the fields this (possibly historical) model has: a data migration
    written before a field existed installs what it can, and a later one
    fills the rest (see migration 0003)."""
    names = {f.name for f in model._meta.get_fields()}
    return {key: value for key, value in values.items() if key in names}


def install_instrument(models: dict, data: dict) -> object:
    """Create an instrument from `data`. Takes the model classes so that a data
    migration can pass its historical models. Idempotent on the version."""
    Instrument, Dimension, Item, OpenQuestion = (
        models[name] for name in ("Instrument", "Dimension", "Item", "OpenQuestion")
    )
    existing = Instrument.objects.filter(version=data["version"]).first()
    if existing is not None:
        return existing
    instrument = Instrument.objects.create(
        version=data["version"], name=data["name"], description=data["description"]
    )
    for d_pos, dim in enumerate(data["dimensions"], start=1):
        dimension = Dimension.objects.create(
            **_fields(
                Dimension,
                instrument=instrument,
                key=dim["key"],
                name=dim["name"],
                lead_pole=dim["lead_pole"],
                manage_pole=dim["manage_pole"],
                development_tip=dim["development_tip"],
                first_action=dim["first_action"],
                position=d_pos,
            )
        )
        Item.objects.bulk_create(
            Item(
                **_fields(
                    Item,
                    dimension=dimension,
                    position=i_pos,
                    text_team=team,
                    text_observer=observer,
                    text_self=self_,
                    reverse_keyed=reverse,
                )
            )
            for i_pos, (team, observer, self_, reverse) in enumerate(dim["items"], start=1)
        )
    OpenQuestion.objects.bulk_create(
        OpenQuestion(
            **_fields(
                OpenQuestion,
                instrument=instrument,
                key=q["key"],
                position=pos,
                text_team=q["text_team"],
                text_observer=q["text_observer"],
                text_self=q["text_self"],
            )
        )
        for pos, q in enumerate(data["open_questions"], start=1)
    )
    return instrument


def complete_instrument(models: dict, data: dict) -> None:
    """Fill the texts added after an instrument was installed (observer wording,
    first actions) from `data`, matching by dimension key and position."""
    instrument = models["Instrument"].objects.filter(version=data["version"]).first()
    if instrument is None:
        return
    for dim in data["dimensions"]:
        dimension = (
            models["Dimension"].objects.filter(instrument=instrument, key=dim["key"]).first()
        )
        if dimension is None:
            continue
        if not dimension.first_action:
            dimension.first_action = dim["first_action"]
            dimension.save(update_fields=["first_action"])
        for i_pos, (_, observer, _, _) in enumerate(dim["items"], start=1):
            models["Item"].objects.filter(
                dimension=dimension, position=i_pos, text_observer=""
            ).update(text_observer=observer)
    for q in data["open_questions"]:
        models["OpenQuestion"].objects.filter(
            instrument=instrument, key=q["key"], text_observer=""
        ).update(text_observer=q["text_observer"])
