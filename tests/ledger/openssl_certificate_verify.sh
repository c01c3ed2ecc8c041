#!/usr/bin/env bash
# SM2 certificates as a government CA issues them, made here with the
# openssl command line (SM2 with SM3, distinguishing ID 1234567812345678):
# registered with `register --certificate` in a ledger whose
# DATA/ca-roots.pem holds the CA, one the same CA signed with another ID
# refused; then a third party's check of the registered certificate with
# openssl and coreutils alone, as docs/FORMAT.md §8 describes: its key is the
# registered key, and its chain and validity hold at the registration's
# recorded time with the ID set.
#
# usage: openssl_certificate_verify.sh PATH/TO/gongkai
gongkai=$1
source "$(dirname "${BASH_SOURCE[0]}")/../support/openssl_script.sh"
id=distid:1234567812345678
other_id=distid:0000000000000000   # explicit, so the test does not lean on OpenSSL's default ID

# --- the CA's side --------------------------------------------------------------
openssl genpkey -algorithm SM2 -out ca.key
openssl req -new -x509 -key ca.key -sm3 -sigopt "$id" -subj "/CN=Test SM2 CA" -days 3650 -out ca.pem 2>/dev/null
openssl genpkey -algorithm SM2 -out carol.key
openssl req -new -key carol.key -sm3 -sigopt "$id" -subj "/CN=carol" -out carol.csr
openssl x509 -req -in carol.csr -CA ca.pem -CAkey ca.key -sm3 -sigopt "$id" -vfyopt "$id" -days 365 \
  -out carol.pem 2>/dev/null
openssl req -new -key carol.key -sm3 -sigopt "$other_id" -subj "/CN=carol, another ID" -out other-id.csr
openssl x509 -req -in other-id.csr -CA ca.pem -CAkey ca.key -sm3 -sigopt "$other_id" -vfyopt "$other_id" -days 365 \
  -out other-id.pem 2>/dev/null

# --- the operator's side --------------------------------------------------------
"$gongkai" keygen --out admin.pem >/dev/null
"$gongkai" --data d init --origin cert.openssl.test/1 --key admin.pem --person admin --name A --agency X \
  --valid-from 2026-01-01 >/dev/null
cp ca.pem d/ca-roots.pem
"$gongkai" --data d register-agency --key admin.pem --agency X --name 天宁区政府办公室 --kind government \
  --jurisdiction cn-js-changzhou-tianning >/dev/null
"$gongkai" --data d register --key admin.pem --person carol --name C --agency X --role handler \
  --certificate carol.pem >/dev/null
if refused=$("$gongkai" --data d register --key admin.pem --person dave --name D --agency X --role handler \
  --certificate other-id.pem 2>&1); then
  fail "a certificate signed with another ID was registered"
fi
grep -q "does not chain to a CA root configured for this ledger" <<<"$refused" || fail "refused for another reason: $refused"
printf '%s\n' '{"eventId":"c1","stream":"item/1","businessTime":"2026-03-02","payload":{"note":{"subject":"one"}}}' |
  "$gongkai" --data d append --key carol.key >/dev/null || fail "carol cannot sign with the key her certificate is for"
"$gongkai" --data d show 2 --json > registration.json

# --- the third party ------------------------------------------------------------
# 1. The certificate (DER, hex in publicKey.certificate) and the registration's recorded time.
grep -o '"certificate":"[0-9a-f]*"' registration.json | cut -d'"' -f4 | hex_to_bin > cert.der
openssl x509 -inform DER -in cert.der -out cert.pem
at=$(date -d "$(grep -o '"recorded":"[^"]*"' registration.json | cut -d'"' -f4)" +%s)
# 2. Its subject key is the registered SM2 key (the 65-byte point 04 ‖ x ‖ y).
registered=$(grep -o '"publicKey":{"algorithm":"sm2","key":"[0-9a-f]*"' registration.json | grep -o '04[0-9a-f]\{128\}')
in_cert=$(openssl x509 -in cert.pem -pubkey -noout | openssl pkey -pubin -outform DER | tail -c 65 | od -An -v -tx1 |
  tr -d ' \n')
[ "$in_cert" = "$registered" ] || fail "the certificate is for another key than the registered one"
# 3. Chain and validity at the recorded time, against the ledger's CA roots,
#    with the ID set (OpenSSL 3.0 verifies SM2 certificate signatures with
#    an empty ID unless -vfyopt names one); with another ID it fails.
openssl verify -vfyopt "$id" -CAfile ca.pem -attime "$at" cert.pem | grep -q ': OK$' || fail "the chain does not verify"
if openssl verify -vfyopt "$other_id" -CAfile ca.pem -attime "$at" cert.pem >/dev/null 2>&1; then
  fail "the certificate verified with another ID"
fi
not_after=$(date -d "$(openssl x509 -in cert.pem -enddate -noout | cut -d= -f2)" +%s)
if openssl verify -vfyopt "$id" -CAfile ca.pem -attime $((not_after + 1)) cert.pem >/dev/null 2>&1; then
  fail "the certificate verified after its notAfter"
fi
echo "ok: an openssl-made SM2 certificate registered, and checked with openssl alone"
