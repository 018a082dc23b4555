# mailprobe: one non-recursive GNU Makefile (DESIGN.md, STYLE layout).
#   make            build/libmailprobe.a and build/mailprobe
#   make test       deps, unit tests under ASan+UBSan, then fuzz-smoke
#   make asan       the unit tests under AddressSanitizer and UBSan
#   make check      checksrc (banned functions) and the rules table lint
#   make fuzz       libFuzzer targets in build/fuzz (via fuzz/build.sh)
#   make afl        AFL++ targets (and CMPLOG builds) in build/afl
#   make fuzz-smoke replay every corpus, then fuzz each target 20 s
#   make fuzz-run TARGET=fuzz_x SECONDS=n   one target, long
#   make oss-fuzz-check   fuzz/build.sh for both engines, checks $OUT
#   make bench      throughput table, medians, side by side with peers
#   make demo       the main job
#   make deps       apt-get what is missing (Debian 12)

CC ?= cc
ifeq ($(origin CC),default)
CC := gcc
endif
WARN := -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wstrict-prototypes \
	-Wmissing-prototypes -Wvla
CSTD := -std=c11 -D_POSIX_C_SOURCE=200809L
OPT ?= -O2 -g
WERROR ?= $(if $(CI),-Werror,)
CFLAGS_ALL := $(CSTD) $(OPT) $(WARN) $(WERROR) -Iinclude -MMD -MP $(CFLAGS)
SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

B := build
LIB_SRC := $(sort $(wildcard parsers/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/obj/%.o)
SAN_OBJ := $(LIB_SRC:%.c=$(B)/san/%.o)
CLI_SRC := $(sort $(wildcard cli/*.c))
REP_SRC := $(sort $(wildcard reports/*.c))
REP_OBJ := $(REP_SRC:%.c=$(B)/obj/%.o)
REP_SAN_OBJ := $(REP_SRC:%.c=$(B)/san/%.o)
# the replay engine (replay/*.c) links into the CLI and test_replay only:
# it does I/O and TLS, which the parser library never does
REPLAY_SRC := $(sort $(wildcard replay/*.c))
REPLAY_OBJ := $(REPLAY_SRC:%.c=$(B)/obj/%.o)
REPLAY_SAN := $(REPLAY_SRC:%.c=$(B)/san/%.o)
SSL_LIBS := -lssl -lcrypto
# pcap/ (captures, TCP reassembly, flows) links into the CLI, test_pcap and
# the fuzz targets only: it reads files through libpcap
PCAP_SRC := $(sort $(wildcard pcap/*.c))
PCAP_OBJ := $(PCAP_SRC:%.c=$(B)/obj/%.o)
PCAP_SAN := $(PCAP_SRC:%.c=$(B)/san/%.o)
PCAP_LIBS := -lpcap
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(B)/san/tests/%)
TESTLIB := $(B)/san/tests/lib/feed.o $(B)/san/tests/lib/imaprt.o
FUZZ_TARGETS := $(sort $(basename $(notdir $(wildcard fuzz/fuzz_*.c))))
SECONDS ?= 600
SMOKE_SECONDS ?= 20

.PHONY: all lib cli test unit asan check deps fuzz afl fuzz-smoke fuzz-run \
	oss-fuzz-check bench demo clean golden-update
all: lib cli
lib: $(B)/libmailprobe.a
cli: $(B)/mailprobe

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c $< -o $@
$(B)/san/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $(SAN) -DMP_UNITTEST -Itests/lib -c $< -o $@

$(B)/libmailprobe.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^
$(B)/san/libmailprobe.a: $(SAN_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/mailprobe: $(CLI_SRC:%.c=$(B)/obj/%.o) $(REPLAY_OBJ) $(REP_OBJ) $(PCAP_OBJ) $(B)/libmailprobe.a
	$(CC) $(CFLAGS_ALL) -o $@ $^ $(LDFLAGS) $(SSL_LIBS) $(PCAP_LIBS)

$(B)/san/tests/test_%: $(B)/san/tests/test_%.o $(TESTLIB) $(B)/san/libmailprobe.a
	$(CC) $(CFLAGS_ALL) $(SAN) -o $@ $^ -lcmocka $(LDFLAGS)
# the reports (reports/*.c) are not in the library: the CLI and their test link them
$(B)/san/tests/test_reports: $(B)/san/tests/test_reports.o $(REP_SAN_OBJ) $(TESTLIB) \
		$(B)/san/libmailprobe.a
	$(CC) $(CFLAGS_ALL) $(SAN) -o $@ $^ -lcmocka $(LDFLAGS)

# test_pcap: pcap/ and the script reader (generated scripts must parse)
$(B)/san/tests/test_pcap: $(B)/san/tests/test_pcap.o $(PCAP_SAN) $(B)/san/replay/script.o \
		$(TESTLIB) $(B)/san/libmailprobe.a
	$(CC) $(CFLAGS_ALL) $(SAN) -o $@ $^ -lcmocka $(LDFLAGS) $(PCAP_LIBS)

$(B)/san/tests/test_replay: $(B)/san/tests/test_replay.o $(REPLAY_SAN) $(TESTLIB) $(B)/san/libmailprobe.a
	$(CC) $(CFLAGS_ALL) $(SAN) -o $@ $^ -lcmocka $(LDFLAGS) $(SSL_LIBS)

deps:
	@tools/deps.sh

# Unit tests: every cmocka binary, all run even when one fails.
unit: $(TEST_BIN)
	@fail=0; for t in $(TEST_BIN); do \
		echo "== $$t"; \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		MP_SRCDIR=$(CURDIR) $$t || fail=1; \
	done; exit $$fail
asan: unit

test: deps
	$(MAKE) check
	$(MAKE) all
	$(MAKE) unit
	$(MAKE) reports-check
	$(MAKE) integration
	$(MAKE) fuzz-smoke

# the replay engine against real servers (Postfix, Dovecot) in their
# network namespace (skips with a note where servers cannot run), then
# against every mode of the misbehaving server (tests/badserver/)
.PHONY: integration
integration: all $(B)/badserver
	@tests/integration/run-smoke.sh $(B)/mailprobe
	@tests/badserver/run.sh

check:
	@tools/checksrc.sh

# the reports as a browser, xmllint and a markup parser see them
# (tests/reports/check.sh; pages and screenshots land in reports/out/)
.PHONY: reports-check reports-demo
reports-check: all
	@tools/deps.sh report
	@tests/reports/check.sh

# sample results (tests/reports/, not measurements) rendered for a person
reports-demo: all
	@tools/deps.sh report
	@mkdir -p reports/out
	@$(B)/mailprobe report html --title "mailprobe report (sample results)" \
		-o reports/out/report.html $(addprefix tests/reports/,$(DEMO_RESULTS))
	@$(B)/mailprobe report matrix -o reports/out/matrix.html $(addprefix tests/reports/,$(DEMO_RESULTS))
	@$(B)/mailprobe report matrix --markdown $(addprefix tests/reports/,$(DEMO_RESULTS)) \
		>reports/out/matrix.md
	@$(B)/mailprobe report markdown $(addprefix tests/reports/,$(DEMO_RESULTS)) >reports/out/summary.md
	@$(B)/mailprobe report junit -o reports/out/junit.xml $(addprefix tests/reports/,$(DEMO_RESULTS))
	@echo "HTML report:   $(CURDIR)/reports/out/report.html"
	@echo "server matrix: $(CURDIR)/reports/out/matrix.html (Markdown: reports/out/matrix.md)"
	@echo "CI summary:    $(CURDIR)/reports/out/summary.md, JUnit: reports/out/junit.xml"
DEMO_RESULTS := postfix.json exim.json opensmtpd.json dovecot.json badserver.json

# ---- fuzzing (fuzz/build.sh is the single build recipe, OSS-Fuzz contract)
fuzz:
	CC=clang CFLAGS="-O1 -g -fsanitize=address,undefined -fsanitize=fuzzer-no-link" \
	LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=$(CURDIR)/$(B)/fuzz \
	WORK=$(CURDIR)/$(B)/fuzz-work fuzz/build.sh

afl:
	CC=afl-clang-fast CFLAGS="-O2 -g" LIB_FUZZING_ENGINE=/usr/lib/afl/libAFLDriver.a \
	OUT=$(CURDIR)/$(B)/afl WORK=$(CURDIR)/$(B)/afl-work fuzz/build.sh
	AFL_LLVM_CMPLOG=1 CC=afl-clang-fast CFLAGS="-O2 -g" \
	LIB_FUZZING_ENGINE=/usr/lib/afl/libAFLDriver.a \
	OUT=$(CURDIR)/$(B)/afl-cmplog WORK=$(CURDIR)/$(B)/afl-cmplog-work fuzz/build.sh

fuzz-smoke: fuzz
	@tools/fuzz-smoke.sh $(B)/fuzz $(SMOKE_SECONDS) $(FUZZ_TARGETS)

fuzz-run: fuzz
	@test -n "$(TARGET)" || { echo "usage: make fuzz-run TARGET=fuzz_x [SECONDS=n]"; exit 2; }
	@tools/fuzz-smoke.sh $(B)/fuzz $(SECONDS) $(TARGET)

oss-fuzz-check:
	@tools/oss-fuzz-check.sh

# ---- benchmarks and the main job
bench: deps
	@$(MAKE) --no-print-directory $(B)/bench/bench $(B)/bench/pcap-gen $(B)/mailprobe
	$(B)/bench/bench
	@bench/pcap/run.sh $(B)/mailprobe $(B)/bench/pcap-gen $(PCAP_BENCH_MB)

# the capture rows: a generator (bench/pcap/gen.c) and bench/pcap/run.sh;
# PCAP_BENCH_MB sizes the capture (default 512)
PCAP_BENCH_MB ?= 512
$(B)/bench/pcap-gen: bench/pcap/gen.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) -O2 $(WARN) -o $@ $<

# IMAP peers (bench/peer-*.c), each only where tools/deps.sh bench put its
# library; the flags file rebuilds the bench when that changes
BENCH_DOVECOT := $(and $(wildcard /usr/include/dovecot/imap-parser.h),$(wildcard /usr/lib/dovecot/libdovecot.so))
BENCH_ETPAN := $(wildcard /usr/include/libetpan/mailimap.h)
BENCH_DOVECOT_FLAGS := -DBENCH_HAVE_DOVECOT -idirafter /usr/include/dovecot \
	-L/usr/lib/dovecot -Wl,-rpath,/usr/lib/dovecot -ldovecot
BENCH_PEERS := $(if $(BENCH_DOVECOT),$(BENCH_DOVECOT_FLAGS)) $(if $(BENCH_ETPAN),-DBENCH_HAVE_ETPAN -letpan)
# codec peers (bench/codec-rows.c), found by pkg-config: OpenSSL, GMime 3
BENCH_PEERS += $(if $(shell pkg-config --exists libcrypto 2>/dev/null && echo y),\
	-DBENCH_HAVE_OPENSSL $(shell pkg-config --cflags --libs libcrypto))
BENCH_PEERS += $(if $(shell pkg-config --exists gmime-3.0 2>/dev/null && echo y),\
	-DBENCH_HAVE_GMIME $(patsubst -I%,-isystem %,$(shell pkg-config --cflags --libs gmime-3.0)))
$(B)/bench/peers.flags: FORCE
	@mkdir -p $(@D)
	@echo '$(BENCH_PEERS)' | cmp -s - $@ || echo '$(BENCH_PEERS)' > $@
FORCE:

$(B)/bench/bench: $(sort $(wildcard bench/*.c bench/*.h bench/*.inc)) $(LIB_SRC) $(B)/bench/peers.flags
	@mkdir -p $(@D)
	$(CC) $(CSTD) -O2 -g $(WARN) -Iinclude $(BENCH_CFLAGS) -o $@ $(filter %.c,$^) $(BENCH_PEERS) $(BENCH_LIBS)

demo: deps all
	@tools/demo.sh

clean:
	rm -rf $(B)

-include $(LIB_OBJ:.o=.d) $(SAN_OBJ:.o=.d)
-include $(wildcard $(B)/obj/cli/*.d $(B)/san/tests/*.d $(B)/san/tests/lib/*.d)
-include $(wildcard $(B)/obj/reports/*.d $(B)/san/reports/*.d)
-include $(wildcard $(B)/obj/replay/*.d $(B)/san/replay/*.d)
-include $(wildcard $(B)/obj/pcap/*.d $(B)/san/pcap/*.d)

# ---- real mail servers on loopback, in an isolated network namespace
#   make servers-up     deps, unpack exim/opensmtpd, start all (servers/README.md)
#   make servers-down   stop them all
#   make servers-check  up, smoke check, down; fails when a check fails
.PHONY: servers-up servers-down servers-check
servers-up:
	@tools/deps.sh servers
	@servers/fetch.sh
	@servers/netns.sh servers/up.sh

servers-down:
	@servers/down.sh

servers-check:
	@tools/deps.sh servers
	@servers/fetch.sh
	@servers/netns.sh sh -c 'servers/up.sh || exit 1; servers/check.sh; rc=$$?; servers/down.sh || rc=1; exit $$rc'

# ---- pcap/samples: captures of real clients against the running servers
#   make pcap-samples        record them again (servers up; pcap/samples/MANIFEST.md)
#   make pcap-samples-check  tests/pcap/samples.sh: list each, replay it when the servers run
.PHONY: pcap-samples pcap-samples-check
pcap-samples:
	@tools/deps.sh samples
	@pcap/samples/make-samples.sh
pcap-samples-check: all
	@tests/pcap/samples.sh $(B)/mailprobe

# ---- tests/badserver: the misbehaving server the engine's tests run against
$(B)/badserver: tests/badserver/badserver.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(LDFLAGS)
