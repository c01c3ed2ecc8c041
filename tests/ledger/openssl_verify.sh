#!/usr/bin/env bash
# A third party's check of one ledger entry with the openssl command line and
# coreutils only, step by step as docs/FORMAT.md ("Verifying an entry with
# standard tools") describes. gongkai is used only to make the ledger and to
# hand over the bytes (`show --raw`), as an export would.
#
# usage: openssl_verify.sh PATH/TO/gongkai
gongkai=$1
source "$(dirname "${BASH_SOURCE[0]}")/../support/openssl_script.sh"

# --- the ledger (operator side) ---------------------------------------------
"$gongkai" keygen --out admin.pem >/dev/null
"$gongkai" keygen --out alice.pem >/dev/null
"$gongkai" --data d init --origin openssl.test/1 --key admin.pem --person admin --name A --agency X \
  --valid-from 2026-01-01 >/dev/null
"$gongkai" --data d register-agency --key admin.pem --agency X --name 天宁区政府办公室 --kind government \
  --jurisdiction cn-js-changzhou-tianning >/dev/null
"$gongkai" --data d register --key admin.pem --person alice --name B --agency X --role handler \
  --public-key alice.pem.pub --valid-from 2026-01-01 >/dev/null
printf '%s\n' \
  '{"eventId":"e1","stream":"item/1","businessTime":"2026-03-02","payload":{"note":{"subject":"one"}}}' \
  '{"eventId":"e2","stream":"item/1","businessTime":"2026-03-03","payload":{"note":{"subject":"two"}}}' |
  "$gongkai" --data d append --key alice.pem >/dev/null
"$gongkai" --data d show 3 --raw > entry3.bin
"$gongkai" --data d show 4 --raw > entry4.bin
"$gongkai" --data d show 2 --json > entry2.json
"$gongkai" --data d show 3 --json > entry3.json

# --- the third party ---------------------------------------------------------
# 1. The entry hash is SHA-256 of the record.
hash3=$(sha256sum entry3.bin | cut -c1-64)
grep -q "\"hash\":\"$hash3\"" entry3.json || fail "sha256sum of the record is not the entry hash"
# 2. The next entry links to it: bytes 24..55 of entry 4 are entry 3's hash.
prev4=$(od -An -v -j24 -N32 -tx1 entry4.bin | tr -d ' \n')
[ "$prev4" = "$hash3" ] || fail "entry 4 does not link to entry 3"
# 3. Cut the record into its fields (big-endian lengths at offsets 56 and 60+A).
[ "$(head -c4 entry3.bin)" = "GKE1" ] || fail "magic"
A=$((16#$(od -An -j56 -N4 -tx1 entry3.bin | tr -d ' \n')))
S=$((16#$(od -An -j$((60 + A)) -N2 -tx1 entry3.bin | tr -d ' \n')))
[ "$S" -eq 64 ] || fail "signature length $S"
dd if=entry3.bin of=action.bin bs=1 skip=60 count="$A" status=none
tail -c 64 entry3.bin > signature.bin
# 4. The signed message is the context "gongkai/action/v1", a zero byte, and the action.
{ printf 'gongkai/action/v1\0'; cat action.bin; } > message.bin
# 5. The signer's public key, as registered in entry 2 (raw 32 bytes, hex), in PEM.
raw=$(grep -o '"publicKey":{"algorithm":"ed25519","key":"[0-9a-f]*"' entry2.json | grep -o '[0-9a-f]\{64\}')
{ printf '\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00'; printf '%s' "$raw" | hex_to_bin; } |
  openssl pkey -pubin -inform DER -out registered.pem
cmp -s <(openssl pkey -pubin -in registered.pem -outform DER) <(openssl pkey -pubin -in alice.pem.pub -outform DER) ||
  fail "registered key differs from alice's public key file"
# 6. Its key id is the one the action names.
key_id=$(openssl pkey -pubin -in registered.pem -outform DER | tail -c 32 | sha256sum | cut -c1-32)
grep -q "\"actorKeyId\":\"$key_id\"" entry3.json || fail "key id $key_id is not the action's actorKeyId"
# 7. The signature verifies.
openssl pkeyutl -verify -pubin -inkey registered.pem -rawin -in message.bin -sigfile signature.bin |
  grep -q "Signature Verified Successfully" || fail "signature"
# 8. A changed byte is caught.
cp message.bin forged.bin
printf 'X' | dd of=forged.bin bs=1 seek=40 conv=notrunc status=none
if openssl pkeyutl -verify -pubin -inkey registered.pem -rawin -in forged.bin -sigfile signature.bin >/dev/null 2>&1; then
  fail "a forged message verified"
fi
echo "ok: entry 3 verified with sha256sum and openssl alone"
