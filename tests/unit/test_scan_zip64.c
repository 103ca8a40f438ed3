/*
 * test_scan_zip64.c: the zip64 reader (scan/zip64.c) on archives built here
 * byte by byte: a plain zip is not zip64; a member whose central sizes are
 * the placeholder gets its real size from the zip64 extra field; a local
 * header with the placeholder (as `zip -fz` writes) counts; the zip64 end
 * records count; every prefix and every single-byte corruption of an
 * archive is read without reading outside the buffer (run under ASan by
 * make asan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "../../scan/scan_int.h"

/* A growing byte buffer. */
struct buf {
	unsigned char b[1024];
	size_t n;
};

static void
u16(struct buf *b, unsigned v)
{
	b->b[b->n++] = (unsigned char)v;
	b->b[b->n++] = (unsigned char)(v >> 8);
}

static void
u32(struct buf *b, uint32_t v)
{
	u16(b, v & 0xFFFF);
	u16(b, v >> 16);
}

static void
u64(struct buf *b, uint64_t v)
{
	u32(b, (uint32_t)v);
	u32(b, (uint32_t)(v >> 32));
}

static void
bytes(struct buf *b, const void *p, size_t n)
{
	memcpy(b->b + b->n, p, n);
	b->n += n;
}

/*
 * One stored member "hello.txt" holding "hello\n". central64: the central
 * sizes are the placeholder with a zip64 extra field; local64: the local
 * header's sizes are; end64: a zip64 end record and locator precede the end.
 */
static void
build(struct buf *b, int central64, int local64, int end64)
{
	static const char name[] = "hello.txt", data[] = "hello\n";
	size_t cd, z64;

	memset(b, 0, sizeof *b);
	bytes(b, "PK\3\4", 4);
	u16(b, 45);
	u16(b, 0);
	u16(b, 0);
	u32(b, 0);
	u32(b, 0x363a3020);
	u32(b, local64 ? 0xFFFFFFFFu : 6);
	u32(b, local64 ? 0xFFFFFFFFu : 6);
	u16(b, 9);
	u16(b, local64 ? 20 : 0);
	bytes(b, name, 9);
	if (local64) {
		u16(b, 1);
		u16(b, 16);
		u64(b, 6);
		u64(b, 6);
	}
	bytes(b, data, 6);
	cd = b->n;
	bytes(b, "PK\1\2", 4);
	u16(b, 45);
	u16(b, 45);
	u16(b, 0);
	u16(b, 0);
	u32(b, 0);
	u32(b, 0x363a3020);
	u32(b, central64 ? 0xFFFFFFFFu : 6);
	u32(b, central64 ? 0xFFFFFFFFu : 6);
	u16(b, 9);
	u16(b, central64 ? 20 : 0);
	u16(b, 0);
	u16(b, 0);
	u16(b, 0);
	u32(b, 0);
	u32(b, 0);
	bytes(b, name, 9);
	if (central64) {
		u16(b, 1);
		u16(b, 16);
		u64(b, 6);
		u64(b, 6);
	}
	if (end64) {
		z64 = b->n;
		bytes(b, "PK\6\6", 4);
		u64(b, 44);
		u16(b, 45);
		u16(b, 45);
		u32(b, 0);
		u32(b, 0);
		u64(b, 1);
		u64(b, 1);
		u64(b, z64 - cd);
		u64(b, cd);
		bytes(b, "PK\6\7", 4);
		u32(b, 0);
		u64(b, z64);
		u32(b, 1);
	}
	bytes(b, "PK\5\6", 4);
	u16(b, 0);
	u16(b, 0);
	u16(b, end64 ? 0xFFFF : 1);
	u16(b, end64 ? 0xFFFF : 1);
	u32(b, (uint32_t)(b->n - cd - 4 - 4 - 4));
	u32(b, end64 ? 0xFFFFFFFFu : (uint32_t)cd);
	u16(b, 0);
}

static void
test_plain(void **state)
{
	struct buf b;
	struct scan_zip64 z;

	(void)state;
	build(&b, 0, 0, 0);
	assert_int_equal(scan_zip64_probe(b.b, b.n, &z), 0);
	assert_int_equal(z.members, 1);
	assert_int_equal(z.members64, 0);
}

static void
test_central_extra(void **state)
{
	struct buf b;
	struct scan_zip64 z;

	(void)state;
	build(&b, 1, 0, 0);
	assert_int_equal(scan_zip64_probe(b.b, b.n, &z), 1);
	assert_int_equal(z.members64, 1);
	assert_string_equal(z.first, "hello.txt");
	assert_int_equal(z.first_size, 6); /* from the extra field, not 4294967295 */
}

static void
test_local_only(void **state)
{
	struct buf b;
	struct scan_zip64 z;

	(void)state;
	build(&b, 0, 1, 0);
	assert_int_equal(scan_zip64_probe(b.b, b.n, &z), 1);
	assert_int_equal(z.members64, 1);
	assert_int_equal(z.first_size, 6);
}

static void
test_end_records(void **state)
{
	struct buf b;
	struct scan_zip64 z;

	(void)state;
	build(&b, 1, 1, 1);
	assert_int_equal(scan_zip64_probe(b.b, b.n, &z), 1);
	assert_int_equal(z.members, 1); /* found through the zip64 end record */
	assert_int_equal(z.first_size, 6);
}

/* Every prefix and every byte flipped: answers, never reads outside (ASan). */
static void
test_hostile(void **state)
{
	struct buf b;
	struct scan_zip64 z;
	size_t n, i;

	(void)state;
	build(&b, 1, 1, 1);
	for (n = 0; n <= b.n; n++) {
		unsigned char *copy = malloc(n ? n : 1);

		memcpy(copy, b.b, n);
		(void)scan_zip64_probe(copy, n, &z);
		free(copy);
	}
	for (i = 0; i < b.n; i++) {
		unsigned char *copy = malloc(b.n);
		int v;

		for (v = 0; v < 256; v += 51) {
			memcpy(copy, b.b, b.n);
			copy[i] = (unsigned char)v;
			(void)scan_zip64_probe(copy, b.n, &z);
			assert_true(strlen(z.first) < sizeof z.first);
		}
		free(copy);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_central_extra),
		cmocka_unit_test(test_local_only),
		cmocka_unit_test(test_end_records),
		cmocka_unit_test(test_hostile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
