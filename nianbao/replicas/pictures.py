"""Pictures the replicas serve: table screenshots and scanned PDFs, drawn by corpus.render_image.

Each picture gets a caption band saying it is synthetic test data, because an image can leave its page.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

from nianbao.replicas.web import SYNTHETIC_NOTE

if TYPE_CHECKING:
    from PIL import Image


def _captioned(image: Image.Image) -> Image.Image:
    from nianbao.corpus import render_image

    return render_image.stack([render_image.draw_text([SYNTHETIC_NOTE], size=18, width=image.width), image])


def table_jpeg(*tables: Sequence[Sequence[object]]) -> bytes:
    """One screenshot holding the given printed tables (corpus.printed rows) one under the other."""
    from nianbao.corpus import render_image

    drawn = [render_image.draw_table(rows) for rows in tables]  # type: ignore[arg-type]
    picture = drawn[0] if len(drawn) == 1 else render_image.stack(drawn)
    out = io.BytesIO()
    _captioned(picture).convert("RGB").save(out, "JPEG", quality=90)
    return out.getvalue()


def report_png(pages: list[Image.Image]) -> bytes:
    """A whole report as one tall picture: the "图片版" some portals publish instead of text."""
    from nianbao.corpus import render_image

    return render_image.png(_captioned(render_image.stack(pages)))


def scanned_pdf(pages: list[Image.Image], seed: int) -> bytes:
    """An image-only PDF (no text layer), as a scanner hands it to the portal: clean `pages`, scanned here."""
    from nianbao.corpus import render_image

    rng = random.Random(seed)
    scanned = [_speckled(render_image.scan(page, rng, noise=0), rng) for page in pages]
    return render_image.image_pdf([_captioned(scanned[0]), *scanned[1:]])


SPECKLE_SIGMA, SPECKLE_WEIGHT = 12.0, 0.12
"""The speckle of corpus.render_image.scan (Gaussian grey noise, blended in at 12 %)."""


def _speckled(page: Image.Image, rng: random.Random) -> Image.Image:
    """Scanner speckle from a seeded generator: `Image.effect_noise` draws from C `rand()`, which nothing
    seeds, so a scan rendered twice would differ and a replica restart would publish a new version of it."""
    import numpy as np
    from PIL import Image

    noise = np.random.default_rng(rng.getrandbits(64)).normal(128.0, SPECKLE_SIGMA, (page.height, page.width))
    speckle = Image.fromarray(noise.clip(0, 255).astype(np.uint8), "L").convert(page.mode)
    return Image.blend(page, speckle, SPECKLE_WEIGHT)
