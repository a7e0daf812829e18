"""paperwork: the kabupaten office settings (kop surat with logo, e-mail, Ketua, paper size) replace training_letterhead

Revision ID: 0015_paperwork
Revises: 0012_handover
Create Date: 2026-11-26 12:45:00

"""
from alembic import op
import sqlalchemy as sa

import bimtek.db


# revision identifiers, used by Alembic.
revision = '0015_paperwork'
down_revision = '0012_handover'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('office',
    sa.Column('region_code', sa.String(length=13), nullable=False),
    sa.Column('office_name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=60), nullable=False),
    sa.Column('email', sa.String(length=120), nullable=False),
    sa.Column('ketua_name', sa.String(length=200), nullable=False),
    sa.Column('paper', sa.Enum('a4', 'f4', name='paper', native_enum=False, create_constraint=True, length=2), nullable=False),
    sa.Column('logo_file', sa.String(length=80), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', bimtek.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', bimtek.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_office_region_code_region')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['person.id'], name=op.f('fk_office_updated_by_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('region_code', name=op.f('pk_office'))
    )
    # The kop surat a kabupaten already set is kept.
    op.execute(
        "INSERT INTO office (region_code, office_name, address, phone, email, ketua_name, paper, logo_file,"
        " updated_by_id, created_at, updated_at)"
        " SELECT region_code, office_name, address, phone, '', '', 'a4', NULL, updated_by_id, created_at, updated_at"
        " FROM training_letterhead"
    )
    op.drop_table('training_letterhead')


def downgrade():
    op.create_table('training_letterhead',
    sa.Column('region_code', sa.String(length=13), nullable=False),
    sa.Column('office_name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=60), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', bimtek.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', bimtek.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_training_letterhead_region_code_region')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['person.id'], name=op.f('fk_training_letterhead_updated_by_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('region_code', name=op.f('pk_training_letterhead'))
    )
    op.execute(
        "INSERT INTO training_letterhead (region_code, office_name, address, phone, updated_by_id, created_at, updated_at)"
        " SELECT region_code, office_name, address, phone, updated_by_id, created_at, updated_at FROM office"
    )
    op.drop_table('office')
