"""Signals lower features send so higher ones (certificates, tracking) can react without being imported.

Senders pass keyword arguments only; receivers must not commit (the request commits once).
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# A learner finished a lesson: person_id, election_id, course_id.
lesson_completed = _signals.signal("lesson-completed")
# A quiz attempt was graded: person_id, election_id, course_id, passed.
quiz_finished = _signals.signal("quiz-finished")
# Attendance at a bimtek session changed (set, corrected, matched): session_id, person_ids.
attendance_changed = _signals.signal("attendance-changed")
# A practice case was answered: person_id, election_id, course_id, passed.
case_finished = _signals.signal("case-finished")
# Assignments were written in bulk, past the ORM's unit of work (an officer import): person_ids.
assignments_written = _signals.signal("assignments-written")
