/*
 * devrec.c: the device record, what a person says about the device under
 * check: asset tag, serial number, model, owner (the member of staff
 * returning it) and the site's own fields (device.fields in the
 * configuration). It is kept apart from the inventory check's findings
 * (session_device()), which describe what the probes read.
 *
 * The record is a JSON object {"asset_tag", "serial", "model", "owner",
 * "fields": {key: value}} whose values are untrusted text: the checks here
 * refuse control characters and over-long values, a serial that is a
 * firmware placeholder, and site fields that miss their pattern; everyone
 * who shows a value sanitises it.
 */
#include "session.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../checks/device_inventory.h"
#include "../util/strbuf.h"
#include "../util/text.h"
#include "../util/xalloc.h"

static const struct {
	const char *key, *en, *ja;
} builtin[] = {
	{ "asset_tag", "Asset tag", "資産番号" },
	{ "serial", "Serial number", "製造番号" },
	{ "model", "Model", "機種" },
	{ "owner", "Owner (returning it)", "使用者（返却者）" },
};

size_t
devrec_nfields(const struct config *cfg)
{
	return sizeof builtin / sizeof builtin[0] + (cfg != NULL ? cfg->ndevice_fields : 0);
}

const char *
devrec_field_key(const struct config *cfg, size_t i)
{
	size_t nb = sizeof builtin / sizeof builtin[0];

	if (i < nb)
		return builtin[i].key;
	if (cfg == NULL || i - nb >= cfg->ndevice_fields)
		return NULL;
	return cfg->device_fields[i - nb].key;
}

const char *
devrec_field_label(const struct config *cfg, size_t i, int ja)
{
	size_t nb = sizeof builtin / sizeof builtin[0];

	if (i < nb)
		return ja ? builtin[i].ja : builtin[i].en;
	if (cfg == NULL || i - nb >= cfg->ndevice_fields)
		return NULL;
	return ja ? cfg->device_fields[i - nb].label_ja : cfg->device_fields[i - nb].label_en;
}

/* The site field named key, or NULL. */
static const struct config_device_field *
site_field(const struct config *cfg, const char *key)
{
	size_t i;

	for (i = 0; cfg != NULL && i < cfg->ndevice_fields; i++)
		if (strcmp(cfg->device_fields[i].key, key) == 0)
			return &cfg->device_fields[i];
	return NULL;
}

int
devrec_is_builtin(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		if (strcmp(builtin[i].key, key) == 0)
			return 1;
	return 0;
}

/* Whether value matches the extended regex pattern as a whole. */
static int
whole_match(const char *pattern, const char *value)
{
	char *anchored = xasprintf("^(%s)$", pattern);
	regex_t re;
	int ok;

	if (regcomp(&re, anchored, REG_EXTENDED | REG_NOSUB) != 0) {
		free(anchored);
		return 0;
	}
	ok = regexec(&re, value, 0, NULL, 0) == 0;
	regfree(&re);
	free(anchored);
	return ok;
}

int
devrec_check_field(const struct config *cfg, const char *key, const char *value, char **en, char **ja)
{
	const struct config_device_field *f = site_field(cfg, key);
	const unsigned char *p;
	char *safe;

	*en = *ja = NULL;
	if (!devrec_is_builtin(key) && f == NULL) {
		*en = xasprintf("no device field \"%s\" is declared in the configuration", key);
		*ja = xasprintf("設定に機器の項目「%s」はありません", key);
		return -1;
	}
	if (value == NULL)
		value = "";
	if (!utf8_valid(value, strlen(value))) {
		*en = xasprintf("%s: not valid UTF-8", key);
		*ja = xasprintf("%s: UTF-8 として不正です", key);
		return -1;
	}
	for (p = (const unsigned char *)value; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f) {
			*en = xasprintf("%s: control characters are not allowed", key);
			*ja = xasprintf("%s: 制御文字は使えません", key);
			return -1;
		}
	if (strlen(value) > DEVREC_MAX_BYTES) {
		*en = xasprintf("%s: longer than %d bytes", key, DEVREC_MAX_BYTES);
		*ja = xasprintf("%s: %d バイトを超えています", key, DEVREC_MAX_BYTES);
		return -1;
	}
	safe = text_sanitize(value);
	if (strcmp(key, "serial") == 0 && value[0] != '\0' && !device_serial_usable(value)) {
		*en = xasprintf("serial \"%s\" is a placeholder, not a serial number: read it from "
		                "the label",
		    safe);
		*ja = xasprintf("製造番号「%s」は仮の値で、製造番号ではありません。ラベルから読んで"
		                "ください",
		    safe);
		free(safe);
		return -1;
	}
	if (f != NULL && f->required && value[0] == '\0') {
		*en = xasprintf("%s is required", f->label_en);
		*ja = xasprintf("%sは必須です", f->label_ja);
		free(safe);
		return -1;
	}
	if (f != NULL && f->pattern != NULL && value[0] != '\0' && !whole_match(f->pattern, value)) {
		char *pat = text_sanitize(f->pattern);

		*en = xasprintf("%s \"%s\" does not match the pattern %s", f->label_en, safe, pat);
		*ja = xasprintf("%s「%s」が形式 %s に合いません", f->label_ja, safe, pat);
		free(pat);
		free(safe);
		return -1;
	}
	free(safe);
	return 0;
}

const char *
devrec_get(const struct json *rec, const char *key)
{
	const char *s = devrec_is_builtin(key) ?
	    json_get_str(json_get(rec, key)) :
	    json_get_str(json_get(json_get(rec, "fields"), key));

	return s != NULL ? s : "";
}

void
devrec_set(struct json *rec, const char *key, const char *value)
{
	struct json *f;

	if (devrec_is_builtin(key)) {
		json_obj_set(rec, key, json_str(value != NULL ? value : ""));
		return;
	}
	if (!json_is(json_get(rec, "fields"), JSON_OBJECT))
		json_obj_set(rec, "fields", json_object());
	f = json_get(rec, "fields");
	json_obj_set(f, key, json_str(value != NULL ? value : ""));
}

struct json *
devrec_new(void)
{
	struct json *r = json_object();
	size_t i;

	for (i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		json_obj_set(r, builtin[i].key, json_str(""));
	json_obj_set(r, "fields", json_object());
	return r;
}

int
devrec_validate(const struct config *cfg, const struct json *rec, char **en, char **ja)
{
	const struct json *f = json_get(rec, "fields");
	size_t i;

	*en = *ja = NULL;
	if (!json_is(rec, JSON_OBJECT) || (f != NULL && !json_is(f, JSON_OBJECT))) {
		*en = xstrdup("the device record must be an object with an object of fields");
		*ja = xstrdup("機器の記録の形式が不正です");
		return -1;
	}
	for (i = 0; i < json_len(rec); i++) {
		const char *k = json_key_at(rec, i);

		if (strcmp(k, "fields") == 0)
			continue;
		if (!devrec_is_builtin(k) || !json_is(json_at(rec, i), JSON_STRING)) {
			*en = xasprintf("device record: unexpected member \"%s\"", k);
			*ja = xasprintf("機器の記録: 想定外の項目「%s」", k);
			return -1;
		}
		if (devrec_check_field(cfg, k, json_get_str(json_at(rec, i)), en, ja) < 0)
			return -1;
	}
	for (i = 0; i < json_len(f); i++) {
		if (!json_is(json_at(f, i), JSON_STRING)) {
			*en = xasprintf("device record: field \"%s\" is not a string", json_key_at(f, i));
			*ja = xasprintf("機器の記録: 項目「%s」が文字列ではありません",
			    json_key_at(f, i));
			return -1;
		}
		if (devrec_check_field(cfg, json_key_at(f, i), json_get_str(json_at(f, i)), en, ja) < 0)
			return -1;
	}
	/* a required site field that was never given */
	for (i = 0; cfg != NULL && i < cfg->ndevice_fields; i++)
		if (cfg->device_fields[i].required &&
		    devrec_get(rec, cfg->device_fields[i].key)[0] == '\0') {
			*en = xasprintf("%s is required", cfg->device_fields[i].label_en);
			*ja = xasprintf("%sは必須です", cfg->device_fields[i].label_ja);
			return -1;
		}
	if (devrec_get(rec, "asset_tag")[0] == '\0' && devrec_get(rec, "serial")[0] == '\0') {
		*en = xstrdup("the device needs an asset tag or a serial number");
		*ja = xstrdup("資産番号か製造番号のどちらかが必要です");
		return -1;
	}
	return 0;
}

void
devrec_suggest(const struct json *device, struct json *rec)
{
	const char *serial = json_get_str(json_get(device, "serial"));
	const char *vendor = json_get_str(json_get(device, "vendor"));
	const char *product = json_get_str(json_get(device, "product"));

	if (devrec_get(rec, "serial")[0] == '\0' && serial != NULL && device_serial_usable(serial))
		devrec_set(rec, "serial", serial);
	if (devrec_get(rec, "model")[0] == '\0' && product != NULL && product[0] != '\0') {
		char *m = vendor != NULL && vendor[0] != '\0' && strstr(product, vendor) == NULL ?
		    xasprintf("%s %s", vendor, product) :
		    xstrdup(product);

		devrec_set(rec, "model", m);
		free(m);
	}
}

char *
devrec_line(const struct json *rec)
{
	struct strbuf sb = STRBUF_INIT;
	const char *keys[] = { "asset_tag", "serial", "model", "owner" };
	size_t i;

	for (i = 0; i < 4; i++) {
		const char *v = devrec_get(rec, keys[i]);

		if (v[0] == '\0')
			continue;
		if (sb.len > 0)
			sb_adds(&sb, i == 3 ? " / " : " ");
		sb_adds(&sb, v);
	}
	if (sb.len == 0)
		sb_adds(&sb, "");
	return sb_detach(&sb);
}
