"""Reports keep a mark of being queued, downloads say whether they were read on
the web, and results frozen before rater groups are rewritten in the shape
with groups (the team's figures as the "team" group; gap verdicts, which the
old results cannot support honestly, are left out)."""

from django.db import migrations, models


def _stats(data):
    if data is None:
        return None
    return {k: data[k] for k in ("n", "mean", "sd", "min", "max")} | {"distribution": None}


def _manager(old, released_on):
    team_shown = not old["team_view_withheld"]
    dimensions = []
    for d in old["dimensions"]:
        views = {"team": _stats(d["team"])} if team_shown else {}
        dimensions.append(
            {
                "key": d["key"],
                "name": d["name"],
                "lead_pole": d["lead_pole"],
                "manage_pole": d["manage_pole"],
                "development_tip": d["development_tip"],
                "first_action": "",
                "self_score": d["self_score"],
                "views": views,
                "gaps": {},
                "trends": {},
                "norm_quartile": None,
                "items": [
                    {
                        "id": i["id"],
                        "text": i["text_team"],
                        "text_self": i["text_self"],
                        "reverse": i["reverse"],
                        "self_score": i["self_score"],
                        "views": {"team": _stats(i["team"])} if team_shown else {},
                    }
                    for i in d["items"]
                ],
            }
        )
    return {
        "manager_name": old["manager_name"],
        "cycle_name": old["cycle_name"],
        "period": old["period"],
        "released_on": released_on,
        "language": "en",
        "gap_threshold": old["gap_threshold"],
        "groups": [
            {
                "key": "self",
                "invited": 1,
                "responses": int(old["self_done"]),
                "threshold": 1,
                "comment_threshold": 1,
                "shown": old["self_done"],
                "comments_shown": False,
                "named": "",
            },
            {
                "key": "team",
                "invited": old["team_invited"],
                "responses": old["team_responses"],
                "threshold": old["k"],
                "comment_threshold": old["comment_k"],
                "shown": team_shown,
                "comments_shown": old["comments_shown"],
                "named": "",
            },
        ],
        "self_done": old["self_done"],
        "main_group": "team" if team_shown else None,
        "dimensions": dimensions,
        "strengths": old["strengths"],
        "development_areas": old["development_areas"],
        "blind_spots": [],
        "hidden_strengths": [],
        "focus": (old["development_areas"] or [None])[0],
        "comments": [dict(group="team", **c) for c in old["team_comments"]],
        "self_comments": [dict(group="self", **c) for c in old["self_comments"]],
        "previous_cycle": "",
        "norm_managers": 0,
    }


def _overview(old, released_on):
    return {
        "cycle_name": old["cycle_name"],
        "period": old["period"],
        "released_on": released_on,
        "k": old["k"],
        "groups": ["self", "team"],
        "dimensions": [{"key": d["key"], "name": d["name"]} for d in old["dimensions"]],
        "rows": [
            {
                "manager_name": r["manager_name"],
                "rates": {
                    "team": [r["team_invited"], r["team_responses"]],
                    "self": [1, int(r["self_done"])],
                },
                "self_done": r["self_done"],
                "team_shown": not r["team_view_withheld"],
                "scores": r["scores"],
                "quartiles": {},
            }
            for r in old["rows"]
        ],
        "invited": old["invited"],
        "responses": old["responses"],
        "norms_shown": False,
    }


def regroup(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    for report in Report.objects.select_related("cycle").defer("pdf"):
        if "groups" in report.results:
            continue
        released = report.cycle.released_at or report.frozen_at
        released_on = f"{released:%-d %B %Y}"
        convert = _overview if report.kind == "overview" else _manager
        report.results = convert(report.results, released_on)
        report.save(update_fields=["results"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="notify_claimed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="report",
            name="queued_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="reportdownload",
            name="kind",
            field=models.CharField(
                choices=[("pdf", "PDF downloaded"), ("web", "Read on the web")],
                default="pdf",
                max_length=3,
            ),
        ),
        migrations.RunPython(regroup, migrations.RunPython.noop),
    ]
