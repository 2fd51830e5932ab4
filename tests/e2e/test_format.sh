#!/usr/bin/env bash
# The C++ sources keep the layout of .clang-format (clang-format-14, Debian 12): a change that is
# not formatted fails here, so the tree never drifts back into mixed styles. Fix with
#   clang-format-14 -i FILE...
. "$(dirname "$0")/lib.sh"

command -v clang-format-14 >/dev/null || fail "clang-format-14 is missing (scripts/setup.sh installs it)"
cd "$MOTCUA_SOURCE_DIR"
mapfile -t files < <(find cmd lib tests bench -name '*.cpp' -o -name '*.hpp' | sort)
[[ ${#files[@]} -gt 100 ]] || fail "found only ${#files[@]} C++ files under $MOTCUA_SOURCE_DIR"

step "every C++ file is formatted (${#files[@]} files)"
if ! clang-format-14 --dry-run -Werror "${files[@]}" 2>"$TEST_TMP/format.log"; then
  grep -o '^[^:]*\.[ch]pp' "$TEST_TMP/format.log" | sort -u | sed 's/^/  not formatted: /' >&2
  fail "run clang-format-14 -i on the files above"
fi

step "an unformatted file is caught (the check can fail)"
printf 'int  f( ){return 1;}\n' >"$TEST_TMP/bad.cpp"
cp .clang-format "$TEST_TMP/"
if clang-format-14 --dry-run -Werror "$TEST_TMP/bad.cpp" 2>/dev/null; then fail "clang-format accepted a badly laid out file"; fi
