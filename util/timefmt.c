/*
 * timefmt.c: UTC ISO 8601 times, written and read in one place.
 */
#include "timefmt.h"

#include <stdio.h>
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

void
time_local(time_t t, int short_form, char buf[TIME_LOCAL_LEN])
{
	struct tm tm;
	char zone[16], off[8];

	buf[0] = '\0';
	if (localtime_r(&t, &tm) == NULL || strftime(zone, sizeof zone, "%Z", &tm) == 0 ||
	    strftime(off, sizeof off, "%z", &tm) == 0)
		return;
	/* a zone without a name ("+09") is shown by its offset alone */
	if (zone[0] == '+' || zone[0] == '-')
		zone[0] = '\0';
	if (short_form) {
		if (strftime(buf, TIME_LOCAL_LEN, "%H:%M", &tm) == 0)
			buf[0] = '\0';
		else
			snprintf(buf + strlen(buf), TIME_LOCAL_LEN - strlen(buf), " %s",
			    zone[0] != '\0' ? zone : off);
		return;
	}
	if (strftime(buf, TIME_LOCAL_LEN, "%Y-%m-%d %H:%M:%S", &tm) == 0) {
		buf[0] = '\0';
		return;
	}
	if (zone[0] != '\0')
		snprintf(buf + strlen(buf), TIME_LOCAL_LEN - strlen(buf), " %s (%s)", zone, off);
	else
		snprintf(buf + strlen(buf), TIME_LOCAL_LEN - strlen(buf), " %s", off);
}

void
time_local_day(time_t t, time_t *start, time_t *end)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL) {
		*start = t - t % 86400;
		*end = *start + 86400;
		return;
	}
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	*start = mktime(&tm);
	tm.tm_mday++;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = -1;
	*end = mktime(&tm);
}
