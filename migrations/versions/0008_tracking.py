"""tracking: TPS lists

Revision ID: 0008_tracking
Revises: 0004_certificates
Create Date: 2026-11-26 09:13:15

"""
from alembic import op
import sqlalchemy as sa

import bimtek.db


# revision identifiers, used by Alembic.
revision = '0008_tracking'
down_revision = '0004_certificates'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=13), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('voters', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_tps_election_id_election'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_tps_region_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tps')),
    sa.UniqueConstraint('election_id', 'region_code', 'number', name=op.f('uq_tps_election_id'))
    )


def downgrade():
    op.drop_table('tps')
