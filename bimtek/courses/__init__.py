"""Courses authored as files in course_content/, and learners' progress through them."""
