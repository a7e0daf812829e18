"""tracking: TPS lists and the dashboards' progress summary

Revision ID: 0008_tracking
Revises: 0007_cases
Create Date: 2026-11-26 09:31:23

"""
from alembic import op
import sqlalchemy as sa

import bimtek.db


# revision identifiers, used by Alembic.
revision = '0008_tracking'
down_revision = '0007_cases'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_region_progress',
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=13), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('registered', sa.Integer(), nullable=False),
    sa.Column('learners', sa.Integer(), nullable=False),
    sa.Column('lessons', sa.Integer(), nullable=False),
    sa.Column('quiz', sa.Integer(), nullable=False),
    sa.Column('trained', sa.Integer(), nullable=False),
    sa.Column('certified', sa.Integer(), nullable=False),
    sa.Column('finished', sa.Integer(), nullable=False),
    sa.Column('tps', sa.Integer(), nullable=False),
    sa.Column('pantarlih_expected', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_report_region_progress_election_id_election'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('election_id', 'region_code', 'role', name=op.f('pk_report_region_progress'))
    )
    op.create_table('report_summary_state',
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.Column('built_at', bimtek.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_report_summary_state_election_id_election'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('election_id', name=op.f('pk_report_summary_state'))
    )
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
    op.create_table('report_officer_progress',
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('region_code', sa.String(length=13), nullable=False),
    sa.Column('tps', sa.Integer(), nullable=True),
    sa.Column('lessons_ok', sa.Integer(), nullable=True),
    sa.Column('quiz_ok', sa.Integer(), nullable=True),
    sa.Column('trained', sa.Integer(), nullable=True),
    sa.Column('certified', sa.Integer(), nullable=True),
    sa.Column('finished', sa.Integer(), nullable=True),
    sa.Column('hadir', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_report_officer_progress_assignment_id_assignment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_report_officer_progress_election_id_election'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_report_officer_progress_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assignment_id', name=op.f('pk_report_officer_progress'))
    )
    with op.batch_alter_table('report_officer_progress', schema=None) as batch_op:
        batch_op.create_index('ix_report_officer_progress_election_region', ['election_id', 'region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_officer_progress_person_id'), ['person_id'], unique=False)


def downgrade():
    with op.batch_alter_table('report_officer_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_officer_progress_person_id'))
        batch_op.drop_index('ix_report_officer_progress_election_region')

    op.drop_table('report_officer_progress')
    op.drop_table('tps')
    op.drop_table('report_summary_state')
    op.drop_table('report_region_progress')
