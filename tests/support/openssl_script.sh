# Sourced by the openssl test scripts (tests/ledger/openssl_*.sh,
# tests/tools/openssl_proof.sh): strict mode, a work directory of their own
# removed on exit (and made the current directory), and the helpers a third
# party's check with openssl and coreutils needs.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
hex_to_bin() { perl -ne 's/\s+//g; print pack "H*", $_'; }
# sm2_pem_from_hex HEX OUT: a raw SM2 public key (130 hex digits, 04 ‖ x ‖ y)
# written as a PEM SubjectPublicKeyInfo (the DER prefix of an SM2 key, then
# the point).
sm2_pem_from_hex() {
  { printf '3059301306072a8648ce3d020106082a811ccf5501822d034200'; printf '%s' "$1"; } | hex_to_bin |
    openssl pkey -pubin -inform DER -out "$2"
}
