"""Answers become tallies: every stored answer sheet is added to the counts of
its manager and group, every comment to its question's shuffled list, and
then the answer sheets, answers and comment rows are dropped for good."""

import json
import random
from collections import defaultdict

from django.db import migrations


def sheets_to_tallies(apps, schema_editor):
    Assessment = apps.get_model("surveys", "Assessment")
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")
    Comment = apps.get_model("surveys", "Comment")
    Item = apps.get_model("surveys", "Item")
    OpenQuestion = apps.get_model("surveys", "OpenQuestion")
    ItemTally = apps.get_model("surveys", "ItemTally")
    DimensionTally = apps.get_model("surveys", "DimensionTally")
    CommentSet = apps.get_model("surveys", "CommentSet")

    instrument_of = dict(Assessment.objects.values_list("id", "cycle__instrument_id"))
    items_of = defaultdict(list)  # instrument id -> [(item id, dimension id, reverse)]
    for item in Item.objects.values(
        "id", "dimension_id", "reverse_keyed", "dimension__instrument_id"
    ):
        items_of[item["dimension__instrument_id"]].append(
            (item["id"], item["dimension_id"], item["reverse_keyed"])
        )
    questions_of = defaultdict(list)
    for qid, instrument_id in OpenQuestion.objects.values_list("id", "instrument_id"):
        questions_of[instrument_id].append(qid)
    sheets = defaultdict(dict)
    for response_id, item_id, value in Answer.objects.values_list(
        "response_id", "item_id", "value"
    ):
        sheets[response_id][item_id] = value

    item_counts = {}
    dimension_counts = {}
    groups = set()
    for response_id, assessment_id, relationship in Response.objects.values_list(
        "id", "assessment_id", "relationship"
    ):
        key = (assessment_id, relationship)
        instrument_id = instrument_of[assessment_id]
        if key not in groups:
            # Every row a later submission will update, at zero: as the first
            # submission of a group creates them (surveys/answering.py).
            groups.add(key)
            sizes = defaultdict(int)
            for item_id, dimension_id, _ in items_of[instrument_id]:
                item_counts[(*key, item_id)] = [0] * 6
                sizes[dimension_id] += 1
            for dimension_id, size in sizes.items():
                for answered in range(1, size + 1):
                    for points in range(answered, 5 * answered + 1):
                        dimension_counts[(*key, dimension_id, points, answered)] = 0
        answers = sheets.get(response_id, {})
        per_dimension = defaultdict(lambda: [0, 0])
        for item_id, dimension_id, reverse in items_of[instrument_id]:
            value = answers.get(item_id)
            counts = item_counts[(*key, item_id)]
            if value is None:
                counts[5] += 1
                continue
            counts[value - 1] += 1
            per_dimension[dimension_id][0] += 6 - value if reverse else value
            per_dimension[dimension_id][1] += 1
        for dimension_id, (points, answered) in per_dimension.items():
            dimension_counts[(*key, dimension_id, points, answered)] += 1

    ItemTally.objects.bulk_create(
        ItemTally(
            assessment_id=a,
            relationship=r,
            item_id=i,
            n1=c[0],
            n2=c[1],
            n3=c[2],
            n4=c[3],
            n5=c[4],
            cant_say=c[5],
        )
        for (a, r, i), c in item_counts.items()
    )
    DimensionTally.objects.bulk_create(
        DimensionTally(
            assessment_id=a, relationship=r, dimension_id=d, points=p, answered=n, respondents=count
        )
        for (a, r, d, p, n), count in dimension_counts.items()
    )
    texts = defaultdict(list)
    for assessment_id, relationship, question_id, text in Comment.objects.values_list(
        "assessment_id", "relationship", "question_id", "text"
    ):
        texts[(assessment_id, relationship, question_id)].append(text)
    for assessment_id, relationship in groups:
        for qid in questions_of[instrument_of[assessment_id]]:
            texts.setdefault((assessment_id, relationship, qid), [])
    shuffle = random.SystemRandom().shuffle
    for entries in texts.values():
        shuffle(entries)
    CommentSet.objects.bulk_create(
        CommentSet(
            assessment_id=a,
            relationship=r,
            question_id=q,
            texts=json.dumps(entries, ensure_ascii=False),
        )
        for (a, r, q), entries in texts.items()
    )


def fill_new_texts(apps, schema_editor):
    from surveys.instrument import V1, complete_instrument

    models = {
        n: apps.get_model("surveys", n) for n in ("Instrument", "Dimension", "Item", "OpenQuestion")
    }
    complete_instrument(models, V1)


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_tallies_and_groups")]

    operations = [
        migrations.RunPython(fill_new_texts, migrations.RunPython.noop),
        migrations.RunPython(sheets_to_tallies, migrations.RunPython.noop, elidable=True),
        migrations.RemoveField(model_name="assessment", name="needs_mixing"),
        migrations.DeleteModel(name="Answer"),
        migrations.DeleteModel(name="Comment"),
        migrations.DeleteModel(name="Response"),
    ]
