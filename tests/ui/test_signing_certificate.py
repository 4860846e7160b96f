"""Settings → Signing certificate: shows whose certificate signs and until when; imports one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from consultaid.clinic_certificate import NONE_YET, NOT_SET_UP, ClinicCertificate
from consultaid.consent.signing import (
    IDENTITY_FILE,
    clinic_identity,
    create_self_signed,
    store_identity,
)
from consultaid.consultation import Consultations
from consultaid.content import load_procedure
from consultaid.ui.record_controller import RecordController
from consultaid.ui.settings_dialog import SettingsDialog
from tests.consent.test_signing import issued_pkcs12


@pytest.fixture
def open_settings(qtbot, store, settings, prompts):
    def open_(folder: Path | None) -> SettingsDialog:
        procedure = load_procedure()
        controller = RecordController(
            Consultations(store, procedure, signing_folder=folder), prompts
        )
        dialog = SettingsDialog(controller, procedure, settings, prompts)
        qtbot.addWidget(dialog)
        return dialog

    return open_


def test_before_first_use_it_says_none_yet(open_settings, tmp_path):
    dialog = open_settings(tmp_path / "signing")
    assert dialog.certificate_label.text() == NONE_YET
    assert dialog.import_certificate.isEnabled()
    assert not (tmp_path / "signing").exists()  # showing it creates nothing


def test_the_self_signed_certificate_is_named_with_its_end_date(open_settings, tmp_path):
    identity = clinic_identity(tmp_path / "signing", "Lakeside Clinic")
    dialog = open_settings(tmp_path / "signing")
    text = dialog.certificate_label.text()
    assert text.startswith("Lakeside Clinic: a self-signed clinic certificate, valid until")
    assert str(identity.valid_until.year) in text


def test_an_expired_certificate_is_shown_as_expired(open_settings, tmp_path):
    old = create_self_signed("Lakeside Clinic", now=datetime.now(UTC) - timedelta(days=3700))
    store_identity(old, tmp_path / "signing")
    dialog = open_settings(tmp_path / "signing")
    assert dialog.certificate_label.text().startswith("Lakeside Clinic: expired on ")


def test_importing_a_certificate_shows_whose_it_is_and_until_when(
    open_settings, prompts, tmp_path, qtbot
):
    path, cert = issued_pkcs12(tmp_path, "s3cret")
    dialog = open_settings(tmp_path / "signing")
    prompts.file_answer = path
    prompts.password_answer = "s3cret"
    dialog.import_certificate.click()
    assert prompts.errors == []
    assert prompts.passwords and "clinic.p12" in prompts.passwords[0][1]
    until = f"{cert.not_valid_after_utc:%d %B %Y}".lstrip("0")
    assert dialog.certificate_label.text() == (
        f"Harbour Spine Clinic, issued by Test Health Authority CA, valid until {until}."
    )
    assert (tmp_path / "signing" / IDENTITY_FILE).exists()


def test_a_wrong_password_is_shown_in_one_sentence_and_nothing_changes(
    open_settings, prompts, tmp_path
):
    path, _ = issued_pkcs12(tmp_path, "right")
    dialog = open_settings(tmp_path / "signing")
    prompts.file_answer = path
    prompts.password_answer = "wrong"
    dialog.import_certificate.click()
    ((title, message),) = prompts.errors
    assert title == "Certificate not imported" and "password does not open clinic.p12" in message
    assert dialog.certificate_label.text() == NONE_YET


def test_cancelling_the_password_imports_nothing(open_settings, prompts, tmp_path):
    path, _ = issued_pkcs12(tmp_path, "pw")
    dialog = open_settings(tmp_path / "signing")
    prompts.file_answer = path
    prompts.password_answer = None
    dialog.import_certificate.click()
    assert prompts.errors == [] and not (tmp_path / "signing" / IDENTITY_FILE).exists()


def test_without_a_signing_folder_there_is_nothing_to_import(open_settings):
    dialog = open_settings(None)
    assert dialog.certificate_label.text() == NOT_SET_UP
    assert not dialog.import_certificate.isEnabled()
    assert ClinicCertificate(None).import_file(Path("x.p12"), "").refused
