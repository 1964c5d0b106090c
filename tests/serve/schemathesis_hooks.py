"""Schemathesis hooks for tests/serve/schemathesis (loaded through SCHEMATHESIS_HOOKS).

`POST /v1/batch` takes NDJSON, a media type Schemathesis has no serializer for: its body is
described as text (one case per line), so generated text goes on the wire as it is.
"""

import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    if value is None:
        return None
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        # Lone surrogates are not UTF-8; send them as the invalid bytes they stand for, which
        # the server must answer with an error line, not a failure.
        return value.encode("utf-8", errors="surrogatepass")
    # Negative mode may generate a non-string body: one JSON line.
    return (json.dumps(value) + "\n").encode("utf-8")
