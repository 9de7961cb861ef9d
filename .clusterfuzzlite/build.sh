#!/bin/bash -eu
# Builds the fuzz targets the OSS-Fuzz way: $CC $CFLAGS for the library and the
# targets, $LIB_FUZZING_ENGINE to link, one $OUT/<target> per fuzz/<target>.c,
# with <target>_seed_corpus.zip, <target>.dict and <target>.options beside it.
# The targets load spec/ at start-up: it is copied to $OUT/spec, which the data
# directory lookup finds next to the binaries (harness/core/datadir.c).
cd "$SRC/ddbconform"
PKGS="libcjson libcurl libmicrohttpd libpcre2-8 libcrypto zlib"
INC="-D_GNU_SOURCE -Iharness -Ifuzz -DDC_VERSION=\"0.1.0\" -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION $(pkg-config --cflags $PKGS)"
LIBS="$(pkg-config --libs $PKGS) -lpthread -lm"
mkdir -p build/cflite/obj
objs=()
for src in harness/*/*.c; do
    [ "$src" = harness/cli/main.c ] && continue
    obj=build/cflite/obj/$(echo "${src#harness/}" | tr / _ | sed 's/\.c$//').o
    $CC $CFLAGS -std=c11 $INC -c "$src" -o "$obj"
    objs+=("$obj")
done
ar rcs build/cflite/libddbconform.a "${objs[@]}"
for t in json validate check sigv4 cases serve; do
    $CC $CFLAGS -std=c11 $INC -c fuzz/$t.c -o build/cflite/$t.o
    $CC $CFLAGS -std=c11 $INC -c fuzz/fuzz_util.c -o build/cflite/fuzz_util.o
    # the runner image lacks these libraries: ship them in $OUT/lib (rpath below)
    $CXX $CXXFLAGS build/cflite/$t.o build/cflite/fuzz_util.o build/cflite/libddbconform.a $LIB_FUZZING_ENGINE \
        $LIBS -Wl,-rpath,'$ORIGIN/lib' -o "$OUT/$t"
    (cd corpus/$t && zip -q -r "$OUT/${t}_seed_corpus.zip" .)
    cp fuzz/$t.dict fuzz/$t.options "$OUT/"
done
mkdir -p "$OUT/lib"
ldd "$OUT/json" | awk '/=> \// {print $3}' | grep -Ev '/(libc|libm|libdl|libpthread|librt|libstdc\+\+|libgcc_s)\.so' |
    xargs -r -I{} cp -L {} "$OUT/lib/"
rm -rf "$OUT/spec"
cp -r spec "$OUT/spec"
