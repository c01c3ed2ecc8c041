#!/usr/bin/env bash
# A third party checks a signed checkpoint and an inclusion proof with the
# openssl command line and coreutils only, as docs/FORMAT.md ("Checking a
# checkpoint and a proof with standard tools") describes. gongkai is used
# only to make the ledger and hand over the checkpoint, proof and record.
#
# usage: openssl_proof.sh PATH/TO/gongkai
gongkai=$1
source "$(dirname "${BASH_SOURCE[0]}")/../support/openssl_script.sh"
sha256_bin() { openssl dgst -sha256 -binary; }

# --- the ledger (operator side) ---------------------------------------------
"$gongkai" keygen --out admin.pem >/dev/null
"$gongkai" --data d init --origin proof.test/1 --key admin.pem --person admin --name A --agency X \
  --valid-from 2026-01-01 >/dev/null
for i in $(seq 1 12); do
  echo "{\"eventId\":\"e$i\",\"stream\":\"s\",\"businessTime\":\"2026-03-02\",\"payload\":{\"note\":{\"subject\":\"n$i\"}}}"
done | "$gongkai" --data d append --key admin.pem >/dev/null
"$gongkai" --data d checkpoint > checkpoint.note
"$gongkai" --data d prove inclusion 6 > proof.json
"$gongkai" --data d show 6 --raw > entry6.bin
cp d/log-key.pub log-key.pub

# --- the third party -----------------------------------------------------------
# 1. Split the note: the body is everything before the blank line.
body_lines=$(awk '/^$/{exit} {n++} END{print n}' checkpoint.note)
head -n "$body_lines" checkpoint.note > body.txt
origin=$(sed -n 1p body.txt); size=$(sed -n 2p body.txt); root_b64=$(sed -n 3p body.txt)
# 2. The log's signature line: "— <origin> base64(key id (4) ‖ signature (64))".
sig_b64=$(grep "^— $origin " checkpoint.note | head -1 | awk '{print $3}')
printf '%s' "$sig_b64" | openssl base64 -d -A > sigblob.bin
[ "$(stat -c %s sigblob.bin)" -eq 68 ] || fail "signature blob length"
tail -c 64 sigblob.bin > signature.bin
# 3. Its key id is SHA-256(origin ‖ "\n" ‖ 0x01 ‖ raw public key)[:4].
openssl pkey -pubin -in log-key.pub -outform DER | tail -c 32 > log-raw.bin
key_id=$({ printf '%s\n\001' "$origin"; cat log-raw.bin; } | sha256_bin | head -c 4 | od -An -tx1 | tr -d ' \n')
[ "$key_id" = "$(head -c 4 sigblob.bin | od -An -tx1 | tr -d ' \n')" ] || fail "key id"
# 4. The signature is Ed25519 over the body bytes.
openssl pkeyutl -verify -pubin -inkey log-key.pub -rawin -in body.txt -sigfile signature.bin |
  grep -q "Signature Verified Successfully" || fail "checkpoint signature"
# 5. The leaf hash of entry 6: SHA-256(0x00 ‖ record).
index=$(grep -o '"index":"[0-9]*"' proof.json | grep -o '[0-9]*')
[ "$(grep -o '"size":"[0-9]*"' proof.json | grep -o '[0-9]*')" = "$size" ] || fail "proof size"
{ printf '\000'; cat entry6.bin; } | sha256_bin > r.bin
# 6. Fold the audit path (RFC 9162 section 2.1.3.2).
fn=$index; sn=$((size - 1))
for p in $(grep -o '"proof":\[[^]]*\]' proof.json | sed 's/^"proof"://' | grep -o '"[A-Za-z0-9+/=]*"' | tr -d '"'); do
  [ "$sn" -gt 0 ] || fail "proof too long"
  printf '%s' "$p" | openssl base64 -d -A > p.bin
  if [ $((fn & 1)) -eq 1 ] || [ "$fn" -eq "$sn" ]; then
    { printf '\001'; cat p.bin r.bin; } | sha256_bin > r2.bin
    while [ $((fn & 1)) -eq 0 ] && [ "$fn" -ne 0 ]; do fn=$((fn >> 1)); sn=$((sn >> 1)); done
  else
    { printf '\001'; cat r.bin p.bin; } | sha256_bin > r2.bin
  fi
  mv r2.bin r.bin
  fn=$((fn >> 1)); sn=$((sn >> 1))
done
[ "$sn" -eq 0 ] || fail "proof too short"
[ "$(openssl base64 -A < r.bin)" = "$root_b64" ] || fail "the proof does not lead to the signed root"
echo "ok: entry $index is in '$origin' at size $size, checked with openssl alone"
