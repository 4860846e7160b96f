"""Names of the clinic settings kept in the database, shared by the screens and the summary."""

SETTING_CLINIC_NAME = "clinic.name"
SETTING_CLINIC_ADDRESS = "clinic.address"
SETTING_PAPER_SIZE = "clinic.paper_size"
SETTING_ADVICE_PREFIX = "recovery."
SETTING_SHOW_PLATE = "illustration.show_plate"
