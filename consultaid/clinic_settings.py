"""Names of the clinic settings kept in the database, shared by the screens and the summary."""

SETTING_CLINIC_NAME = "clinic.name"
SETTING_CLINIC_ADDRESS = "clinic.address"
SETTING_PAPER_SIZE = "clinic.paper_size"
SETTING_ADVICE_PREFIX = "recovery."
SETTING_SHOW_PLATE = "illustration.show_plate"
SETTING_FHIR_BASE_URL = "fhir.base_url"  # the hospital's FHIR server, e.g. https://…/fhir/R4
SETTING_FHIR_MRN_SYSTEM = "fhir.mrn_system"  # the identifier system the clinic's MRNs belong to
SETTING_FHIR_INSTALLATION = "fhir.installation"  # this installation's id, made on first export
