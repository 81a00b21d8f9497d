"""The outcome travels with the meeting's backup: the themes of the speeches with their quotes,
the chair's summary as edited, the webcast's link, the statements withheld and why."""

import json

from hemicycle.backup import export, restore
from hemicycle.meetings.models import Meeting
from hemicycle.outcome import publication
from hemicycle.outcome.models import Publication, Summary, ThemeTag
from hemicycle.proceedings import store
from hemicycle.records.models import Webcast


def test_tags_summary_and_webcast_come_back(finished):
    meeting = finished.meeting
    ThemeTag.objects.create(
        meeting=meeting,
        entry=finished.entries["GHA"],
        theme="Prevention",
        quote="early warning",
        tagged_by="s",
    )
    Summary.objects.create(
        meeting=meeting,
        opening="On 11 September…",
        sections=[{"theme": "Prevention", "text": "Raised by Ghana."}],
        way_forward="Next year.",
    )
    Webcast.objects.create(meeting=meeting, url="https://webtv.un.org/x")
    publication.sync(meeting)
    publication.withhold(
        Publication.objects.get(meeting=meeting, entry=finished.entries["BRA"]), "In error", "s"
    )
    data = json.loads(json.dumps(export.export(meeting)))

    Meeting.objects.filter(pk=meeting.pk).delete()
    store.forget_cache()
    restore.restore(data)
    back = Meeting.objects.get(slug="dialogue")

    assert list(ThemeTag.objects.filter(meeting=back).values_list("entry", "theme", "quote")) == [
        (finished.entries["GHA"], "Prevention", "early warning")
    ]
    summary = Summary.objects.get(meeting=back)
    assert (summary.opening, summary.sections, summary.way_forward) == (
        "On 11 September…",
        [{"theme": "Prevention", "text": "Raised by Ghana."}],
        "Next year.",
    )
    assert Webcast.objects.get(meeting=back).url == "https://webtv.un.org/x"
    withheld = Publication.objects.get(meeting=back, entry=finished.entries["BRA"])
    assert (withheld.withheld_reason, withheld.withheld_by) == ("In error", "s")
    assert publication.status(withheld) == "withheld"


def test_an_export_written_before_the_outcome_still_imports(finished):
    data = json.loads(json.dumps(export.export(finished.meeting)))
    for key in ("theme_tags", "summary", "webcast", "withheld"):
        del data[key]

    Meeting.objects.filter(pk=finished.meeting.pk).delete()
    store.forget_cache()
    restore.restore(data)

    assert Meeting.objects.filter(slug="dialogue").exists()
