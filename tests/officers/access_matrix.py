"""Officer import pages and the tests proving who may open them (operators 200 in their own area, others 404)."""

COVERED_ENDPOINTS = {
    "officers.import_template": "tests/officers/test_import_page.py::test_templates_are_for_operators_only",
    "officers.region_lookup": "tests/officers/test_import_page.py::test_lookup_stays_within_the_operators_kabupaten",
}
