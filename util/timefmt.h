/*
 * timefmt.h: the one place that writes and reads times as UTC ISO 8601.
 *
 * Records (sessions, reports, check details) keep UTC as
 * "YYYY-MM-DDTHH:MM:SSZ". Nothing here prints or exits.
 */
#ifndef REENTRY_TIMEFMT_H
#define REENTRY_TIMEFMT_H

#include <time.h>

/* Room for "YYYY-MM-DDTHH:MM:SSZ" and its NUL, with margin for odd years. */
#define TIME_ISO_LEN 32

/* Formats t as "YYYY-MM-DDTHH:MM:SSZ" into buf (TIME_ISO_LEN bytes); "" when it cannot. */
void time_iso_utc(time_t t, char buf[TIME_ISO_LEN]);
/* Parses exactly "YYYY-MM-DDTHH:MM:SSZ"; 0 and *out set, or -1 when malformed. */
int time_parse_iso(const char *s, time_t *out);
/*
 * Parses "YYYY-MM-DD" (UTC midnight) or "YYYY-MM-DDTHH:MM:SSZ", a year from
 * 1970 on; 0 and *out set, or -1 when malformed.
 */
int time_parse_date_or_iso(const char *s, time_t *out);
/* Parses exactly "YYYY-MM-DD" and refuses dates that do not exist (2026-02-31); UTC midnight. */
int time_parse_date(const char *s, time_t *out);

/* Room for "YYYY-MM-DD HH:MM:SS ZONE (+hhmm)" with a long zone name. */
#define TIME_LOCAL_LEN 64
/*
 * Formats t in the local time zone (TZ) for people, with the zone:
 * "YYYY-MM-DD HH:MM ZONE (+hhmm)" ("HH:MM ZONE" when short is set); "" when
 * it cannot. Records keep UTC (time_iso_utc()); screens and the text and
 * HTML reports show this.
 */
void time_local(time_t t, int short_form, char buf[TIME_LOCAL_LEN]);
/* The local day holding t: its first second and the first second of the next day. */
void time_local_day(time_t t, time_t *start, time_t *end);

#endif
