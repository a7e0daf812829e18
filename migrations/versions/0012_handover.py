"""hand-over: "lupa kata sandi" requests (throttle and trainers' list); the job printing a password sheet

Revision ID: 0012_handover
Revises: 0011_jobs
Create Date: 2026-11-26 12:45:00

"""
from alembic import op
import sqlalchemy as sa

import bimtek.db


# revision identifiers, used by Alembic.
revision = '0012_handover'
down_revision = '0011_jobs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('password_help_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('account_key', sa.String(length=64), nullable=False),
    sa.Column('address_key', sa.String(length=64), nullable=False),
    sa.Column('at', bimtek.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', bimtek.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_password_help_request_person_id_person'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['person.id'],
                            name=op.f('fk_password_help_request_resolved_by_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_password_help_request'))
    )
    with op.batch_alter_table('password_help_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_help_request_account_key'), ['account_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_password_help_request_address_key'), ['address_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_password_help_request_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_password_help_request_person_id'), ['person_id'], unique=False)

    with op.batch_alter_table('password_sheet', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pdf_job_token', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('password_sheet', schema=None) as batch_op:
        batch_op.drop_column('pdf_job_token')

    with op.batch_alter_table('password_help_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_help_request_person_id'))
        batch_op.drop_index(batch_op.f('ix_password_help_request_at'))
        batch_op.drop_index(batch_op.f('ix_password_help_request_address_key'))
        batch_op.drop_index(batch_op.f('ix_password_help_request_account_key'))
    op.drop_table('password_help_request')
