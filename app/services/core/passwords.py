"""Hashing people's PINs and passwords: argon2id (memory-hard), and the older PBKDF2 form.

Rows written before issue 12 hold PBKDF2-SHA256 as "salt$hash" (hex); they still verify, and
`needs_rehash` tells the caller to store an argon2 hash the next time the secret is typed.
"""

from __future__ import annotations

import hashlib
import hmac

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP's lower argon2id setting (19 MiB, 2 passes): a guess costs memory, and a sign-in
# or a supervisor PIN at the packing station stays well under a tenth of a second.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
_LEGACY_ITERATIONS = 120_000
ARGON2_PREFIX = "$argon2"


def hash_secret(secret: str) -> str:
    """An argon2id hash of a PIN or password, in the form users.pin_hash holds."""
    return _HASHER.hash(secret)


def _legacy_matches(secret: str, stored: str) -> bool:
    salt, _, digest = stored.partition("$")
    try:
        candidate = hashlib.pbkdf2_hmac("sha256", secret.encode(), bytes.fromhex(salt),
                                        _LEGACY_ITERATIONS)
    except ValueError:  # a stored salt that is not hex
        return False
    return hmac.compare_digest(candidate.hex(), digest)


def secret_matches(secret: str, stored: str) -> bool:
    """True if `secret` is the PIN or password whose hash is `stored` (either form)."""
    if not stored or not secret:
        return False
    if stored.startswith(ARGON2_PREFIX):
        try:
            return _HASHER.verify(stored, secret)
        except (VerificationError, InvalidHashError):
            return False
    return "$" in stored and _legacy_matches(secret, stored)


def needs_rehash(stored: str) -> bool:
    """True for a PBKDF2 hash, or an argon2 hash made with weaker settings than today's."""
    if not stored.startswith(ARGON2_PREFIX):
        return True
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return True
