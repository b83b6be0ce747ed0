#!/usr/bin/env bash
# The aether-sign command-line contract: round trips, libsodium-independent
# known answers (RFC 8032 test 1), and bad input (exit 2 with a message, never
# a crash). Prints [OK]/[FAIL] aether-sign:NAME lines.
set -u
TOOL=$(realpath "$1")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2
fails=0

ok() { echo "[OK] aether-sign:$1"; }
fail() {
	echo "[FAIL] aether-sign:$1: $2"
	fails=$((fails + 1))
}

# expect NAME STATUS [STDERR_PATTERN] -- command...
expect() {
	local name=$1 want=$2 pattern=$3
	shift 4
	"$TOOL" "$@" >out.txt 2>err.txt
	local got=$?
	if ((got != want)); then
		fail "$name" "exit $got, expected $want ($(head -c 200 err.txt))"
		return
	fi
	if ((got >= 128)); then
		fail "$name" "killed by a signal"
		return
	fi
	if [[ -n $pattern ]] && ! grep -q -- "$pattern" err.txt; then
		fail "$name" "stderr lacks '$pattern': $(head -c 200 err.txt)"
		return
	fi
	ok "$name"
}

printf 'hello, AetherOS\n' >msg
: >empty

expect keygen 0 "" -- keygen sk pk
[[ $(stat -c %s sk) == 32 && $(stat -c %s pk) == 32 ]] && ok key_sizes || fail key_sizes "sizes $(stat -c %s sk) $(stat -c %s pk)"
[[ $(stat -c %a sk) == 600 ]] && ok secret_mode_0600 || fail secret_mode_0600 "mode $(stat -c %a sk)"
expect pubkey 0 "" -- pubkey sk pk2
cmp -s pk pk2 && ok pubkey_matches_keygen || fail pubkey_matches_keygen "public keys differ"
expect sign 0 "" -- sign sk msg sig
[[ $(stat -c %s sig) == 64 ]] && ok sig_size || fail sig_size "size $(stat -c %s sig)"
expect verify_valid 0 "" -- verify pk msg sig
expect sign_empty_message 0 "" -- sign sk empty sig0
expect verify_empty_message 0 "" -- verify pk empty sig0
printf 'hello, AetherOS!\n' >msg2
expect verify_other_message 1 "INVALID" -- verify pk msg2 sig
cp sig sigbad && printf '\x01' | dd of=sigbad bs=1 seek=10 conv=notrunc status=none
expect verify_modified_sig 1 "INVALID" -- verify pk msg sigbad
"$TOOL" keygen sk3 pk3 2>/dev/null
expect verify_other_key 1 "INVALID" -- verify pk3 msg sig
cmp -s sk sk3 && fail keygen_random "two keygens gave the same seed" || ok keygen_random

# RFC 8032 7.1 test 2: seed, public key and signature of the one-byte message 0x72.
printf '%s' 4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb | xxd -r -p >rfc.sk
printf '\x72' >rfc.msg
expect rfc8032_pubkey 0 "" -- pubkey rfc.sk rfc.pk
[[ $(xxd -p -c 64 rfc.pk) == 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c ]] &&
	ok rfc8032_pubkey_value || fail rfc8032_pubkey_value "got $(xxd -p -c 64 rfc.pk)"
expect rfc8032_sign 0 "" -- sign rfc.sk rfc.msg rfc.sig
[[ $(xxd -p -c 128 rfc.sig) == 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00 ]] &&
	ok rfc8032_sig_value || fail rfc8032_sig_value "got $(xxd -p -c 128 rfc.sig)"

# Bad input: exit 2 and a message.
head -c 31 sk >sk31
head -c 33 /dev/zero >sk33
head -c 63 sig >sig63
{ cat sig; printf '\0'; } >sig65
head -c 16 pk >pk16
expect usage_no_args 2 "usage" --
expect usage_unknown_command 2 "usage" -- frobnicate a b
expect usage_too_few 2 "usage" -- sign sk msg
expect usage_too_many 2 "usage" -- verify pk msg sig extra
expect secret_too_short 2 "exactly 32 bytes" -- sign sk31 msg out.sig
expect secret_too_long 2 "exactly 32 bytes" -- pubkey sk33 out.pk
expect secret_empty 2 "exactly 32 bytes" -- sign empty msg out.sig
expect public_too_short 2 "exactly 32 bytes" -- verify pk16 msg sig
expect sig_too_short 2 "exactly 64 bytes" -- verify pk msg sig63
expect sig_too_long 2 "exactly 64 bytes" -- verify pk msg sig65
expect sig_empty 2 "exactly 64 bytes" -- verify pk msg empty
expect missing_secret 2 "No such file" -- sign nonexistent msg out.sig
expect missing_message 2 "No such file" -- sign sk nonexistent out.sig
expect missing_public 2 "No such file" -- verify nonexistent msg sig
expect missing_sig 2 "No such file" -- verify pk msg nonexistent
expect message_is_directory 2 "" -- sign sk . out.sig
expect output_unwritable 2 "" -- keygen nodir/sk nodir/pk
if [[ $(id -u) != 0 ]]; then
	cp sk unreadable && chmod 000 unreadable
	expect unreadable_secret 2 "Permission denied" -- sign unreadable msg out.sig
fi

((fails == 0))
