"""The 0015_paperwork migration keeps the kop surat a kabupaten set before the office settings existed."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text

from bimtek import create_app
from bimtek.config import TestingConfig


def test_existing_letterhead_becomes_the_office_and_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'migrate.db'}"
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    engine = create_engine(url)
    with app.app_context():
        upgrade(revision="0010_questions")
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO region (code, name, level) VALUES ('17', 'Bengkulu', 'provinsi')"))
            connection.execute(text("INSERT INTO region (code, name, level, parent_code)"
                                    " VALUES ('17.03', 'Kabupaten Bengkulu Utara', 'kabupaten', '17')"))
            connection.execute(text(
                "INSERT INTO training_letterhead (region_code, office_name, address, phone, created_at, updated_at)"
                " VALUES ('17.03', 'KPU BENGKULU UTARA', 'Jl. Basuki Rahmat No. 1', '(0737) 521000',"
                " '2026-11-01 00:00:00', '2026-11-01 00:00:00')"))
        upgrade(revision="0015_paperwork")
        with engine.connect() as connection:
            row = connection.execute(text("SELECT office_name, address, phone, email, ketua_name, paper, logo_file"
                                          " FROM office")).one()
        assert tuple(row) == ("KPU BENGKULU UTARA", "Jl. Basuki Rahmat No. 1", "(0737) 521000", "", "", "a4", None)
        downgrade(revision="0010_questions")
        with engine.connect() as connection:
            row = connection.execute(text("SELECT office_name, address, phone FROM training_letterhead")).one()
        assert tuple(row) == ("KPU BENGKULU UTARA", "Jl. Basuki Rahmat No. 1", "(0737) 521000")
    engine.dispose()
