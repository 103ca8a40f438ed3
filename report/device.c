/*
 * device.c: naming the device a report is about, and the files its scans
 * could not clear.
 *
 * A desk report's device is a computer (a host name, else a machine id); a
 * kiosk report's device is a removable medium (sys/media.c's record: bus,
 * vendor, model, serial, size, filesystem UUID and label), named by its
 * serial. Every string returned here is untrusted: callers sanitise it
 * (text_sanitize(), or the HTML and CSV escapes that call it).
 */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "../util/strbuf.h"
#include "../util/xalloc.h"

/* d's member key as a non-empty string, or NULL. */
static const char *
member(const struct json *d, const char *key)
{
	const char *s = json_get_str(json_get(d, key));

	return s != NULL && s[0] != '\0' ? s : NULL;
}

int
report_device_is_medium(const struct json *r)
{
	const struct json *d = json_get(r, "device");

	return json_is(d, JSON_OBJECT) && json_get(d, "devnode") != NULL &&
	    json_get(d, "mountpoints") != NULL && member(d, "hostname") == NULL;
}

const char *
report_device_name(const struct json *r)
{
	const struct json *d = json_get(r, "device");
	const char *s;

	if ((s = member(d, "hostname")) != NULL)
		return s;
	if ((s = member(json_get(d, "host"), "hostname")) != NULL)
		return s;
	if ((s = member(d, "machine_id")) != NULL)
		return s;
	if (report_device_is_medium(r)) {
		if ((s = member(d, "serial")) != NULL || (s = member(d, "uuid")) != NULL ||
		    (s = member(d, "devnode")) != NULL)
			return s;
	}
	return "unknown";
}

char *
report_device_label(const struct json *r)
{
	const struct json *d = json_get(r, "device");
	struct strbuf sb = STRBUF_INIT;
	const char *s;
	long long size;

	if (!report_device_is_medium(r))
		return xstrdup(report_device_name(r));
	sb_addf(&sb, "medium %s (", report_device_name(r));
	if ((s = member(d, "vendor")) != NULL)
		sb_addf(&sb, "%s ", s);
	if ((s = member(d, "model")) != NULL)
		sb_addf(&sb, "%s ", s);
	if ((s = member(d, "serial")) != NULL)
		sb_addf(&sb, "serial %s, ", s);
	size = (long long)json_get_int(json_get(d, "size"), 0);
	if (size > 0)
		sb_addf(&sb, "%.1f GB, ", (double)size / 1e9);
	if ((s = member(d, "fstype")) != NULL)
		sb_addf(&sb, "%s ", s);
	if ((s = member(d, "uuid")) != NULL)
		sb_addf(&sb, "UUID %s, ", s);
	if ((s = member(d, "label")) != NULL)
		sb_addf(&sb, "label \"%s\", ", s);
	if ((s = member(d, "devnode")) != NULL)
		sb_addf(&sb, "%s", s);
	sb_adds(&sb, ")");
	return sb_detach(&sb);
}

void
report_scan_counts(const struct json *r, size_t *infected, size_t *unscannable)
{
	const struct json *checks = json_get(r, "checks");
	size_t i;

	*infected = *unscannable = 0;
	for (i = 0; i < json_len(checks); i++) {
		const struct json *d = json_get(json_at(checks, i), "details");

		*infected += json_len(json_get(d, "infected"));
		*unscannable += json_len(json_get(d, "unscannable"));
	}
}
