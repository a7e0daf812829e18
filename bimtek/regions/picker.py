"""The admin's kabupaten picker for per-kabupaten settings: a name or a code typed, or one picked from the list."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from bimtek.extensions import db
from bimtek.regions.models import Region, RegionLevel
from bimtek.regions.queries import find_region


def pick_kabupaten(endpoint: str, title: str, intro: str):
    """Return None once ?wilayah= names the kabupaten; else redirect to the one typed, or show the picker."""
    if request.args.get("wilayah"):
        return None
    typed = (request.args.get("cari") or "").strip()[:100]
    found, candidates = find_region(typed, level=RegionLevel.KABUPATEN) if typed else (None, [])
    if found is not None:
        return redirect(url_for(endpoint, wilayah=found.code))
    kabupaten = db.session.scalars(
        db.select(Region).where(Region.level == RegionLevel.KABUPATEN).order_by(Region.code).limit(600)
    ).all()
    return render_template("regions/pick_kabupaten.html", endpoint=endpoint, title=title, intro=intro, typed=typed,
                           candidates=candidates, kabupaten=kabupaten)
