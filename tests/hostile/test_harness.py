"""The hostile suite's own instruments work: a listener that sees requests, a canary that is found when present."""

from __future__ import annotations

import urllib.request

import pytest


def test_listener_records_a_request(listener):
    with urllib.request.urlopen(listener.url + "/probe", timeout=5) as response:
        response.read()
    assert listener.requests == ["GET /probe"]
    with pytest.raises(AssertionError):
        listener.assert_untouched()


def test_canary_is_found_where_it_is(canary, tmp_path):
    (tmp_path / "out.txt").write_bytes(b"before " + canary.token.encode() + b" after")
    with pytest.raises(AssertionError):
        canary.assert_absent(tmp_path)
    with pytest.raises(AssertionError):
        canary.assert_absent(canary.path.read_bytes())
    canary.assert_absent(b"nothing here", "nor here")


def test_canary_is_found_inside_a_compressed_pdf_stream(canary, tmp_path):
    import zlib

    stream = zlib.compress(b"attached: " + canary.token.encode())
    pdf = (
        b"%PDF-1.7\n1 0 obj\n<< /Length "
        + str(len(stream)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\n"
    )
    (tmp_path / "x.pdf").write_bytes(pdf)
    with pytest.raises(AssertionError):
        canary.assert_absent(tmp_path)
