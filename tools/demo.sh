#!/usr/bin/env bash
# The gongkai demo: a county office's ledger, from the first key to a
# verified log. Every step is the real command line on a real RocksDB store.
#
# usage: tools/demo.sh [PATH/TO/gongkai]   (default build/tools/gongkai)
set -euo pipefail
gongkai=$(realpath "${1:-build/tools/gongkai}")
gongkai_verify=$(dirname "$gongkai")/gongkai-verify
demo=${GONGKAI_DEMO_DIR:-gongkai-demo}
rm -rf "$demo" && mkdir -p "$demo" && cd "$demo"
# Headings in bold on a terminal only: no raw escapes in a file or a pipe.
if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
# Echoes a command line as typed, folded to fit 120 columns.
say() { printf '%s\n' "$*" | fold -s -w 112 | sed '1s/^/$ /; 2,$s/^/      /; $!s/$/\\/' >&2; }
g() { say "gongkai $*"; "$gongkai" --data data "$@"; }
# Long lines folded at spaces to fit 120 columns (a byte-counting fold at
# 112 never splits a character, and leaves room for double-width ones).
wrap() { awk '{ if (length($0) <= 112) { print; next }
  n = split($0, w, " "); line = w[1]
  for (i = 2; i <= n; i++) { if (length(line) + length(w[i]) >= 112) { print line; line = "      " w[i] } else line = line " " w[i] }
  print line }'; }
# Receipts, labelled: "SEQ ENTRY-HASH RECORDED-TIME [(duplicate…)]".
receipts() { awk '{ rest = ""; for (i = 4; i <= NF; i++) rest = rest " " $i
  printf "receipt: seq %s  hash %s…  recorded %s%s\n", $1, substr($2, 1, 16), $3, rest }'; }

step "Each person makes their own key; the private key never leaves them"
for who in admin zhang li zhao; do "$gongkai" keygen --out "$who.pem" | head -1 | sed "s/^/$who: /"; done
echo "王强 of the secrecy office signs with an SM2 key (国密: SM3 digest, ID 1234567812345678); one ledger holds both kinds:"
"$gongkai" keygen --algorithm sm2 --out wang.pem | head -1 | sed "s/^/wang: /"

step "The administrator creates the ledger (entry 0, the genesis)"
g init --origin gongkai.tianning.gov.cn/2026 --key admin.pem --person admin --name 陈管理 \
  --agency 天宁区政府办公室 --section 信息中心 --valid-from 2026-01-01

step "The administrator registers the agency, then the staff, their keys and roles"
echo "Each append prints a receipt once the entry is on disk: its sequence number, entry hash and recorded time."
echo "People and roles name agencies by id; the ledger refuses an agency it has not registered."
agency=天宁区政府办公室
g register-agency --key admin.pem --agency $agency --name 常州市天宁区人民政府办公室 --kind government \
  --jurisdiction cn-js-changzhou-tianning | receipts
g register --key admin.pem --person zhang --name 张明 --agency $agency --section 政务公开科 \
  --role handler --public-key zhang.pem.pub --valid-from 2026-01-01 | receipts
g register --key admin.pem --person li --name 李华 --agency $agency --section 政务公开科 \
  --role "sectionHead@$agency/政务公开科" --public-key li.pem.pub --valid-from 2026-01-01 | receipts
g register --key admin.pem --person wang --name 王强 --agency $agency --section 保密办 \
  --role confidentialityReviewer --public-key wang.pem.pub --valid-from 2026-01-01 | receipts
g register --key admin.pem --person zhao --name 赵丽 --agency $agency \
  --role leaderInCharge --public-key zhao.pem.pub --valid-from 2026-01-01 | receipts
echo "A role in an agency the ledger does not know (a typo, or a bureau never registered) is refused:"
g role assign zhao leaderInCharge@天宁区发改局 --key admin.pem 2>&1 || true

step "Staff sign their own actions: 75 information items, each drafted, reviewed, cleared and signed off (300 events)"
# Each event is a disclosure-domain payload (docs/EVENTS.md), signed by the
# person who acted, on the stream of its item.
for i in $(seq -w 1 75); do
  day=$(( (10#$i % 20) + 2 ))
  t="2026-03-$(printf %02d $day)"
  digest=$(printf 'item %s v1' "$i" | sha256sum | cut -c1-64)
  id="2026-00$i"
  head="\"stream\":\"item/$id\",\"payload\":{\"item\":{\"itemId\":\"$id\",\"agency\":\"$agency\""
  echo "{\"eventId\":\"item/$id#0\",\"expectedVersion\":0,\"businessTime\":\"${t}T09:00:00+08:00\",$head,\"drafted\":{\"title\":\"关于政务公开第${i}号通知\",\"category\":\"normativeDocument\",\"contentDigest\":\"$digest\",\"section\":\"政务公开科\",\"isPolicyDocument\":false}}}}" >> zhang.jsonl
  echo "{\"eventId\":\"item/$id#1\",\"expectedVersion\":1,\"businessTime\":\"${t}T11:00:00+08:00\",$head,\"sectionReviewed\":{\"decision\":\"approve\",\"comment\":\"同意\"}}}}" >> li.jsonl
  echo "{\"eventId\":\"item/$id#2\",\"expectedVersion\":2,\"businessTime\":\"${t}T14:00:00+08:00\",$head,\"confidentialityOpinion\":{\"stage\":\"confidentialityReviewer\",\"opinion\":\"disclose\"}}}}" >> wang.jsonl
  echo "{\"eventId\":\"item/$id#3\",\"expectedVersion\":3,\"businessTime\":\"${t}T16:00:00+08:00\",$head,\"signedOff\":{\"decision\":\"approve\",\"attribute\":\"proactive\"}}}}" >> zhao.jsonl
done
for who in zhang li wang zhao; do
  say "gongkai append --key $who.pem $who.jsonl   ($(wc -l < $who.jsonl) actions; the last receipt:)"
  "$gongkai" --data data append --key "$who.pem" "$who.jsonl" | tail -1 | receipts
done

step "Signing and appending are separable: sign offline, hand over the signed line"
digest=$(printf 'item %s v1' 01 | sha256sum | cut -c1-64)
echo "{\"eventId\":\"item/2026-0001#4\",\"stream\":\"item/2026-0001\",\"expectedVersion\":4,\"businessTime\":\"2026-03-25T10:00:00+08:00\",\"payload\":{\"item\":{\"itemId\":\"2026-0001\",\"agency\":\"$agency\",\"published\":{\"channel\":\"portal\",\"locator\":\"http://www.tianning.gov.cn/art/2026/3/25/art_1.html\",\"contentDigest\":\"$digest\"}}}}" > publish.json
g sign --key zhang.pem publish.json > publish.signed
echo "The signed line holds the action's canonical bytes and the signature, both in base64:"
cut -c1-100 publish.signed | sed 's/$/…/'
g append publish.signed | receipts
echo "Appending the same signed action again is idempotent: the first receipt comes back, nothing is written."
g append publish.signed | receipts

step "A retry with a stale expected version is refused, and nothing is written"
say "gongkai append --key zhang.pem -   (an amendment expecting version 2; the item is at 5)"
echo "{\"eventId\":\"item/2026-0001#late-edit\",\"stream\":\"item/2026-0001\",\"expectedVersion\":2,\"businessTime\":\"2026-03-26\",\"payload\":{\"item\":{\"itemId\":\"2026-0001\",\"agency\":\"$agency\",\"amended\":{\"contentDigest\":\"$digest\",\"reason\":\"修改\"}}}}" |
  "$gongkai" --data data append --key zhang.pem || true
echo "So is an event that breaks the catalogue (a digest of the wrong length):"
say "gongkai append --key zhang.pem -   (a publication whose contentDigest is 'abcd')"
echo "{\"eventId\":\"item/2026-0002#4\",\"stream\":\"item/2026-0002\",\"businessTime\":\"2026-03-26\",\"payload\":{\"item\":{\"itemId\":\"2026-0002\",\"agency\":\"$agency\",\"published\":{\"locator\":\"http://x\",\"contentDigest\":\"abcd\"}}}}" |
  "$gongkai" --data data append --key zhang.pem || true

step "Verify: every hash, link, signature and key, on all cores"
g verify

step "The log (first entries, then one item's history), by the time the ledger recorded each entry"
g log --to 9
g log --stream item/2026-0001

step "One entry in full: recorded time (when the ledger took it) and business time (when the act occurred)"
g show 6

step "Anyone can check an entry's hash with sha256sum alone"
say "gongkai show 6 --raw | sha256sum"
"$gongkai" --data data show 6 --raw | sha256sum
say "gongkai show 6 --json | grep -o '\"hash\":\"[0-9a-f]*\"'"
"$gongkai" --data data show 6 --json | grep -o '"hash":"[0-9a-f]*"'

step "The log signs a checkpoint; the archive, as a witness, cosigns it"
say "gongkai keygen --out archive-witness.pem   (the archive's own witness key)"
"$gongkai" keygen --out archive-witness.pem | head -1
echo "A checkpoint (a C2SP signed note) commits to the whole ledger: its origin, size and Merkle root, and the"
echo "digest of the key registry, then the log key's signature line:"
g checkpoint > checkpoint-1.note
wrap < checkpoint-1.note
witness() { say "gongkai witness --state archive-state --name archive.tianning.gov.cn/witness $*"
  "$gongkai" witness --state archive-state --key archive-witness.pem --name archive.tianning.gov.cn/witness \
    --log-key data/log-key.pub "$@"; }
witness --checkpoint checkpoint-1.note > cosigned-1.note
echo "The witness checked the log's signature, kept the size it saw, and added its own signature line:"
tail -1 cosigned-1.note | wrap
g checkpoint --add cosigned-1.note

step "More work is recorded; the witness cosigns the next checkpoint only with a consistency proof"
digest2=$(printf 'item %s v1' 02 | sha256sum | cut -c1-64)
say "gongkai append --key zhang.pem -   (item 2026-0002 published)"
echo "{\"eventId\":\"item/2026-0002#4\",\"stream\":\"item/2026-0002\",\"expectedVersion\":4,\"businessTime\":\"2026-03-26T10:00:00+08:00\",\"payload\":{\"item\":{\"itemId\":\"2026-0002\",\"agency\":\"$agency\",\"published\":{\"channel\":\"portal\",\"locator\":\"http://www.tianning.gov.cn/art/2026/3/26/art_2.html\",\"contentDigest\":\"$digest2\"}}}}" |
  "$gongkai" --data data append --key zhang.pem | receipts
g checkpoint > checkpoint-2.note
old=$(sed -n 2p checkpoint-1.note); new=$(sed -n 2p checkpoint-2.note)
g prove consistency "$old" "$new" > consistency.json
witness --checkpoint checkpoint-2.note --proof consistency.json > cosigned-2.note
echo "The witness cosigned size $new only because the proof shows the tree of $old entries is its prefix."
g checkpoint --add cosigned-2.note
echo "A rollback to the first checkpoint is refused:"
witness --checkpoint checkpoint-1.note || true

step "An auditor proves entry 6 is in the signed ledger, with nothing but the proof, the checkpoint and the log key"
g prove inclusion 6 > inclusion.json
echo "The proof (RFC 9162 audit path) names the leaf and the hashes that lead from it to the root:"
cut -c1-110 inclusion.json | sed 's/$/…/'
say "gongkai show 6 --raw > entry-6.bin"
"$gongkai" --data data show 6 --raw > entry-6.bin
say "gongkai check-proof --proof inclusion.json --checkpoint cosigned-2.note --log-key data/log-key.pub --entry entry-6.bin"
"$gongkai" check-proof --proof inclusion.json --checkpoint cosigned-2.note --log-key data/log-key.pub --entry entry-6.bin

step "Export, and verify the export offline (gongkai-verify links no database)"
g export --out export --quiet
say "gongkai-verify export --log-key data/log-key.pub --witness archive.tianning.gov.cn/witness=archive-witness.pem.pub --quorum 1"
"$gongkai_verify" export --log-key data/log-key.pub --witness archive.tianning.gov.cn/witness=archive-witness.pem.pub --quorum 1

step "One ledger, many offices: gongkai serve owns the ledger; others append and check over HTTP"
echo "The archive runs its witness as a service (C2SP tlog-witness), with the state it kept above:"
say "gongkai witness serve --state archive-state --key archive-witness.pem --name archive.tianning.gov.cn/witness --origin gongkai.tianning.gov.cn/2026 --log-key data/log-key.pub --listen 127.0.0.1:0 &"
"$gongkai" witness serve --state archive-state --key archive-witness.pem --name archive.tianning.gov.cn/witness \
  --origin gongkai.tianning.gov.cn/2026 --log-key data/log-key.pub --listen 127.0.0.1:0 > witness.out &
witness_server=$!
for _ in $(seq 50); do [ -s witness.out ] && break; sleep 0.1; done
head -1 witness.out
witness_url=$(sed -n 's/.*at \(http:[^ ]*\)\/add-checkpoint.*/\1/p' witness.out)
echo "The witness policy (C2SP tlog-policy) names who must cosign before a checkpoint is published:"
{ echo "# 天宁区: the archive must cosign"
  echo "witness 档案馆 $("$gongkai" vkey --name archive.tianning.gov.cn/witness --public archive-witness.pem.pub --witness) $witness_url"
  echo "quorum 档案馆"; } > witness-policy.txt
wrap < witness-policy.txt
say "gongkai --data data serve --listen 127.0.0.1:0 --witness-policy witness-policy.txt &"
"$gongkai" --data data serve --listen 127.0.0.1:0 --checkpoint-seconds 1 --witness-policy witness-policy.txt > serve.out &
server=$!
for _ in $(seq 50); do [ -s serve.out ] && break; sleep 0.1; done
head -1 serve.out
url=$(sed -n 's/.*at \(http:[^ ]*\) .*/\1/p' serve.out)
echo "A handler at her own desk signs an action and appends it to the server (the key never leaves her):"
item100='{"eventId":"item/2026-0100#0","stream":"item/2026-0100","expectedVersion":0,"businessTime":"2026-03-27T09:00:00+08:00",'
item100+="\"payload\":{\"item\":{\"itemId\":\"2026-0100\",\"agency\":\"$agency\",\"drafted\":{\"title\":\"关于政务公开第100号通知\","
item100+="\"category\":\"normativeDocument\",\"contentDigest\":\"$digest\",\"section\":\"政务公开科\",\"isPolicyDocument\":false}}}}"
say "gongkai --server $url append --key zhang.pem --origin gongkai.tianning.gov.cn/2026 -   (item 2026-0100 drafted)"
echo "$item100" | "$gongkai" --server "$url" append --key zhang.pem --origin gongkai.tianning.gov.cn/2026 | receipts
entries=$("$gongkai" --data data stats | sed -n 's/^entries *\([0-9]*\).*/\1/p')
for _ in $(seq 50); do  # until the witness has cosigned a checkpoint of every entry
  "$gongkai" --server "$url" verify --log-key data/log-key.pub --witness-policy witness-policy.txt > remote-verify.out 2>&1 &&
    grep -q "at $entries entries" remote-verify.out && break
  sleep 0.2
done
echo "The server pushed each new checkpoint to the archive's witness with a consistency proof from the size it held,"
echo "and publishes only what the policy's quorum cosigned. An auditor elsewhere checks the served checkpoint with the"
echo "log key and the policy, and rebuilds its root from the tiles alone:"
say "gongkai --server $url verify --log-key data/log-key.pub --witness-policy witness-policy.txt"
cat remote-verify.out
echo "Her section head asks the server where the item stands; the request is signed with his own registered key:"
say "gongkai --server $url --identity li.pem item 2026-0100"
"$gongkai" --server "$url" --identity li.pem item 2026-0100 | head -4
echo "Reads are authorised by the roles held now: every agency's findings are for supervision, assessors, archives, auditors:"
say "gongkai --server $url --identity zhang.pem findings"
"$gongkai" --server "$url" --identity zhang.pem findings 2>&1 || true
kill -TERM "$server" "$witness_server"
wait "$server" "$witness_server"
echo "Every signed read was recorded first, hash-chained, in data/access-log.jsonl; discipline staff ask who looked:"
g access-log --about item/2026-0100

step "Statistics"
g stats

step "The working-day calendar and the rule sets (no ledger needed)"
echo "An application received the Friday before National Day 2019 is due 15 working days later under the 2007 rules,"
echo "20 under the 2019 revision (in force for applications received from 2019-05-15):"
nodata() { say "gongkai $*"; "$gongkai" "$@"; }
nodata calendar is-workday 2019-10-01
nodata deadline reply-application 2019-05-14 | wrap
nodata deadline reply-application 2019-09-27 | wrap
nodata deadline reply-application 2019-09-27 --extended --paused 5 | wrap
echo "The shipped calendar ends with 2026; an application received in December runs into 2027, whose holidays are"
echo "not yet published: it is counted Monday to Friday and marked provisional until an administrator publishes 2027:"
nodata deadline reply-application 2026-12-07 | wrap
nodata rules list | awk '{ printf "%-35s %-11s %s\n", $1, $2, $3 }'
echo "(each set's jurisdiction and title: gongkai rules show ID)"
echo "A local book written under the 2007 regulation and still in force (中卫市科技局, 2018) is read over the 2019"
echo "one from 2019-05-15: its restated 15 working days yield to the 20 the regulation owes the applicant, its own"
echo "stricter rules stand (the interpretation within 3 days):"
nodata deadline reply-application 2019-05-14 --rules 004-zhongwei-science | wrap
nodata deadline reply-application 2019-05-15 --rules 004-zhongwei-science+national-2019 | wrap
nodata deadline policy-interpretation 2019-05-15 --rules 004-zhongwei-science+national-2019 | wrap
echo "The calendar and a rule set are recorded in the ledger, so a replay years later uses the same ones:"
g calendar publish --key admin.pem | receipts
g rules publish national-2019 --key admin.pem | receipts

step "A simulated county-year: 6 departments, ~40,000 signed events, violations injected with their ground truth"
say "gongkai --data county simulate --seed 2025 --agencies 6 --events 40000 --year 2025"
"$gongkai" --data county simulate --seed 2025 --agencies 6 --events 40000 --year 2025
truth=county/ground-truth.jsonl
echo "Injected violations by kind (from $truth, one JSON line each):"
grep -o '"kind":"[a-z-]*"' "$truth" | sort | uniq -c | sort -rn
late=$(grep -m1 '"kind":"late-reply"' "$truth" || grep -m1 '"approval":"collective"' "$truth")
subject=$(echo "$late" | sed 's/.*"subject":"\([^"]*\)".*/\1/')
echo
echo "One of them, as the manifest records it:"
echo "$late" | sed 's/^ *//' | fold -w 118
echo
say "gongkai --data county log --stream $subject"
"$gongkai" --data county log --stream "$subject"
last=$(echo "$late" | sed 's/.*"evidence":\[\([0-9,"]*\)\].*/\1/' | tr -d '"' | tr ',' '\n' | tail -1)
say "gongkai --data county show $last   (the violating act, signed by the person who did it)"
"$gongkai" --data county show "$last" | grep -v '^  signature'
g_county() { say "gongkai --data county $*"; "$gongkai" --data county "$@"; }
g_county verify

step "Where it stands as of the year's end: its deadlines, its steps, and what else is overdue"
g_county project
if [ "${subject%%/*}" = case ]; then
  g_county case "$subject"
  g_county timeline --case "$subject"
else
  g_county item "$subject"
  g_county timeline --item "$subject"
fi
g_county overdue --as-of 2025-12-31 | sed -n 1,6p

step "The annual report and the assessment, and the record as it stood on 30 June"
g_county report --agency a01 --year 2025 > report.txt
sed -n '1,/^三、/p' report.txt
echo "  (the rows of section 三 that are not all zero)"
sed -n '/^三、/,/^四、政府信息公开行政复议/p' report.txt | awk '/^  \[/ || ($1 ~ /^[0-9]+$/ && $7 != 0)'
g_county score --year 2025 --agency a01
g_county replay --as-of 2025-06-30 --quiet
g_county findings --as-of 2025-06-30 | sed -n 1p

step "Who approved it, and who is responsible: rebuilt from the signed events alone"
g_county who-approved "$subject"
kind=$(echo "$late" | sed 's/.*"kind":"\([^"]*\)".*/\1/')
g_county findings --kind "$kind" | sed -n 1,6p
echo "(a finding's id is KIND@SUBJECT)"
finding=$("$gongkai" --data county findings --json --kind "$kind" | grep "\"subject\":\"$subject\"" | sed -n 1p |
  sed 's/^{"id":"\([^"]*\)".*/\1/')
g_county responsibility "$finding"
