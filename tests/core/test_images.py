"""Uploaded images: the header decides the size before any pixel is decoded, and a cut-off file is refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image

import weasyprint  # noqa: F401 - it turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process, as in the app
from bimtek.certificates.operations import CertificateError, prepare_image
from bimtek.images import OversizedImage, UnreadableImage, declared_size, is_whole, open_checked
from bimtek.offices.operations import OfficeError, prepare_logo
from tests.security.hostile import jpeg, png_bomb


def _png(size=(40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (10, 20, 30, 255)).save(out, "PNG")
    return out.getvalue()


def test_the_declared_size_is_read_without_decoding():
    assert declared_size(_png((40, 20))) == (40, 20)
    assert declared_size(png_bomb(13_000, 13_000)) == (13_000, 13_000)


def test_a_bomb_a_long_side_and_junk_are_refused_before_decoding():
    with pytest.raises(OversizedImage):
        open_checked(png_bomb(13_000, 13_000), max_pixels=40_000_000, max_side=12_000)
    with pytest.raises(OversizedImage):
        open_checked(png_bomb(12_001, 10), max_pixels=40_000_000, max_side=12_000)
    with pytest.raises(UnreadableImage):
        open_checked(b"\x89PNG\r\n\x1a\nnot really", max_pixels=40_000_000, max_side=12_000)
    assert open_checked(_png(), max_pixels=40_000_000, max_side=12_000).size == (40, 20)


@pytest.mark.parametrize("whole", [_png((64, 64)), jpeg(64, 64)], ids=["png", "jpeg"])
def test_a_cut_off_file_is_not_whole(whole):
    assert is_whole(whole)
    cut = whole[: len(whole) - 20]
    assert not is_whole(cut)
    with pytest.raises(UnreadableImage):
        open_checked(cut, max_pixels=40_000_000, max_side=12_000)


def test_every_upload_refuses_a_cut_off_image_in_its_own_words():
    cut = jpeg(200, 100)[:-40]
    with pytest.raises(CertificateError, match="Gambar rusak atau tidak dapat dibaca"):
        prepare_image(cut)
    with pytest.raises(OfficeError, match="Gambar logo rusak atau tidak dapat dibaca"):
        prepare_logo(cut)
    with pytest.raises(CertificateError, match="Gambar terlalu besar ukurannya"):
        prepare_image(png_bomb(13_000, 13_000))
    data, kind = prepare_image(jpeg(200, 100))
    assert kind == "png" and Image.open(io.BytesIO(data)).size == (200, 100)
