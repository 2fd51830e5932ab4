#!/usr/bin/env bash
# scripts/package.sh builds motcua_<version>_<arch>.deb (cpack -G DEB) from this build: binary,
# motcua-nightly, man pages 1/5/7, bash/zsh/fish completions where Debian's shells look, example
# units and config file, copyright, shlibdeps dependencies. It installs into a fresh dpkg root,
# works there (`motcua --version`, `man -w motcua`), and removes cleanly.
. "$(dirname "$0")/lib.sh"

for tool in cpack dpkg dpkg-deb dpkg-shlibdeps fakeroot man; do
  command -v "$tool" >/dev/null || fail "$tool is missing (scripts/setup.sh installs dpkg-dev, fakeroot, file, man-db)"
done

step "scripts/package.sh OUTDIR builds the .deb from this build directory"
assert_exit 0 env MOTCUA_BUILD_DIR="$(dirname "$MOTCUA")" "$MOTCUA_SOURCE_DIR/scripts/package.sh" "$TEST_TMP/out"
deb="$OUT"
version="$("$MOTCUA" --version | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -1)"
assert_eq "$TEST_TMP/out/motcua_${version}_$(dpkg --print-architecture).deb" "$deb" "package path"

step "its contents and control fields"
files="$(dpkg-deb -c "$deb" | awk '{print $6}')"
for f in ./usr/bin/motcua ./usr/bin/motcua-nightly ./usr/share/man/man1/motcua.1 ./usr/share/man/man1/motcua-dossiers.1 \
  ./usr/share/man/man5/motcua-formats.5 ./usr/share/man/man7/motcua-deadlines.7 \
  ./usr/share/bash-completion/completions/motcua ./usr/share/zsh/vendor-completions/_motcua \
  ./usr/share/fish/vendor_completions.d/motcua.fish ./usr/share/doc/motcua/copyright \
  ./usr/share/doc/motcua/examples/motcua-nightly.service ./usr/share/doc/motcua/examples/motcua-nightly.timer \
  ./usr/share/doc/motcua/examples/motcua.toml; do
  grep -qxF "$f" <<<"$files" || fail "the package lacks $f; it has: $files"
done
assert_not_contains "$files" "site-functions" "zsh completion path"
depends="$(dpkg-deb -f "$deb" Depends)"
assert_contains "$depends" "libc6" "Depends computed by shlibdeps"
assert_contains "$depends" "libsqlite3" "Depends computed by shlibdeps"
assert_contains "$depends" "libcurl" "Depends computed by shlibdeps"

step "installs into a fresh root, works there"
R="$TEST_TMP/root"
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates"
: >"$R/var/lib/dpkg/status"
# The fresh root has no libc6 of its own: the binary runs on this machine's libraries.
assert_exit 0 dpkg --root="$R" --force-depends --force-not-root --force-script-chrootless -i "$deb"
assert_exit 0 "$R/usr/bin/motcua" --version
assert_contains "$OUT" "$version"
assert_exit 0 env MANPATH="$R/usr/share/man" man -w motcua
assert_eq "$R/usr/share/man/man1/motcua.1" "$OUT" "man -w motcua"
assert_exit 0 "$R/usr/bin/motcua-nightly" --help
assert_contains "$OUT" "[nightly]"
# The example config is one motcua reads as it is: what motcua-nightly runs comes from it.
assert_exit 0 "$R/usr/bin/motcua" --config "$R/usr/share/doc/motcua/examples/motcua.toml" config get nightly.dossiers
assert_eq "@hoso" "$OUT" "nightly.dossiers of the example config"
assert_exit 0 dpkg --root="$R" -s motcua
assert_contains "$OUT" "Status: install ok installed"

step "removes cleanly: no file of it left"
assert_exit 0 dpkg --root="$R" --force-depends --force-not-root --force-script-chrootless --purge motcua
left="$(find "$R/usr" -type f 2>/dev/null)"
assert_eq "" "$left" "files left after dpkg --purge"
assert_exit 1 dpkg --root="$R" -s motcua
echo "ok"
