#!/usr/bin/env bash
# A third party's check of an SM3 ledger's export whose signers hold SM2
# keys, with the openssl command line and coreutils only, step by step as
# docs/FORMAT.md ("SM2 and SM3 with standard tools") describes. gongkai is
# used only to make the ledger and its export.
#
# usage: openssl_sm_verify.sh PATH/TO/gongkai
gongkai=$1
source "$(dirname "${BASH_SOURCE[0]}")/../support/openssl_script.sh"
u32() { echo $((16#$(od -An -v -j"$2" -N4 -tx1 "$1" | tr -d ' \n'))); }

# --- the ledger and its export (operator side) -------------------------------
"$gongkai" keygen --algorithm sm2 --out admin.pem >/dev/null
"$gongkai" keygen --algorithm sm2 --out alice.pem >/dev/null
"$gongkai" --data d init --origin sm.openssl.test/1 --key admin.pem --person admin --name A --agency X \
  --valid-from 2026-01-01 --hash sm3 --sm2-log-key >/dev/null
"$gongkai" --data d register-agency --key admin.pem --agency X --name 天宁区政府办公室 --kind government \
  --jurisdiction cn-js-changzhou-tianning >/dev/null
"$gongkai" --data d register --key admin.pem --person alice --name B --agency X --role handler \
  --public-key alice.pem.pub --valid-from 2026-01-01 >/dev/null
printf '%s\n' \
  '{"eventId":"e1","stream":"item/1","businessTime":"2026-03-02","payload":{"note":{"subject":"one"}}}' \
  '{"eventId":"e2","stream":"item/1","businessTime":"2026-03-03","payload":{"note":{"subject":"two"}}}' |
  "$gongkai" --data d append --key alice.pem >/dev/null
"$gongkai" --data d checkpoint >/dev/null
"$gongkai" --data d export --out export >/dev/null 2>&1
"$gongkai" --data d show 2 --json > entry2.json   # the registration, as the export's reader would decode it

# --- the third party ---------------------------------------------------------
# 0. Cut entries.bin into records: u32 length ‖ record ‖ entry hash (32).
offset=0
for n in 0 1 2 3 4; do
  length=$(u32 export/entries.bin "$offset")
  dd if=export/entries.bin of="entry$n.bin" bs=1 skip=$((offset + 4)) count="$length" status=none
  dd if=export/entries.bin of="stored$n.hash" bs=1 skip=$((offset + 4 + length)) count=32 status=none
  offset=$((offset + 4 + length + 32))
done
# 1. Bytes 4 and 5 name SM3 (2) and SM2 (2).
[ "$(od -An -j4 -N2 -tx1 entry3.bin | tr -d ' \n')" = "0202" ] || fail "algorithm bytes are not SM3/SM2"
# 2. The entry hash is SM3 of the record, and entry 4 links to it.
hash3=$(openssl dgst -sm3 -binary entry3.bin | od -An -v -tx1 | tr -d ' \n')
[ "$hash3" = "$(od -An -v -tx1 stored3.hash | tr -d ' \n')" ] || fail "SM3 of the record is not the stored entry hash"
[ "$(od -An -v -j24 -N32 -tx1 entry4.bin | tr -d ' \n')" = "$hash3" ] || fail "entry 4 does not link to entry 3"
# 3. Cut the record into its fields; the signature is DER (a SEQUENCE, 30 ..).
A=$(u32 entry3.bin 56)
S=$((16#$(od -An -j$((60 + A)) -N2 -tx1 entry3.bin | tr -d ' \n')))
dd if=entry3.bin of=action.bin bs=1 skip=60 count="$A" status=none
tail -c "$S" entry3.bin > signature.der
openssl asn1parse -inform DER -in signature.der | grep -q "INTEGER" || fail "the signature is not DER"
# 4. The signed message is the context "gongkai/action/v1", a zero byte, and the action.
{ printf 'gongkai/action/v1\0'; cat action.bin; } > message.bin
# 5. The signer's SM2 key as registered in entry 2 (65 bytes 04 ‖ x ‖ y, hex), in PEM.
raw=$(grep -o '"publicKey":{"algorithm":"sm2","key":"[0-9a-f]*"' entry2.json | grep -o '04[0-9a-f]\{128\}')
sm2_pem_from_hex "$raw" registered.pem
cmp -s <(openssl pkey -pubin -in registered.pem -outform DER) <(openssl pkey -pubin -in alice.pem.pub -outform DER) ||
  fail "registered key differs from alice's public key file"
# 6. Its key id (SHA-256 of the 65 raw bytes, first 16 bytes) is the one the action names.
key_id=$(openssl pkey -pubin -in registered.pem -outform DER | tail -c 65 | sha256sum | cut -c1-32)
"$gongkai" --data d show 3 --json | grep -q "\"actorKeyId\":\"$key_id\"" || fail "key id $key_id is not the actorKeyId"
# 7. The signature verifies: SM2 over SM3 with the distinguishing ID 1234567812345678.
openssl pkeyutl -verify -pubin -inkey registered.pem -rawin -digest sm3 -pkeyopt distid:1234567812345678 \
  -in message.bin -sigfile signature.der | grep -q "Signature Verified Successfully" || fail "signature"
# 8. Without the ID (OpenSSL's empty default) it does not; nor does a changed byte.
if openssl pkeyutl -verify -pubin -inkey registered.pem -rawin -digest sm3 -in message.bin \
  -sigfile signature.der >/dev/null 2>&1; then
  fail "the signature verified without the distinguishing ID"
fi
cp message.bin forged.bin
printf 'X' | dd of=forged.bin bs=1 seek=40 conv=notrunc status=none
if openssl pkeyutl -verify -pubin -inkey registered.pem -rawin -digest sm3 -pkeyopt distid:1234567812345678 \
  -in forged.bin -sigfile signature.der >/dev/null 2>&1; then
  fail "a forged message verified"
fi
# 9. The checkpoint says "hash sm3", and its root is the SM3 Merkle tree of the
#    five records (RFC 9162 with SM3): leaves SM3(00 ‖ record), nodes SM3(01 ‖ l ‖ r).
note=$(ls export/checkpoints/*.note)
grep -qx 'hash sm3' "$note" || fail "the checkpoint does not name SM3"
sm3() { openssl dgst -sm3 -binary; }
leaf() { { printf '\0'; cat "entry$1.bin"; } | sm3 > "leaf$1"; }
node() { { printf '\1'; cat "$1" "$2"; } | sm3 > "$3"; }
for n in 0 1 2 3 4; do leaf "$n"; done
node leaf0 leaf1 n01; node leaf2 leaf3 n23; node n01 n23 n03; node n03 leaf4 root
[ "$(sed -n 3p "$note")" = "$(base64 < root)" ] || fail "the SM3 Merkle root is not the checkpoint's"
# 10. The checkpoint's signature lines, both under the key name (the origin):
#     first Ed25519 (key id ‖ 64 bytes), then SM2 (key id ‖ DER), each over
#     the note's body (the text before the blank line).
awk '/^$/ { exit } { print }' "$note" > body.txt
sed -n 's|^— sm.openssl.test/1 ||p' "$note" > lines.txt
[ "$(wc -l < lines.txt)" = 2 ] || fail "the checkpoint does not carry two log signature lines"
sed -n 1p lines.txt | base64 -d | tail -c +5 > ed25519.sig
openssl pkeyutl -verify -pubin -inkey d/log-key.pub -rawin -in body.txt -sigfile ed25519.sig |
  grep -q "Signature Verified Successfully" || fail "the Ed25519 log signature"
sed -n 2p lines.txt | base64 -d > sm2line.bin
head -c 4 sm2line.bin | od -An -tx1 | tr -d ' \n' > sm2line.keyid
tail -c +5 sm2line.bin > sm2.sig
# 11. The SM2 log key is the one the manifest (and the genesis) names; its
#     key id is SHA-256(name ‖ 0a ‖ ff ‖ "gongkai/sm2-sm3" ‖ 65-byte point)[:4].
sm2_raw=$(grep -o '"sm2LogKey": *"04[0-9a-f]\{128\}"' export/manifest.json | grep -o '04[0-9a-f]\{128\}')
sm2_pem_from_hex "$sm2_raw" log-sm2.pem
cmp -s <(openssl pkey -pubin -in log-sm2.pem -outform DER) <(openssl pkey -pubin -in d/log-sm2-key.pub -outform DER) ||
  fail "the manifest's SM2 log key is not DATA/log-sm2-key.pub"
expected_id=$({ printf 'sm.openssl.test/1\n\377gongkai/sm2-sm3'; printf '%s' "$sm2_raw" | hex_to_bin; } | sha256sum | cut -c1-8)
[ "$(cat sm2line.keyid)" = "$expected_id" ] || fail "the SM2 line's key id is not $expected_id"
openssl pkeyutl -verify -pubin -inkey log-sm2.pem -rawin -digest sm3 -pkeyopt distid:1234567812345678 \
  -in body.txt -sigfile sm2.sig | grep -q "Signature Verified Successfully" || fail "the SM2 log signature"
sed 's/^sm.openssl.test\/1$/sm.openssl.test\/2/' body.txt > forged-body.txt
if openssl pkeyutl -verify -pubin -inkey log-sm2.pem -rawin -digest sm3 -pkeyopt distid:1234567812345678 \
  -in forged-body.txt -sigfile sm2.sig >/dev/null 2>&1; then
  fail "the SM2 log signature verified over another body"
fi
echo "ok: entry 3 of an SM3/SM2 export and its checkpoint's Ed25519 and SM2 lines verified with openssl alone"
