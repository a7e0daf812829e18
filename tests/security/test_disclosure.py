"""Class 9: an import or edit refusal says a NIK or phone is taken, never which role or region holds it."""

from __future__ import annotations

import html
import io

from tests.factories import DESA, World

HEADER = "nama,nik,peran,jabatan,kode_wilayah,tps,telepon"


def test_import_does_not_say_who_holds_a_nik_elsewhere(client, auth, world: World):
    auth.login_as(world.operator)
    row = f"Juminten,{world.far_pantarlih.nik},pps,ketua,{DESA},,"
    response = client.post("/petugas/impor", data={"file": (io.BytesIO(f"{HEADER}\n{row}\n".encode()), "p.csv")},
                           content_type="multipart/form-data")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "Baris 2: NIK ini sudah terdaftar di luar wilayah kerja Anda" in page
    errors = page[page.index('<ul class="errors">'):page.index("</ul>")]
    region = world.far_pantarlih.assignments[0].region_code
    for leak in ("Pantarlih", region, "14.04", "Indragiri", world.far_pantarlih.username):
        assert leak not in errors, leak


def test_edit_does_not_say_who_holds_a_nik_or_phone(client, auth, world: World):
    from bimtek.extensions import db

    world.far_pantarlih.phone = "+6281277770000"
    db.session.commit()
    auth.login_as(world.operator)
    url = f"/petugas/{world.pantarlih.id}/ubah"
    page = client.post(url, data={"full_name": "Sri Wahyuni", "nik": world.far_pantarlih.nik}).get_data(as_text=True)
    assert "NIK ini sudah dipakai orang lain." in page
    page += client.post(url, data={"full_name": "Sri Wahyuni", "nik": world.pantarlih.nik,
                                   "phone": "081277770000"}).get_data(as_text=True)
    assert "Nomor HP ini sudah dipakai orang lain." in page
    for leak in ("Juminten", "14.04", "Indragiri", world.far_pantarlih.username):
        assert leak not in page, leak
