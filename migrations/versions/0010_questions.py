"""quizzes: a bank question's name is unique per category, as in Moodle

Revision ID: 0010_questions
Revises: 0008_tracking
Create Date: 2026-11-26 09:40:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010_questions'
down_revision = '0008_tracking'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('quiz_question', schema=None) as batch_op:
        batch_op.drop_constraint('uq_quiz_question_course_id', type_='unique')
        batch_op.create_unique_constraint(
            batch_op.f('uq_quiz_question_course_id'), ['course_id', 'source', 'category', 'name']
        )


def downgrade():
    # Fails if a name is used in two categories of one bank: rename one first.
    with op.batch_alter_table('quiz_question', schema=None) as batch_op:
        batch_op.drop_constraint('uq_quiz_question_course_id', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_quiz_question_course_id'), ['course_id', 'source', 'name'])
