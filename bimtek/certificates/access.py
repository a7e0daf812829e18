"""What certificates plug into the layers below them at app start-up."""

from __future__ import annotations

from bimtek.audit.operations import register_action_labels, register_detail_labels, register_detail_resolver
from bimtek.certificates.operations import ACTION_LABELS

# How each action reads in the audit trail (see bimtek.audit.sentences); no actor means the system issued it.
ACTION_SENTENCES = {
    "certificates.issue": "{actor} menerbitkan sertifikat {code} kursus '{course}' untuk {subject}",
    "certificates.revoke": "{actor} mencabut sertifikat {code} milik {subject} dengan alasan: {reason}",
    "certificates.reissue": "{actor} menerbitkan ulang sertifikat {old_code} milik {subject} sebagai {code}",
    "certificates.settings": "{actor} mengubah pengaturan sertifikat {region}",
}
DETAIL_LABELS = {"old_code": "Kode lama", "old_name": "Nama lama", "course": "Kursus", "images": "Gambar"}


def register() -> None:
    """Register the certificates' audit labels."""
    register_action_labels(ACTION_LABELS, ACTION_SENTENCES)
    register_detail_labels(DETAIL_LABELS)
    register_detail_resolver("course", course_titles)


def course_titles(slugs: set[str]) -> dict[str, str]:
    """Return the titles of the courses with these slugs (one query, for the audit trail)."""
    from bimtek.courses.models import Course
    from bimtek.extensions import db

    return dict(db.session.execute(db.select(Course.slug, Course.title).where(Course.slug.in_(slugs))).all())
