"""jobs: one table for long work (imports, bulk certificates, password sheets, exports)

Revision ID: 0011_jobs
Revises: 0010_questions
Create Date: 2026-11-26 13:00:00

The bulk print jobs of certificates move into it: their table is dropped (a bulk print is a file
made again in seconds from the stored certificates, so old jobs are not carried over).
"""
from alembic import op
import sqlalchemy as sa

import bimtek.db


# revision identifiers, used by Alembic.
revision = '0011_jobs'
down_revision = '0010_questions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('election_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('checkpoint', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='jobstatus', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('lease', sa.String(length=40), nullable=True),
    sa.Column('input_name', sa.String(length=200), nullable=True),
    sa.Column('result_name', sa.String(length=200), nullable=True),
    sa.Column('result_type', sa.String(length=100), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('created_at', bimtek.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', bimtek.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('heartbeat_at', bimtek.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', bimtek.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_job_election_id_election'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['person.id'], name=op.f('fk_job_owner_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job')),
    sa.UniqueConstraint('token', name=op.f('uq_job_token'))
    )
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_status'), ['status'], unique=False)

    with op.batch_alter_table('certificate_bulk_job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_bulk_job_requested_by_id'))
    op.drop_table('certificate_bulk_job')


def downgrade():
    op.create_table('certificate_bulk_job',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=40), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('target', sa.String(length=32), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('output', sa.String(length=8), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='bulkstatus', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=80), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('created_at', bimtek.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', bimtek.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_certificate_bulk_job_election_id_election'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['person.id'], name=op.f('fk_certificate_bulk_job_requested_by_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_bulk_job')),
    sa.UniqueConstraint('token', name=op.f('uq_certificate_bulk_job_token'))
    )
    with op.batch_alter_table('certificate_bulk_job', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_bulk_job_requested_by_id'), ['requested_by_id'], unique=False)
    with op.batch_alter_table('job', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_status'))
        batch_op.drop_index(batch_op.f('ix_job_owner_id'))
    op.drop_table('job')
