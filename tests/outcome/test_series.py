"""The series: the R2P dialogues' figures of 2009 to 2019 are there with their source; a meeting
placed in the series is drawn among them."""

from django.test import Client

from hemicycle.outcome.models import ReferenceFigure, Series


def test_the_reference_figures_are_loaded_with_their_source(db):
    series = Series.objects.get(slug="r2p-dialogues")
    years = {f.year: f for f in ReferenceFigure.objects.filter(series=series)}

    assert sorted(years) == list(range(2009, 2020))
    assert (years[2013].member_states, years[2013].member_states_alt) == (69, 68)
    assert (years[2016].states_low, years[2016].states_high) == (93, 95)
    assert (years[2010].organisations, years[2010].civil_society) == (2, 2)
    assert all(
        "Global Centre for the Responsibility to Protect" in f.source for f in years.values()
    )


def test_the_secretariat_places_the_meeting_and_the_chart_shows_it_among_the_years(
    finished, accounts
):
    secretariat = Client()
    secretariat.force_login(accounts["secretariat"])
    chair = Client()
    chair.force_login(accounts["chair"])

    assert (
        chair.post("/meetings/dialogue/statistics/", {"series": "r2p-dialogues"}).status_code == 403
    )
    assert (
        'data-testid="series"'
        not in Client().get("/meetings/dialogue/statistics/").content.decode()
    )
    done = secretariat.post("/meetings/dialogue/statistics/", {"series": "r2p-dialogues"})
    page = Client().get("/meetings/dialogue/statistics/").content.decode()

    assert done.status_code == 302
    chart = page.split('data-testid="series"', 1)[1]
    labels = [part.split("<", 1)[0] for part in chart.split('<th scope="row">')[1:]]
    assert labels[4:6] == ["2013", "2013, this meeting"]  # the constructed meeting is of 2013
    assert len(labels) == 12
    assert "Global Centre for the Responsibility to Protect" in chart
    assert '<tr class="is-highlight"><th scope="row">' in chart
