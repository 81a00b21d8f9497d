"""The floor says what `undo` would take back, by name, so that the console can ask the chair to
confirm it: the speech given (also by `next` during another speech), the speech ended, the segment
started."""


def test_the_floor_names_what_undo_would_take_back(api_as, make_meeting):
    make_meeting()
    secretariat = api_as("secretariat")
    for code in ("FRA", "GHA"):
        secretariat.post("/meetings/dialogue/speakers", {"delegation": code, "speaker": "A"})

    def command(action: str, **fields: object) -> object:
        return secretariat.post("/meetings/dialogue/floor", {"action": action, **fields}).json()[
            "undo"
        ]

    assert secretariat.get("/meetings/dialogue/floor").json()["undo"] is None
    assert command("start_segment", segment="afternoon") == {
        "type": "segment_started",
        "name": "Interactive dialogue",
    }
    assert command("next") == {"type": "speech_started", "name": "France"}
    assert command("next") == {"type": "speech_started", "name": "Ghana"}
    assert command("end") == {"type": "speech_ended", "name": "Ghana"}
    assert command("undo") == {"type": "speech_started", "name": "Ghana"}
