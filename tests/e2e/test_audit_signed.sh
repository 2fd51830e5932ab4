#!/usr/bin/env bash
# Signed snapshots (issue 15 §3): `audit keygen` writes a minisign key pair, `audit deadlines
# --sign` writes MANIFEST.sha256.minisig, and both directions interoperate with minisign itself:
# a motcua signature verifies with `minisign -Vm`, a `minisign -G` key signs through motcua. A
# one-byte change to any file or to the signature fails `audit verify --pubkey` and minisign/sha256sum.
. "$(dirname "$0")/lib.sh"

command -v minisign >/dev/null || fail "minisign is not installed (scripts/setup.sh installs it)"
D="$TEST_TMP/data"
K="$TEST_TMP/keys"
mkdir -p "$D" "$K"
cat >"$D/cat.json" <<'JSON'
[{"code": "P1", "name": "Một", "processing_time": 5}]
JSON
echo '{"code":"D1","procedure_code":"P1","channel":"direct","status":"received","received_at":"2018-03-05T08:00"}' >"$D/d.ndjson"
assert_exit 0 motcua catalog import "$D/cat.json" --as-of 2018-01-01 -q
assert_exit 0 motcua dossiers migrate "$D/d.ndjson" -q
printf 'mật khẩu dài\n' >"$K/pw"
printf 'wrong\n' >"$K/bad-pw"

step "audit keygen: KEY (0600, encrypted) and KEY.pub; the password is never needed on argv"
assert_exit 0 motcua audit keygen --out "$K/motcua.key" --password-file "$K/pw"
assert_file_mode 600 "$K/motcua.key"
assert_contains "$(head -1 "$K/motcua.key")" "untrusted comment: minisign encrypted secret key" "secret key"
assert_contains "$(sed -n 2p "$K/motcua.key")" "RWRTY0Iy" "Ed + scrypt + BLAKE2b header"
assert_contains "$(head -1 "$K/motcua.key.pub")" "minisign public key" "public key"
assert_contains "$OUT" "key $(head -1 "$K/motcua.key.pub" | awk '{print $NF}')" "key ID printed"
before=$(sha256sum "$K/motcua.key")
assert_exit 2 motcua audit keygen --out "$K/motcua.key" --password-file "$K/pw"
assert_contains "$ERR" "already exists" "existing key"
assert_eq "$before" "$(sha256sum "$K/motcua.key")" "existing key untouched"
assert_exit 2 setsid -w "$MOTCUA" audit keygen --out "$K/tty.key"
assert_contains "$ERR" "--password-file" "no terminal, no password file"
assert_no_file "$K/tty.key"

step "motcua signs; minisign -Vm and audit verify --pubkey accept it; the comment names org and instant"
assert_exit 0 motcua audit deadlines --as-of 2018-06-01 --snapshot "$TEST_TMP/snap" --sign "$K/motcua.key" \
  --password-file "$K/pw" --org "Sở Nội vụ tỉnh Thử" -q
assert_file_exists "$TEST_TMP/snap/MANIFEST.sha256.minisig"
assert_exit 0 minisign -Vm "$TEST_TMP/snap/MANIFEST.sha256" -p "$K/motcua.key.pub"
assert_contains "$OUT" "organisation:Sở Nội vụ tỉnh Thử" "minisign trusted comment"
assert_contains "$OUT" "as_of:2018-06-01T23:59:59+07:00" "minisign trusted comment"
(cd "$TEST_TMP/snap" && sha256sum -c --quiet MANIFEST.sha256) || fail "sha256sum -c"
assert_exit 0 motcua audit verify "$TEST_TMP/snap" --pubkey "$K/motcua.key.pub"
assert_contains "$OUT" "signature: good" "verify"
assert_exit 0 motcua audit verify "$TEST_TMP/snap" --pubkey "$(sed -n 2p "$K/motcua.key.pub")"
assert_exit 0 motcua --format json audit verify "$TEST_TMP/snap" --pubkey "$K/motcua.key.pub"
jq_eq "$OUT" '.signature' '"good"'
assert_exit 0 motcua audit verify "$TEST_TMP/snap"
assert_contains "$ERR" "is signed; give --pubkey" "unsigned check says so"

step "a wrong password: exit 4 before anything is written"
assert_exit 4 motcua audit deadlines --as-of 2018-06-01 --snapshot "$TEST_TMP/nosnap" --sign "$K/motcua.key" \
  --password-file "$K/bad-pw" -q
assert_contains "$ERR" "wrong password" "wrong password"
assert_no_file "$TEST_TMP/nosnap"
assert_exit 2 motcua audit deadlines --as-of 2018-06-01 --sign "$K/motcua.key" --password-file "$K/pw"

step "a key made by minisign -G (password on stdin) signs through motcua"
printf 'khóa minisign\nkhóa minisign\n' | minisign -G -p "$K/mini.pub" -s "$K/mini.key" >/dev/null 2>&1 ||
  fail "minisign -G"
printf 'khóa minisign\n' >"$K/mini-pw"
assert_exit 0 motcua audit deadlines --as-of 2018-06-01 --snapshot "$TEST_TMP/mini" --sign "$K/mini.key" \
  --password-file "$K/mini-pw" -q
assert_exit 0 minisign -Vm "$TEST_TMP/mini/MANIFEST.sha256" -p "$K/mini.pub"
assert_exit 0 motcua audit verify "$TEST_TMP/mini" --pubkey "$K/mini.pub"
step "determinism: same cache and parameters, same bytes (an unsigned run differs only by the signature)"
assert_exit 0 motcua audit deadlines --as-of 2018-06-01 --snapshot "$TEST_TMP/plain" -q
for f in dossiers.csv findings.csv params.json report.html summary.csv summary.json MANIFEST.sha256; do
  cmp -s "$TEST_TMP/mini/$f" "$TEST_TMP/plain/$f" || fail "$f differs between a signed and an unsigned run"
done
assert_no_file "$TEST_TMP/plain/MANIFEST.sha256.minisig"

step "the wrong public key: exit 4 naming both key IDs"
assert_exit 4 motcua audit verify "$TEST_TMP/mini" --pubkey "$K/motcua.key.pub"
assert_contains "$ERR" "$(head -1 "$K/motcua.key.pub" | awk '{print $NF}')" "key ID"
assert_exit 4 motcua audit verify "$TEST_TMP/plain" --pubkey "$K/mini.pub"
assert_contains "$ERR" "not signed" "unsigned snapshot with --pubkey"

step "a one-byte change to any file or to the signature fails both motcua and minisign/sha256sum"
minisign -G -W -p "$K/fast.pub" -s "$K/fast.key" >/dev/null 2>&1 || fail "minisign -G -W"
assert_exit 0 motcua audit deadlines --as-of 2018-06-01 --snapshot "$TEST_TMP/fast" --sign "$K/fast.key" -q
assert_exit 0 motcua audit verify "$TEST_TMP/fast" --pubkey "$K/fast.pub"
# flip DIR FILE: change one byte in the middle of FILE (a letter or digit becomes another).
flip() {
  local f="$1/$2" n
  n=$(($(stat -c %s "$f") / 2))
  python3 - "$f" "$n" <<'PY'
import sys
p, n = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, 'rb').read())
while not chr(b[n]).isalnum(): n += 1
b[n] = ord('A') if b[n] != ord('A') else ord('B')
open(p, 'wb').write(bytes(b))
PY
}
for f in dossiers.csv findings.csv params.json report.html summary.csv summary.json MANIFEST.sha256 MANIFEST.sha256.minisig; do
  rm -rf "$TEST_TMP/t"
  cp -a "$TEST_TMP/fast" "$TEST_TMP/t"
  flip "$TEST_TMP/t" "$f"
  assert_exit 4 motcua audit verify "$TEST_TMP/t" --pubkey "$K/fast.pub"
  ok=1
  (cd "$TEST_TMP/t" && sha256sum -c --quiet MANIFEST.sha256 >/dev/null 2>&1) &&
    minisign -Vm "$TEST_TMP/t/MANIFEST.sha256" -p "$K/fast.pub" >/dev/null 2>&1 || ok=0
  assert_eq 0 "$ok" "minisign + sha256sum -c after changing $f"
done
step "a changed file with a regenerated manifest: integrity passes, the signature does not"
rm -rf "$TEST_TMP/t"
cp -a "$TEST_TMP/fast" "$TEST_TMP/t"
flip "$TEST_TMP/t" dossiers.csv
(cd "$TEST_TMP/t" && sha256sum dossiers.csv findings.csv params.json report.html summary.csv summary.json >MANIFEST.sha256)
assert_exit 0 motcua audit verify "$TEST_TMP/t"
assert_exit 4 motcua audit verify "$TEST_TMP/t" --pubkey "$K/fast.pub"
assert_contains "$ERR" "does not match the signed file" "regenerated manifest"
assert_contains "$OUT" "signature: bad" "regenerated manifest"
assert_exit 1 minisign -Vm "$TEST_TMP/t/MANIFEST.sha256" -p "$K/fast.pub"
echo "ok"
