"""training: bimtek sessions, trainers, guest speakers, attendance, files, kabupaten letterhead

Revision ID: 0003_training
Revises: 0002_quizzes
Create Date: 2026-11-24 09:00:00

"""
from alembic import op
import sqlalchemy as sa

import bimtek.db


# revision identifiers, used by Alembic.
revision = "0003_training"
down_revision = "0002_quizzes"
branch_labels = None
depends_on = None


def upgrade():
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
    op.create_table('training_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('region_code', sa.String(length=13), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', bimtek.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', bimtek.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('topics', sa.Text(), nullable=False),
    sa.Column('course_slugs', sa.JSON(), nullable=False),
    sa.Column('is_makeup', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('checkin_code', sa.String(length=8), nullable=True),
    sa.Column('checkin_code_at', bimtek.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', bimtek.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', bimtek.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['person.id'], name=op.f('fk_training_session_created_by_id_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_training_session_election_id_election'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['region_code'], ['region.code'], name=op.f('fk_training_session_region_code_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_session'))
    )
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_session_checkin_code'), ['checkin_code'], unique=False)
        batch_op.create_index('ix_training_session_election_region', ['election_id', 'region_code'], unique=False)
        batch_op.create_index('ix_training_session_election_starts', ['election_id', 'starts_at'], unique=False)

    op.create_table('training_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('assignment_id', sa.Integer(), nullable=True),
    sa.Column('walk_in_name', sa.String(length=200), nullable=True),
    sa.Column('walk_in_title', sa.String(length=100), nullable=True),
    sa.Column('walk_in_desa', sa.String(length=100), nullable=True),
    sa.Column('status', sa.Enum('hadir', 'izin', 'sakit', 'tanpa_keterangan', name='attendancestatus', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('method', sa.String(length=16), nullable=True),
    sa.Column('marked_at', bimtek.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('marked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'], name=op.f('fk_training_attendance_assignment_id_assignment'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['marked_by_id'], ['person.id'], name=op.f('fk_training_attendance_marked_by_id_person'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_training_attendance_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], name=op.f('fk_training_attendance_session_id_training_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_attendance')),
    sa.UniqueConstraint('session_id', 'person_id', name=op.f('uq_training_attendance_session_id'))
    )
    with op.batch_alter_table('training_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_attendance_person_id'), ['person_id'], unique=False)

    op.create_table('training_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('daftar_hadir', 'foto', name='filekind', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('mime_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', bimtek.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], name=op.f('fk_training_file_session_id_training_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['person.id'], name=op.f('fk_training_file_uploaded_by_id_person'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_file')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_training_file_stored_name'))
    )
    with op.batch_alter_table('training_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_file_session_id'), ['session_id'], unique=False)

    op.create_table('training_speaker',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('institution', sa.Enum('kpu', 'bawaslu', 'panwascam', 'pkd', 'dukcapil', 'lainnya', name='institution', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], name=op.f('fk_training_speaker_session_id_training_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_speaker'))
    )
    with op.batch_alter_table('training_speaker', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_speaker_session_id'), ['session_id'], unique=False)

    op.create_table('training_trainer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_training_trainer_person_id_person'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], name=op.f('fk_training_trainer_session_id_training_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_trainer')),
    sa.UniqueConstraint('session_id', 'person_id', name=op.f('uq_training_trainer_session_id'))
    )
    with op.batch_alter_table('training_trainer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_trainer_person_id'), ['person_id'], unique=False)


def downgrade():
    with op.batch_alter_table('training_trainer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_trainer_person_id'))
    op.drop_table('training_trainer')
    with op.batch_alter_table('training_speaker', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_speaker_session_id'))
    op.drop_table('training_speaker')
    with op.batch_alter_table('training_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_file_session_id'))
    op.drop_table('training_file')
    with op.batch_alter_table('training_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_attendance_person_id'))
    op.drop_table('training_attendance')
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_index('ix_training_session_election_starts')
        batch_op.drop_index('ix_training_session_election_region')
        batch_op.drop_index(batch_op.f('ix_training_session_checkin_code'))
    op.drop_table('training_session')
    op.drop_table('training_letterhead')
