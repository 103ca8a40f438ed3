/*
 * timefmt.c: UTC ISO 8601 times, written and read in one place.
 */
#include "timefmt.h"

#include <string.h>

void
time_iso_utc(time_t t, char buf[TIME_ISO_LEN])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(buf, TIME_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		buf[0] = '\0';
}

int
time_parse_iso(const char *s, time_t *out)
{
	struct tm tm;
	const char *end;

	if (s == NULL || strlen(s) != 20)
		return -1;
	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0')
		return -1;
	*out = timegm(&tm);
	return 0;
}

int
time_parse_date_or_iso(const char *s, time_t *out)
{
	struct tm tm;
	const char *end;

	if (s == NULL)
		return -1;
	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end != NULL && *end == 'T')
		end = strptime(end, "T%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0' || tm.tm_year < 70)
		return -1;
	*out = timegm(&tm);
	return 0;
}

int
time_parse_date(const char *s, time_t *out)
{
	struct tm tm;
	const char *end;
	char back[16];

	if (s == NULL || strlen(s) != 10)
		return -1;
	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end == NULL || *end != '\0')
		return -1;
	*out = timegm(&tm);
	/* refuse dates strptime normalises, like 2026-02-31 */
	gmtime_r(out, &tm);
	if (strftime(back, sizeof back, "%Y-%m-%d", &tm) == 0 || strcmp(back, s) != 0)
		return -1;
	return 0;
}
