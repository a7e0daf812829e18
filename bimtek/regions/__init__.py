"""Provinsi, kabupaten/kota, kecamatan and desa/kelurahan with Kemendagri codes."""
