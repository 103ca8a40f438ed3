# reentry: build, test and install. GNU make, pkg-config.
#
#   make            build build/reentry
#   make run        install missing packages, build, start on the bundled checklist
#   make check      install missing packages, check layers and formatting, build, run every test
#   make layers     includes only look down the layer order (scripts/layers.sh)
#   make format     clang-format every C source and header in place
#   make format-check  list the files make format would change
#   make asan       the whole test suite under AddressSanitizer + UBSan
#   make fuzz       build the libFuzzer targets and run each for FUZZ_SECONDS
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean

VERSION    := 0.1.0
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
DATADIR    ?= $(PREFIX)/share/reentry
MANDIR     ?= $(PREFIX)/share/man
BUILD      ?= build
CC         ?= cc
PKG_CONFIG ?= pkg-config

# Libraries the model layers use, and the UI's on top.
LIB_PKGS   := yaml-0.1 libclamav libcrypto zlib liblzma libzstd liblz4 sqlite3 libarchive libpsl icu-uc icu-i18n
UI_PKGS    := ncursesw libqrencode

# Windows registry hives, read offline (sys/winreg.c).
LIB_PKGS   += hivex

# The fleet database's PostgreSQL dialect (fleet/db.c).
LIB_PKGS   += libpq

# Libraries opened with dlopen() on first use, not linked (util/dlib.h): loading
# them and the dozens they bring was half the CPU time from start to the first
# screen, which needs none of them. Their headers are still used (pkg-config
# --cflags through LIB_PKGS); each module opens the library by its run-time
# name (SONAME), read here from the development package's libNAME.so, and
# names the Debian package that installs it in its error message. glibc 2.34
# and later have dlopen() in libc itself: no -ldl.
DL_PKGS    := libclamav libarchive icu-uc icu-i18n libpq
LINK_PKGS  := $(filter-out $(DL_PKGS),$(LIB_PKGS))
dl_libdir   = $(shell $(PKG_CONFIG) --variable=libdir $(1) 2>/dev/null)
dl_soname   = $(shell objdump -p "$(call dl_libdir,$(1))/$(2).so" 2>/dev/null | \
                awk '$$1 == "SONAME" { print $$2 }')
dl_package  = $(shell dpkg-query -S "$(call dl_libdir,$(1))/$(2)" 2>/dev/null | sed -n '1s/:.*//p')
SONAME_CLAMAV  := $(call dl_soname,libclamav,libclamav)
SONAME_ARCHIVE := $(call dl_soname,libarchive,libarchive)
SONAME_ICUUC   := $(call dl_soname,icu-uc,libicuuc)
SONAME_ICUI18N := $(call dl_soname,icu-i18n,libicui18n)
SONAME_PQ      := $(call dl_soname,libpq,libpq)
# an empty name leaves its macro undefined, and the module's #error says which
dl_def      = $(if $(2),-DREENTRY_SONAME_$(1)='"$(2)"' \
                -DREENTRY_PACKAGE_$(1)='"$(call dl_package,$(3),$(2))"')
DL_DEFS    := $(call dl_def,CLAMAV,$(SONAME_CLAMAV),libclamav) \
              $(call dl_def,ARCHIVE,$(SONAME_ARCHIVE),libarchive) \
              $(call dl_def,ICUUC,$(SONAME_ICUUC),icu-uc) \
              $(call dl_def,ICUI18N,$(SONAME_ICUI18N),icu-i18n) \
              $(call dl_def,PQ,$(SONAME_PQ),libpq)

CFLAGS     ?= -O2 -g
WARN       := -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
              -Wwrite-strings -Wformat=2 -Wno-format-nonliteral
DEFS       := -D_GNU_SOURCE -DREENTRY_VERSION='"$(VERSION)"' \
              -DREENTRY_DATADIR='"$(DATADIR)"' $(DL_DEFS)
PKG_CFLAGS  = $(shell $(PKG_CONFIG) --cflags $(LIB_PKGS) $(UI_PKGS) 2>/dev/null)
LIB_LIBS    = $(shell $(PKG_CONFIG) --libs $(LINK_PKGS) 2>/dev/null) -lpthread
UI_LIBS     = $(shell $(PKG_CONFIG) --libs $(UI_PKGS) 2>/dev/null)
ALL_CFLAGS  = $(WARN) $(DEFS) $(PKG_CFLAGS) $(CFLAGS)

# Folder = layer. The model layers never include curses.
LIB_DIRS   := util sys sign config scan checks checks/linux checks/windows checklists session report fleet
LIB_SRC    := $(foreach d,$(LIB_DIRS),$(wildcard $(d)/*.c))
APP_SRC    := $(wildcard cli/*.c) $(wildcard tui/*.c)
LIB_OBJ    := $(LIB_SRC:%.c=$(BUILD)/%.o)
APP_OBJ    := $(APP_SRC:%.c=$(BUILD)/%.o)
LIBREENTRY := $(BUILD)/libreentry.a
BIN        := $(BUILD)/reentry

TEST_SRC   := $(wildcard tests/unit/test_*.c)
TEST_BIN   := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_LIBS   = $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

FUZZ_SRC   := $(wildcard fuzz/fuzz_*.c)
FUZZ_SECONDS ?= 60

.PHONY: all run check asan fuzz install clean deps format format-check layers tests bench
.DEFAULT_GOAL := all

all: $(BIN)

deps:
	@sh scripts/deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(LIBREENTRY): $(LIB_OBJ)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(APP_OBJ) $(LIBREENTRY)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(APP_OBJ) $(LIBREENTRY) $(LIB_LIBS) $(UI_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIBREENTRY)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBREENTRY) $(TEST_LIBS) $(LIB_LIBS)

tests: $(BIN) $(TEST_BIN)

run: deps $(BIN)
	$(BIN) tui --checklist jnsa-checklist.yaml

check: deps
	@sh scripts/layers.sh
	@sh scripts/format-check.sh
	@$(MAKE) --no-print-directory tests
	@BUILD=$(BUILD) sh tests/run.sh

asan: deps
	@$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  LDFLAGS="-fsanitize=address,undefined" tests
	@BUILD=build-asan ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 sh tests/run.sh

fuzz: $(LIB_SRC)
	@LIB_SRC="$(LIB_SRC)" LIB_PKGS="$(LIB_PKGS)" SONAME_CLAMAV=$(SONAME_CLAMAV) \
	  SONAME_ARCHIVE=$(SONAME_ARCHIVE) SONAME_ICUUC=$(SONAME_ICUUC) SONAME_ICUI18N=$(SONAME_ICUI18N) \
	  SONAME_PQ=$(SONAME_PQ) sh fuzz/run.sh $(FUZZ_SECONDS)

bench: $(BIN)
	@sh bench/run.sh

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/reentry
	install -m 0644 jnsa-checklist.yaml $(DESTDIR)$(DATADIR)/jnsa-checklist.yaml
	install -m 0644 checks/windows/windows-builds.yaml $(DESTDIR)$(DATADIR)/windows-builds.yaml
	install -m 0644 docs/reentry.1 $(DESTDIR)$(MANDIR)/man1/reentry.1

layers:
	@sh scripts/layers.sh

format:
	@sh scripts/format-check.sh -i

format-check:
	@sh scripts/format-check.sh

clean:
	rm -rf build build-asan build-fuzz

-include $(LIB_OBJ:.o=.d) $(APP_OBJ:.o=.d)
