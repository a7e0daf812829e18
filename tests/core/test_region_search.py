"""Searches take names as well as codes: the region lookup and the admin's kabupaten picker."""

from __future__ import annotations

from bimtek.region_codes import RegionLevel
from bimtek.regions.queries import find_region, search_regions
from tests.factories import World


def test_a_name_finds_its_code(app):
    assert [r.code for r in search_regions("bengkulu utara")] == ["17.03"]
    assert [r.code for r in search_regions("Kabupaten  BENGKULU utara")] == ["17.03"]
    assert [r.code for r in search_regions("17.03.06", level=RegionLevel.KECAMATAN)] == ["17.03.06"]
    assert search_regions("") == [] and search_regions("100%_") == []


def test_find_region_takes_a_code_a_name_or_says_which_it_could_be(app):
    assert find_region("17.03")[0].name == "Kabupaten Bengkulu Utara"
    assert find_region("Kecamatan Kerkap")[0].code == "17.03.06"
    region, candidates = find_region("bengkulu")
    assert region is not None and region.code == "17"  # the provinsi's name is exactly "Bengkulu"
    assert find_region("14.04", within="17.03") == (None, [])  # outside the area
    assert find_region("indragiri", within="17.03") == (None, [])
    none, several = find_region("tebat")
    assert none is None or none.code.startswith("17.03")
    assert find_region("99.99") == (None, [])


def test_admin_picks_a_kabupaten_by_name(client, auth, world: World):
    auth.login_as(world.admin)
    response = client.get("/bimtek/kaskade?kode=bengkulu+utara")
    assert response.status_code == 302 and response.headers["Location"].endswith("/bimtek/kaskade/17.03")
    assert client.get("/bimtek/kaskade?kode=17.03").headers["Location"].endswith("/bimtek/kaskade/17.03")
    page = client.get("/bimtek/kaskade?kode=kabupaten+antah").get_data(as_text=True)
    assert "Tidak ada kabupaten/kota atau kecamatan yang cocok dengan \"kabupaten antah\"." in page
    assert 'value="kabupaten antah"' in page


def test_the_officer_list_filters_by_a_region_name(client, auth, world: World):
    auth.login_as(world.operator)
    page = client.get("/petugas/?wilayah=talang+jambu").get_data(as_text=True)
    assert "Wilayah: Desa Talang Jambu (17.03.06.2001)" in page
    assert "Sri Wahyuni" in page and "Paiman" not in page  # Paiman is in Tebat Pacur
    page = client.get("/petugas/?wilayah=17.03.06.2002").get_data(as_text=True)
    assert "Paiman" in page and "Sri Wahyuni" not in page
    page = client.get("/petugas/?wilayah=indragiri").get_data(as_text=True)
    assert "Tidak ada wilayah di area Anda yang cocok dengan \"indragiri\"." in page
    assert "Juminten" not in page and "Sri Wahyuni" in page  # an unknown region narrows nothing, leaks nothing


def test_the_cascade_picker_skips_the_provinsi_and_offers_several_matches(client, auth, world: World):
    auth.login_as(world.admin)
    # "Bengkulu" is the provinsi's exact name, but a provinsi has no cascade: its kabupaten is meant.
    assert client.get("/bimtek/kaskade?kode=bengkulu").headers["Location"].endswith("/bimtek/kaskade/17.03")
    page = client.get("/bimtek/kaskade?kode=air").get_data(as_text=True)
    assert "Beberapa wilayah cocok dengan \"air\"; pilih salah satu:" in page
    assert 'href="/bimtek/kaskade/17.03.15">Kecamatan Air Besi (17.03.15)</a>' in page
    assert client.get("/bimtek/kaskade?kode=17").status_code == 200  # a provinsi has no cascade page
    assert client.get("/bimtek/kaskade?kode=kerkap").headers["Location"].endswith("/bimtek/kaskade/17.03.06")
