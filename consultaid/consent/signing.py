"""The clinic's digital signature on each sealed document: PAdES baseline B-B, made with pyHanko.

A sealed PDF should prove its own integrity once it leaves the database: any reader that checks
signatures (`pdfsig`, Acrobat) can then tell whether a single byte was changed. The signature uses
the clinic's certificate, imported in Settings as a PKCS#12 file; until one is imported the app
makes a self-signed clinic certificate on first use, and every signature made with it says so in
its reason. B-B (no timestamp authority, no revocation data) because signing must work offline.

The key is stored unencrypted but owner-only (0600, in a 0700 folder the caller names) so that
sealing needs no password; nothing here copies it anywhere else. The cryptography package loads
when an identity is read; pyHanko only when a document is signed, never at start-up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from consultaid.errors import ConsultAidError, InputError
from consultaid.files import write_atomically
from consultaid.logs import log

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

IDENTITY_FILE = "clinic-identity.p12"
SELF_SIGNED_REASON = "self-signed clinic certificate (not from a certificate authority)"
SIGNATURE_FIELD = "ClinicSignature"
SELF_SIGNED_YEARS = 10
DEFAULT_HOLDER = "ConsultAid clinic"


@dataclass(frozen=True)
class ClinicIdentity:
    """The clinic's signing key, its certificate and the certificates that vouch for it."""

    key: PrivateKeyTypes
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def holder(self) -> str:
        """Whose certificate it is: its common name, else its organisation, else the whole name."""
        return _name_of(self.certificate.subject)

    @property
    def issuer(self) -> str:
        return _name_of(self.certificate.issuer)

    @property
    def valid_until(self) -> datetime:
        return self.certificate.not_valid_after_utc

    @property
    def self_signed(self) -> bool:
        """Issued by itself: no certificate authority vouches for who holds it."""
        return self.certificate.issuer == self.certificate.subject


def load_identity(folder: Path) -> ClinicIdentity | None:
    """The identity stored in `folder`, or None if none is stored yet."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    path = folder / IDENTITY_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConsultAidError(
            f"Cannot read the clinic's signing certificate {path} ({exc.strerror}); check that "
            "you may read it, or import the certificate again in Settings."
        ) from None
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(data, None)
    except ValueError:
        raise ConsultAidError(
            f"The clinic's signing certificate {path} is damaged; import it again in Settings."
        ) from None
    if key is None or certificate is None:
        raise ConsultAidError(
            f"The clinic's signing certificate {path} is incomplete; import it again in Settings."
        )
    return ClinicIdentity(key, certificate, tuple(chain))


def clinic_identity(folder: Path, clinic_name: str = "") -> ClinicIdentity:
    """The stored identity; on first use, a new self-signed one in the clinic's name, stored.
    An expired certificate is replaced the same way rather than stopping the sealing of consent
    documents; Settings then shows the self-signed one until the clinic imports a renewed one."""
    identity = load_identity(folder)
    if identity is not None and identity.valid_until > datetime.now(UTC):
        return identity
    if identity is not None:
        log.warning("the clinic's signing certificate has expired; making a self-signed one")
    identity = create_self_signed(clinic_name)
    store_identity(identity, folder)
    return identity


def create_self_signed(clinic_name: str = "", now: datetime | None = None) -> ClinicIdentity:
    """A new RSA-3072 key and a self-signed certificate naming the clinic, valid ten years.
    RSA with PKCS#1 v1.5 because every PDF reader checks it (and it needs no randomness)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    holder = clinic_name.strip() or DEFAULT_HOLDER
    start = (now or datetime.now(UTC)) - timedelta(minutes=5)  # a clock a little behind
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, holder[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, holder[:64]),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=365 * SELF_SIGNED_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    return ClinicIdentity(key, certificate)


def store_identity(identity: ClinicIdentity, folder: Path) -> None:
    """Write the identity to `folder` as one unencrypted PKCS#12 file readable by its owner only,
    replacing any earlier one in a single step."""
    from cryptography.hazmat.primitives.serialization import NoEncryption, pkcs12

    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(folder, 0o700)
    except OSError as exc:
        raise ConsultAidError(
            f"Cannot make the folder {folder} for the clinic's signing certificate "
            f"({exc.strerror}); check that you may write there."
        ) from None
    data = pkcs12.serialize_key_and_certificates(
        identity.holder.encode(),
        identity.key,
        identity.certificate,
        identity.chain or None,
        NoEncryption(),
    )
    path = folder / IDENTITY_FILE
    write_atomically(path, data)  # a temporary file made 0600, then renamed into place
    os.chmod(path, 0o600)


def import_pkcs12(
    path: Path, password: str, folder: Path, now: datetime | None = None
) -> ClinicIdentity:
    """Read a PKCS#12 (.p12/.pfx) file, check it holds a key and a certificate in force that
    belong together, and store it in `folder` as the clinic's identity. Each refusal is an
    InputError of one sentence."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"Cannot read {path.name} ({exc.strerror}); choose the file again."
        ) from None
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(
            data, password.encode() if password else None
        )
    except ValueError:
        if _is_pkcs12(data):
            raise InputError(
                f"The password does not open {path.name}; type the password it was exported with."
            ) from None
        raise InputError(
            f"{path.name} is not a PKCS#12 certificate file; choose the .p12 or .pfx file your "
            "certificate came in."
        ) from None
    if key is None or certificate is None:
        raise InputError(
            f"{path.name} holds no signing key with its certificate; export the certificate "
            "again with its private key."
        )
    if not _key_matches(key, certificate):
        raise InputError(
            f"The key in {path.name} does not belong to its certificate; export the "
            "certificate again with its own private key."
        )
    moment = now or datetime.now(UTC)
    if certificate.not_valid_after_utc <= moment:
        raise InputError(
            f"The certificate in {path.name} expired on "
            f"{certificate.not_valid_after_utc:%d %B %Y}; ask for a renewed certificate."
        )
    if certificate.not_valid_before_utc > moment:
        raise InputError(
            f"The certificate in {path.name} is valid only from "
            f"{certificate.not_valid_before_utc:%d %B %Y}; import it on or after that day."
        )
    if not _may_sign(certificate):
        raise InputError(
            f"The certificate in {path.name} is not meant for signing (its key usage allows "
            "neither digital signatures nor non-repudiation); ask for a signing certificate."
        )
    identity = ClinicIdentity(key, certificate, tuple(chain))
    store_identity(identity, folder)
    return identity


def sign_pdf(
    pdf: bytes, identity: ClinicIdentity, *, reason: str, location: str, name: str
) -> bytes:
    """`pdf` with a PAdES B-B signature appended as an incremental update: the original bytes
    are the signed file's first bytes, unchanged, and the signature covers the whole file. With a
    self-signed certificate the reason says so."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner, SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    def asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))

    key_der = identity.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())
    signer = SimpleSigner(
        signing_cert=asn1(identity.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs([asn1(c) for c in identity.chain]),
    )
    if identity.self_signed:
        reason = f"{reason} — {SELF_SIGNED_REASON}" if reason else SELF_SIGNED_REASON
    metadata = PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location or None,
        name=name or None,
    )
    # Room for the CMS object: the certificates plus a generous allowance for the signed
    # attributes and the signature value. Stating it spares pyHanko a trial signature to measure,
    # which would load the key a second time (about as slow as the signing itself).
    certificates = sum(
        len(c.public_bytes(Encoding.DER)) for c in (identity.certificate, *identity.chain)
    )
    reserve = 4096 + certificates + certificates % 2  # pyHanko wants an even number
    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    signed = PdfSigner(metadata, signer=signer).sign_pdf(writer, bytes_reserved=reserve)
    return signed.getvalue()


def sign_sealed(
    pdf: bytes, folder: Path, *, document: str, consultation_id: int, clinic: str
) -> bytes:
    """What sealing does to each document before it is stored: sign it with the clinic's
    identity in `folder` (a self-signed one in the clinic's name on first use)."""
    identity = clinic_identity(folder, clinic)
    return sign_pdf(
        pdf,
        identity,
        reason=f"Sealed {document} of consultation {consultation_id}",
        location=clinic,
        name=identity.holder,
    )


def _name_of(name: x509.Name) -> str:
    from cryptography.x509.oid import NameOID

    for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME):
        values = name.get_attributes_for_oid(oid)
        if values:
            return str(values[0].value)
    return name.rfc4514_string()


def _key_matches(key: PrivateKeyTypes, certificate: x509.Certificate) -> bool:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    def spki(public_key) -> bytes:
        return public_key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)

    return spki(key.public_key()) == spki(certificate.public_key())


def _may_sign(certificate: x509.Certificate) -> bool:
    """Whether the certificate's key usage (if it states one) allows signing documents."""
    from cryptography import x509

    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return usage.digital_signature or usage.content_commitment


def _is_pkcs12(data: bytes) -> bool:
    """Whether `data` parses as a PKCS#12 structure: then a failed opening means the password."""
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        asn1_pkcs12.Pfx.load(data, strict=True).native  # noqa: B018 (parses it all)
    except (ValueError, TypeError):
        return False
    return True
