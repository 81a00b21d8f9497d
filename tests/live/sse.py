"""Reading a live stream as a browser's EventSource does: its frames, or all it sends until quiet."""

import json

import httpx


def live(url, slug="r2p-2013", last_event_id=None, read=5.0):
    """Open a meeting's live stream at the server `url` as a browser does, resuming after
    `last_event_id` if given; a read waits at most `read` seconds."""
    headers = {} if last_event_id is None else {"Last-Event-ID": str(last_event_id)}
    return httpx.stream(
        "GET", f"{url}/live/{slug}/", headers=headers, timeout=httpx.Timeout(5, read=read)
    )


def frames(response):
    """Yield (id, data) for each SSE frame of a streaming response."""
    seq, data = None, None
    for line in response.iter_lines():
        if line.startswith("id: "):
            seq = int(line[4:])
        elif line.startswith("data: "):
            data = json.loads(line[6:])
        elif line == "" and data is not None:
            yield seq, data
            seq, data = None, None


def until_quiet(response):
    """What a stream sends until it has been quiet for the read timeout."""
    received = bytearray()
    try:
        for chunk in response.iter_raw():
            received.extend(chunk)
    except httpx.ReadTimeout:
        return bytes(received)
    raise AssertionError("the stream closed")
