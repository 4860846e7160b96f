"""The clinic's PAdES signature: pdfsig and pyHanko find it valid over the whole file, a changed
byte breaks it, the key is owner-only, and a PKCS#12 import refuses what it cannot use."""

from __future__ import annotations

import io
import shutil
import stat
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID
from reportlab.pdfgen import canvas

from consultaid.consent.signing import (
    IDENTITY_FILE,
    SELF_SIGNED_REASON,
    ClinicIdentity,
    clinic_identity,
    create_self_signed,
    import_pkcs12,
    load_identity,
    sign_pdf,
    sign_sealed,
    store_identity,
)
from consultaid.errors import ConsultAidError, InputError

needs_pdfsig = pytest.mark.skipif(
    shutil.which("pdfsig") is None, reason="pdfsig (poppler-utils) is not installed"
)
WORD = b"Consent given"


@pytest.fixture(scope="module")
def identity() -> ClinicIdentity:
    return create_self_signed("North Shore Spine Clinic")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    """A reportlab PDF as the consent code makes them (invariant), its text left uncompressed
    so a test can change one letter of it."""
    out = io.BytesIO()
    page = canvas.Canvas(out, invariant=1, pageCompression=0)
    page.drawString(72, 720, WORD.decode())
    page.showPage()
    page.save()
    return out.getvalue()


@pytest.fixture(scope="module")
def signed(pdf: bytes, identity: ClinicIdentity) -> bytes:
    return sign_pdf(
        pdf, identity, reason="Consent form sealed", location="North Shore", name="Dr Hart"
    )


def pdfsig(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "signed.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60)
    return out.stdout + out.stderr


def pyhanko_status(data: bytes, trusted: ClinicIdentity):
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    root = asn1_x509.Certificate.load(trusted.certificate.public_bytes(Encoding.DER))
    (signature,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
    return signature, validate_pdf_signature(signature, ValidationContext(trust_roots=[root]))


def one_byte_changed(signed: bytes) -> bytes:
    """The signed file with one letter of the page's text changed."""
    at = signed.index(WORD)
    return signed[:at] + b"D" + signed[at + 1 :]


@needs_pdfsig
def test_pdfsig_finds_the_signature_valid_over_the_whole_file(signed, tmp_path):
    report = pdfsig(signed, tmp_path)
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    assert "Signer Certificate Common Name: North Shore Spine Clinic" in report
    assert "ETSI.CAdES.detached" in report  # the PAdES subfilter


@needs_pdfsig
def test_pdfsig_finds_a_changed_byte(signed, tmp_path):
    report = pdfsig(one_byte_changed(signed), tmp_path)
    assert "Signature is Valid." not in report
    assert "Digest Mismatch" in report


def test_pyhanko_agrees_valid_and_whole_file(signed, identity):
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    _, status = pyhanko_status(signed, identity)
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE


def test_pyhanko_agrees_a_changed_byte_breaks_it(signed, identity):
    _, status = pyhanko_status(one_byte_changed(signed), identity)
    assert not status.intact and not status.bottom_line  # the digest no longer matches


def test_the_signature_is_appended_and_the_rendered_bytes_stay_as_they_were(pdf, signed):
    """Signing is an incremental update: the reportlab bytes open the signed file unchanged,
    which is what byte-for-byte comparisons of rendered documents can still rely on."""
    assert signed.startswith(pdf) and len(signed) > len(pdf)


def test_a_self_signed_certificate_says_so_in_the_reason(signed, identity):
    signature, _ = pyhanko_status(signed, identity)
    reason = str(signature.sig_object["/Reason"])
    assert reason.startswith("Consent form sealed") and SELF_SIGNED_REASON in reason
    assert str(signature.sig_object["/Name"]) == "Dr Hart"
    assert str(signature.sig_object["/Location"]) == "North Shore"


def test_a_sealed_document_is_signed_in_the_clinics_name_on_first_use(tmp_path, pdf):
    folder = tmp_path / "signing"
    signed = sign_sealed(
        pdf, folder, document="consent form", consultation_id=7, clinic="Lakeside Clinic"
    )
    identity = load_identity(folder)
    assert identity is not None and identity.holder == "Lakeside Clinic"
    signature, status = pyhanko_status(signed, identity)
    assert status.bottom_line
    assert str(signature.sig_object["/Reason"]) == (
        f"Sealed consent form of consultation 7 — {SELF_SIGNED_REASON}"
    )
    assert str(signature.sig_object["/Location"]) == "Lakeside Clinic"


def test_the_key_is_created_once_and_stored_owner_only(tmp_path):
    folder = tmp_path / "signing"
    first = clinic_identity(folder, "Lakeside Clinic")
    assert first.self_signed and first.holder == "Lakeside Clinic"
    assert first.valid_until > datetime.now(UTC) + timedelta(days=365 * 9)
    assert stat.S_IMODE((folder / IDENTITY_FILE).stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    again = clinic_identity(folder, "Another Name")
    assert again.certificate == first.certificate
    assert [p.name for p in folder.iterdir()] == [IDENTITY_FILE]


def test_an_expired_certificate_is_replaced_by_a_new_self_signed_one(tmp_path):
    folder = tmp_path / "signing"
    old = create_self_signed("Lakeside Clinic", now=datetime.now(UTC) - timedelta(days=3700))
    store_identity(old, folder)
    renewed = clinic_identity(folder, "Lakeside Clinic")
    assert renewed.certificate != old.certificate and renewed.self_signed
    assert renewed.valid_until > datetime.now(UTC)
    assert load_identity(folder).certificate == renewed.certificate


def test_a_damaged_stored_identity_is_one_sentence(tmp_path, identity):
    store_identity(identity, tmp_path)
    (tmp_path / IDENTITY_FILE).write_bytes(b"not a key")
    with pytest.raises(ConsultAidError, match=r"damaged; import it again in Settings\.$"):
        load_identity(tmp_path)


# -- PKCS#12 import ----------------------------------------------------------------------------


def usage(*, signing: bool) -> x509.KeyUsage:
    """Key usage for signing (non-repudiation) or, when not, for encryption only."""
    return x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=not signing,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def issued_pkcs12(
    tmp_path: Path, password: str, *, days: int = 365, ends_ago: int = 0, signing: bool = True
) -> tuple[Path, x509.Certificate]:
    """A clinic certificate issued by a test authority, with its key and the authority's
    certificate, in a password-protected PKCS#12 file."""
    now = datetime.now(UTC)

    def name(text: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(name("Test Health Authority CA"))
        .issuer_name(name("Test Health Authority CA"))
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now - timedelta(days=2 * days))
        .not_valid_after(now + timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    end = now - timedelta(days=ends_ago) if ends_ago else now + timedelta(days=days)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name("Harbour Spine Clinic"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(end - timedelta(days=days + 1))
        .not_valid_after(end)
        .add_extension(usage(signing=signing), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"clinic", key, cert, [ca], BestAvailableEncryption(password.encode())
    )
    path = tmp_path / "clinic.p12"
    path.write_bytes(data)
    return path, cert


def test_an_imported_certificate_is_stored_owner_only_and_used(tmp_path, pdf):
    path, cert = issued_pkcs12(tmp_path, "s3cret")
    folder = tmp_path / "signing"
    imported = import_pkcs12(path, "s3cret", folder)
    assert imported.holder == "Harbour Spine Clinic" and not imported.self_signed
    assert imported.issuer == "Test Health Authority CA"
    assert imported.valid_until == cert.not_valid_after_utc
    assert stat.S_IMODE((folder / IDENTITY_FILE).stat().st_mode) == 0o600
    stored = clinic_identity(folder, "ignored: an identity is stored")
    assert stored.certificate == cert and len(stored.chain) == 1
    signed = sign_pdf(pdf, stored, reason="Consent form sealed", location="", name="Dr Hart")
    signature, status = pyhanko_status(signed, ClinicIdentity(stored.key, stored.chain[0]))
    assert status.intact and status.valid and status.trusted
    assert str(signature.sig_object["/Reason"]) == "Consent form sealed"


def test_an_import_replaces_the_self_signed_certificate(tmp_path):
    folder = tmp_path / "signing"
    clinic_identity(folder, "Harbour Spine Clinic")
    path, cert = issued_pkcs12(tmp_path, "pw")
    import_pkcs12(path, "pw", folder)
    stored = load_identity(folder)
    assert stored is not None and stored.certificate == cert and not stored.self_signed


def test_a_wrong_password_is_one_sentence_and_keeps_what_was_stored(tmp_path, identity):
    folder = tmp_path / "signing"
    store_identity(identity, folder)
    path, _ = issued_pkcs12(tmp_path, "right")
    with pytest.raises(InputError) as caught:
        import_pkcs12(path, "wrong", folder)
    message = str(caught.value)
    assert "password does not open clinic.p12" in message
    assert message.count(". ") == 0 and message.endswith(".")
    stored = load_identity(folder)
    assert stored is not None and stored.certificate == identity.certificate


@pytest.mark.parametrize("content", [b"%PDF-1.4 not a certificate", b"", b"0\x03\x02\x01\x03"])
def test_a_file_that_is_not_pkcs12_is_one_sentence(tmp_path, content):
    path = tmp_path / "clinic.p12"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"^clinic\.p12 is not a PKCS#12 certificate file; .*\.$"):
        import_pkcs12(path, "pw", tmp_path / "signing")
    assert not (tmp_path / "signing" / IDENTITY_FILE).exists()


def test_an_expired_certificate_is_refused(tmp_path):
    path, _ = issued_pkcs12(tmp_path, "pw", ends_ago=3)
    with pytest.raises(InputError, match=r"expired on .*; ask for a renewed certificate\.$"):
        import_pkcs12(path, "pw", tmp_path / "signing")
    assert load_identity(tmp_path / "signing") is None


def test_a_certificate_without_its_key_is_refused(tmp_path):
    _, cert = issued_pkcs12(tmp_path, "pw")
    path = tmp_path / "only-cert.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"clinic", None, cert, None, BestAvailableEncryption(b"pw")
        )
    )
    with pytest.raises(InputError, match=r"holds no signing key"):
        import_pkcs12(path, "pw", tmp_path / "signing")


def test_a_certificate_not_meant_for_signing_is_refused(tmp_path):
    path, _ = issued_pkcs12(tmp_path, "pw", signing=False)
    with pytest.raises(InputError, match=r"is not meant for signing"):
        import_pkcs12(path, "pw", tmp_path / "signing")
