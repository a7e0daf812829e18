"""quizzes: course question banks, attempts with question snapshots, answers

Revision ID: 0002_quizzes
Revises: 0001_foundation
Create Date: 2026-11-23 19:02:45.980543

"""
from alembic import op
import sqlalchemy as sa

import bimtek.db


# revision identifiers, used by Alembic.
revision = '0002_quizzes'
down_revision = '0001_foundation'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('quiz_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('open', 'finished', name='attemptstatus', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('question_count', sa.Integer(), nullable=False),
    sa.Column('started_at', bimtek.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('deadline', bimtek.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', bimtek.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('score', sa.Double(), nullable=True),
    sa.Column('passed', sa.Boolean(), nullable=True),
    sa.Column('rules', sa.JSON(), nullable=False),
    sa.Column('questions', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_quiz_attempt_course_id_course'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['election_id'], ['election.id'], name=op.f('fk_quiz_attempt_election_id_election'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_quiz_attempt_person_id_person'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_attempt')),
    sa.UniqueConstraint('person_id', 'election_id', 'course_id', 'number', name=op.f('uq_quiz_attempt_person_id'))
    )
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_attempt_election_course_status', ['election_id', 'course_id', 'status'], unique=False)

    op.create_table('quiz_question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.Enum('file', 'upload', name='questionsource', native_enum=False, create_constraint=True, length=16), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('category', sa.String(length=200), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_retired', sa.Boolean(), nullable=False),
    sa.Column('created_at', bimtek.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', bimtek.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_quiz_question_course_id_course'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_question')),
    sa.UniqueConstraint('course_id', 'source', 'name', name=op.f('uq_quiz_question_course_id'))
    )
    with op.batch_alter_table('quiz_question', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_question_course_id'), ['course_id'], unique=False)

    op.create_table('quiz_response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('response', sa.JSON(), nullable=True),
    sa.Column('answered_at', bimtek.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('points', sa.Double(), nullable=True),
    sa.Column('correct', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['attempt_id'], ['quiz_attempt.id'], name=op.f('fk_quiz_response_attempt_id_quiz_attempt'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['quiz_question.id'], name=op.f('fk_quiz_response_question_id_quiz_question'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_response')),
    sa.UniqueConstraint('attempt_id', 'position', name=op.f('uq_quiz_response_attempt_id'))
    )
    with op.batch_alter_table('quiz_response', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_response_question_id'), ['question_id'], unique=False)



def downgrade():
    with op.batch_alter_table('quiz_response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_response_question_id'))

    op.drop_table('quiz_response')
    with op.batch_alter_table('quiz_question', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_question_course_id'))

    op.drop_table('quiz_question')
    with op.batch_alter_table('quiz_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_attempt_election_course_status')

    op.drop_table('quiz_attempt')
