"""Uploaded images (logos, signatures, stamps, documentation photos) opened safely, one way for every feature.

The header alone decides whether an image is small enough to decode: Pillow reads the declared
size without decoding a pixel, so a decompression bomb is refused before it costs memory. The
file must also be whole: WeasyPrint turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole
process, so a cut-off upload would otherwise decode, padded with grey.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image


class UnreadableImage(ValueError):
    """The bytes are not a whole PNG or JPEG image."""


class OversizedImage(ValueError):
    """The image declares more pixels, or a longer side, than the caller allows."""


def declared_size(data: bytes) -> tuple[int, int]:
    """Return the (width, height) the header declares; a size Pillow itself calls a bomb counts as oversized."""
    try:
        with warnings.catch_warnings():
            # Only the header is read here; the caller judges the size with its own limits.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return image.size
    except Image.DecompressionBombError:
        raise OversizedImage from None
    except Exception:  # noqa: BLE001 - Pillow raises many kinds on a damaged file
        raise UnreadableImage from None


def is_whole(data: bytes) -> bool:
    """Say whether the file holds the whole image (a JPEG's end marker; every PNG chunk with a right CRC)."""
    if data.startswith(b"\xff\xd8\xff"):
        return data.rstrip(b"\0\r\n ").endswith(b"\xff\xd9")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            Image.open(io.BytesIO(data)).verify()
    except Exception:  # noqa: BLE001 - Pillow raises many kinds on a damaged file
        return False
    return True


def open_checked(data: bytes, *, max_pixels: int, max_side: int) -> Image.Image:
    """Open an uploaded image whose header fits the limits and whose file is whole; raise otherwise."""
    width, height = declared_size(data)
    if width * height > max_pixels or max(width, height) > max_side:
        raise OversizedImage
    if not is_whole(data):
        raise UnreadableImage
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(data))
