/*
 * zip64.c: noticing zip64 archives, which libclamav does not look inside.
 *
 * libclamav 1.4 reads neither zip64 end records nor the zip64 extra field
 * (id 0x0001) of a member: such a member shows its size placeholder
 * 0xFFFFFFFF, and the EICAR test file inside a zip64 archive is not found
 * (clamscan says "OK"). So a zip64 archive is never clean: the scanner
 * names it unscannable with its members' real sizes, read here from the
 * zip64 fields.
 *
 * The reader is bounded: it looks only at the end of central directory
 * record, the zip64 locator and record it points to, the central directory
 * entries and their local headers, all inside [buf, buf + len), and stops
 * after SCAN_ZIP64_MAX_ENTRIES entries. Malformed input is "not zip64", or
 * zip64 with what could be read; it never reads outside the buffer.
 */
#include "scan_int.h"

#include <string.h>

/* Central directory entries looked at, at most. */
#define SCAN_ZIP64_MAX_ENTRIES 100000

static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t
le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Whether [off, off + n) lies inside len bytes. */
static int
inside(uint64_t off, uint64_t n, size_t len)
{
	return off <= len && n <= len - off;
}

/*
 * The real sizes of a central directory entry whose 32-bit fields hold the
 * placeholder: from its zip64 extra field, in the order the format gives
 * (uncompressed, compressed, offset), each present only when its field is
 * the placeholder.
 */
static void
extra_sizes(const unsigned char *x, size_t xlen, uint32_t usize, uint32_t csize, uint32_t off,
    uint64_t *real_usize, uint64_t *real_off)
{
	size_t i = 0;

	while (i + 4 <= xlen) {
		uint16_t id = le16(x + i), n = le16(x + i + 2);
		const unsigned char *d = x + i + 4;
		size_t k = 0;

		if (i + 4 + n > xlen)
			return;
		if (id == 0x0001) {
			if (usize == 0xFFFFFFFFu && k + 8 <= n) {
				*real_usize = le64(d + k);
				k += 8;
			}
			if (csize == 0xFFFFFFFFu && k + 8 <= n)
				k += 8;
			if (off == 0xFFFFFFFFu && k + 8 <= n)
				*real_off = le64(d + k);
			return;
		}
		i += 4 + (size_t)n;
	}
}

int
scan_zip64_probe(const void *buf, size_t len, struct scan_zip64 *out)
{
	const unsigned char *p = buf;
	size_t eocd = 0, i, lo;
	uint64_t entries, cd_off, k;
	int found = 0;

	memset(out, 0, sizeof *out);
	if (len < 22)
		return 0;
	/* the end of central directory record: within the last 64 kB + 22 bytes */
	lo = len > 22 + 65535 ? len - 22 - 65535 : 0;
	for (i = len - 22 + 1; i-- > lo;)
		if (memcmp(p + i, "PK\5\6", 4) == 0) {
			eocd = i;
			found = 1;
			break;
		}
	if (!found)
		return 0;
	entries = le16(p + eocd + 10);
	cd_off = le32(p + eocd + 16);
	if (entries == 0xFFFF || le32(p + eocd + 12) == 0xFFFFFFFFu || cd_off == 0xFFFFFFFFu)
		out->zip64 = 1;
	if (eocd >= 20 && memcmp(p + eocd - 20, "PK\6\7", 4) == 0) {
		/* the zip64 locator, and the zip64 end record it points to */
		uint64_t z = le64(p + eocd - 20 + 8);

		out->zip64 = 1;
		if (inside(z, 56, len) && memcmp(p + z, "PK\6\6", 4) == 0) {
			entries = le64(p + z + 32);
			cd_off = le64(p + z + 48);
		}
	}
	for (k = 0; k < entries && k < SCAN_ZIP64_MAX_ENTRIES; k++) {
		uint32_t csize, usize, loff;
		uint16_t nlen, xlen, clen;
		uint64_t real = 0, real_off;
		int member64 = 0;

		if (!inside(cd_off, 46, len) || memcmp(p + cd_off, "PK\1\2", 4) != 0)
			break;
		csize = le32(p + cd_off + 20);
		usize = le32(p + cd_off + 24);
		nlen = le16(p + cd_off + 28);
		xlen = le16(p + cd_off + 30);
		clen = le16(p + cd_off + 32);
		loff = le32(p + cd_off + 42);
		if (!inside(cd_off + 46, (uint64_t)nlen + xlen, len))
			break;
		real = usize;
		real_off = loff;
		if (csize == 0xFFFFFFFFu || usize == 0xFFFFFFFFu || loff == 0xFFFFFFFFu) {
			member64 = 1;
			if (usize == 0xFFFFFFFFu)
				real = UINT64_MAX; /* unknown until the extra field says */
			extra_sizes(p + cd_off + 46 + nlen, xlen, usize, csize, loff, &real, &real_off);
		}
		/* a local header may carry the placeholder where the central one does not (zip -fz) */
		if (inside(real_off, 30, len) && memcmp(p + real_off, "PK\3\4", 4) == 0 &&
		    (le32(p + real_off + 18) == 0xFFFFFFFFu || le32(p + real_off + 22) == 0xFFFFFFFFu))
			member64 = 1;
		out->members++;
		if (member64) {
			out->zip64 = 1;
			out->members64++;
			if (out->members64 == 1) {
				size_t n = nlen < sizeof out->first - 1 ? nlen : sizeof out->first - 1;

				memcpy(out->first, p + cd_off + 46, n);
				out->first[n] = '\0';
				out->first_size = real;
			}
		}
		cd_off += 46 + (uint64_t)nlen + xlen + clen;
	}
	return out->zip64;
}
