/*
 * config.c: loading and validating the site configuration.
 */
#include "config.h"

#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/xalloc.h"
#include "../util/ydoc.h"

struct config *
config_defaults(void)
{
	struct config *c = xcalloc(1, sizeof *c);

	c->max_signature_age_days = 3;
	c->max_list_age_days = 7;
	c->windows_builds_max_age_days = 60;
	c->scan_max_filesize = 100LL << 20;
	c->scan_max_scansize = 400LL << 20;
	c->scan_max_files = 10000;
	c->scan_max_recursion = 17;
	c->scan_max_time_ms = 120000;
	c->kiosk_idle_timeout = 300;
	c->kiosk_max_signature_age = 7;
	c->check_params = json_object();
	return c;
}

void
config_free(struct config *c)
{
	if (c == NULL)
		return;
	free(c->file);
	free(c->report_dir);
	free(c->state_dir);
	free(c->signing_key);
	free(c->allowed_signers);
	free(c->fleet_database);
	free(c->cms_certificate);
	free(c->cms_key);
	strv_free(c->software_allow);
	strv_free(c->software_deny);
	strv_free(c->persistence_allow);
	free(c->windows_builds_file);
	strv_free(c->org_domains);
	free(c->clamav_database);
	free(c->clamd_socket);
	free(c->kiosk_passphrase_hash);
	free(c->kiosk_desk_en);
	free(c->kiosk_desk_ja);
	free(c->kiosk_staff_id);
	free(c->kiosk_staff_id_pattern);
	free(c->kiosk_lang);
	free(c->kiosk_printer);
	json_free(c->check_params);
	for (size_t i = 0; i < c->ndevice_fields; i++) {
		free(c->device_fields[i].key);
		free(c->device_fields[i].label_en);
		free(c->device_fields[i].label_ja);
		free(c->device_fields[i].pattern);
	}
	free(c->device_fields);
	free(c);
}

/* Reads an optional string key into *out (replacing it). */
static void
opt_str(const struct ynode *map, const char *key, char **out, const char *file, struct diags *d)
{
	const struct ynode *n = ymap_get(map, key);
	const char *s;

	if (n == NULL)
		return;
	if (yget_str(n, &s, file, key, d) == 0) {
		free(*out);
		*out = xstrdup(s);
	}
}

/* Reads an optional string-list key. */
static void
opt_list(const struct ynode *map, const char *key, char ***out, const char *file, struct diags *d)
{
	const struct ynode *n = ymap_get(map, key);
	const char **v;
	size_t cnt, i;

	if (n == NULL)
		return;
	if (yget_strlist(n, &v, &cnt, file, key, d) < 0)
		return;
	strv_free(*out);
	*out = xcalloc(cnt + 1, sizeof **out);
	for (i = 0; i < cnt; i++)
		(*out)[i] = xstrdup(v[i]);
	free(v);
}

static void
opt_int(const struct ynode *map, const char *key, long long min, long long max, long long *out,
    const char *file, struct diags *d)
{
	const struct ynode *n = ymap_get(map, key);
	long long v;

	if (n != NULL && yget_int(n, min, max, &v, file, key, d) == 0)
		*out = v;
}

static void
opt_int32(const struct ynode *map, const char *key, long long min, long long max, int *out,
    const char *file, struct diags *d)
{
	long long v = *out;

	opt_int(map, key, min, max, &v, file, d);
	*out = (int)v;
}

static const char *const top_keys[] = {
	"telework_start",
	"report_dir",
	"state_dir",
	"signing_key",
	"allowed_signers",
	"cms",
	"software",
	"persistence",
	"windows",
	"org_domains",
	"clamav",
	"scan",
	"apt",
	"kiosk",
	"fleet",
	"device",
	"checks",
	NULL,
};

/* Whether key names a site field: [a-z][a-z0-9_]*, at most 32 bytes, not a built-in field. */
static int
device_key_ok(const char *key)
{
	static const char *const builtin[] = { "asset_tag", "serial", "model", "owner", "fields", NULL };
	size_t i;

	if (key[0] < 'a' || key[0] > 'z' || strlen(key) > 32)
		return 0;
	for (i = 1; key[i] != '\0'; i++)
		if (!((key[i] >= 'a' && key[i] <= 'z') || (key[i] >= '0' && key[i] <= '9') || key[i] == '_'))
			return 0;
	for (i = 0; builtin[i] != NULL; i++)
		if (strcmp(key, builtin[i]) == 0)
			return 0;
	return 1;
}

/* Reads device.fields: the site's own fields of the device record. */
static void
device_fields(const struct ynode *map, struct config *c, const char *f, struct diags *d)
{
	static const char *const k[] = { "fields", NULL };
	static const char *const fk[] = { "key", "label_en", "label_ja", "pattern", "required", NULL };
	static const char *const fkreq[] = { "key", "label_en", "label_ja", NULL };
	const struct ynode *n;
	size_t i, j;

	ycheck_keys(map, k, NULL, f, "device", d);
	if ((n = ymap_get(map, "fields")) == NULL || yexpect(n, YNODE_SEQ, f, "device.fields", d) < 0)
		return;
	c->device_fields = xcalloc(n->n + 1, sizeof *c->device_fields);
	for (i = 0; i < n->n; i++) {
		const struct ynode *e = n->items[i], *v;
		struct config_device_field *df = &c->device_fields[c->ndevice_fields];
		regex_t re;

		if (yexpect(e, YNODE_MAP, f, "a device field", d) < 0 ||
		    ycheck_keys(e, fk, fkreq, f, "a device field", d) > 0)
			continue;
		memset(df, 0, sizeof *df);
		c->ndevice_fields++;
		opt_str(e, "key", &df->key, f, d);
		opt_str(e, "label_en", &df->label_en, f, d);
		opt_str(e, "label_ja", &df->label_ja, f, d);
		opt_str(e, "pattern", &df->pattern, f, d);
		if ((v = ymap_get(e, "required")) != NULL)
			yget_bool(v, &df->required, f, "required", d);
		v = ymap_get(e, "key");
		if (df->key != NULL && !device_key_ok(df->key))
			diag_add(d, f, v->line, v->col,
			    "device field key \"%s\" must be lower-case letters, digits and _ "
			    "(starting with a letter, at most 32) and not asset_tag, serial, model "
			    "or owner",
			    df->key);
		for (j = 0; df->key != NULL && j + 1 < c->ndevice_fields; j++)
			if (c->device_fields[j].key != NULL &&
			    strcmp(c->device_fields[j].key, df->key) == 0)
				diag_add(d, f, v->line, v->col,
				    "device field \"%s\" is declared twice", df->key);
		if (df->pattern != NULL) {
			if (regcomp(&re, df->pattern, REG_EXTENDED | REG_NOSUB) != 0) {
				v = ymap_get(e, "pattern");
				diag_add(d, f, v->line, v->col,
				    "the pattern of device field \"%s\" is not a valid extended "
				    "regular expression",
				    df->key != NULL ? df->key : "?");
			} else
				regfree(&re);
		}
	}
}

/* Checks the kiosk settings that take one of a few values, and reads ask_when_infected. */
static void
kiosk_checks(const struct ynode *map, struct config *c, const char *f, struct diags *d)
{
	const struct ynode *n;
	regex_t re;

	if ((n = ymap_get(map, "ask_when_infected")) != NULL)
		yget_bool(n, &c->kiosk_ask_when_infected, f, "kiosk.ask_when_infected", d);
	if (c->kiosk_staff_id != NULL && strcmp(c->kiosk_staff_id, "required") != 0 &&
	    strcmp(c->kiosk_staff_id, "optional") != 0 && strcmp(c->kiosk_staff_id, "off") != 0) {
		n = ymap_get(map, "staff_id");
		diag_add(d, f, n->line, n->col,
		    "kiosk.staff_id must be required, optional or off, not \"%s\"", c->kiosk_staff_id);
	}
	if (c->kiosk_staff_id_pattern != NULL) {
		if (regcomp(&re, c->kiosk_staff_id_pattern, REG_EXTENDED | REG_NOSUB) != 0) {
			n = ymap_get(map, "staff_id_pattern");
			diag_add(d, f, n->line, n->col,
			    "kiosk.staff_id_pattern is not a valid extended regular expression");
		} else
			regfree(&re);
	}
	if (c->kiosk_lang != NULL && strcmp(c->kiosk_lang, "ja") != 0 &&
	    strcmp(c->kiosk_lang, "en") != 0) {
		n = ymap_get(map, "language");
		diag_add(d, f, n->line, n->col, "kiosk.language must be ja or en, not \"%s\"",
		    c->kiosk_lang);
	}
	/* a CUPS queue name (lp -d): never an option, a path or a control byte */
	if (c->kiosk_printer != NULL &&
	    (c->kiosk_printer[0] == '\0' || c->kiosk_printer[0] == '-' ||
	        strspn(c->kiosk_printer, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.@-") !=
	            strlen(c->kiosk_printer))) {
		n = ymap_get(map, "printer");
		diag_add(d, f, n->line, n->col,
		    "kiosk.printer must be a CUPS queue name (letters, digits, _ . @ -, not "
		    "starting with -)");
	}
}

/* Fills c from the document's root mapping. */
static void
config_read(struct config *c, const struct ynode *root, config_check_validator validate,
    const char *f, struct diags *d)
{
	const struct ynode *n;
	size_t i;

	if (yexpect(root, YNODE_MAP, f, "the configuration", d) < 0)
		return;
	ycheck_keys(root, top_keys, NULL, f, "the configuration", d);
	if ((n = ymap_get(root, "telework_start")) != NULL)
		yget_time(n, &c->telework_start, f, "telework_start", d);
	opt_str(root, "report_dir", &c->report_dir, f, d);
	opt_str(root, "state_dir", &c->state_dir, f, d);
	opt_str(root, "signing_key", &c->signing_key, f, d);
	opt_str(root, "allowed_signers", &c->allowed_signers, f, d);
	opt_list(root, "org_domains", &c->org_domains, f, d);
	if ((n = ymap_get(root, "cms")) != NULL && yexpect(n, YNODE_MAP, f, "cms", d) == 0) {
		static const char *const k[] = { "certificate", "key", NULL };

		if (ycheck_keys(n, NULL, k, f, "cms", d) == 0) {
			opt_str(n, "certificate", &c->cms_certificate, f, d);
			opt_str(n, "key", &c->cms_key, f, d);
		}
	}
	if ((n = ymap_get(root, "software")) != NULL && yexpect(n, YNODE_MAP, f, "software", d) == 0) {
		static const char *const k[] = { "allow", "deny", NULL };

		ycheck_keys(n, k, NULL, f, "software", d);
		opt_list(n, "allow", &c->software_allow, f, d);
		opt_list(n, "deny", &c->software_deny, f, d);
	}
	if ((n = ymap_get(root, "windows")) != NULL && yexpect(n, YNODE_MAP, f, "windows", d) == 0) {
		static const char *const k[] = { "builds_file", "builds_max_age_days", NULL };

		ycheck_keys(n, k, NULL, f, "windows", d);
		opt_str(n, "builds_file", &c->windows_builds_file, f, d);
		opt_int32(n, "builds_max_age_days", 1, 3650, &c->windows_builds_max_age_days, f, d);
	}
	if ((n = ymap_get(root, "persistence")) != NULL &&
	    yexpect(n, YNODE_MAP, f, "persistence", d) == 0) {
		static const char *const k[] = { "allow", NULL };

		ycheck_keys(n, k, NULL, f, "persistence", d);
		opt_list(n, "allow", &c->persistence_allow, f, d);
	}
	if ((n = ymap_get(root, "clamav")) != NULL && yexpect(n, YNODE_MAP, f, "clamav", d) == 0) {
		static const char *const k[] = { "database", "clamd_socket",
			"max_signature_age_days", NULL };

		ycheck_keys(n, k, NULL, f, "clamav", d);
		opt_str(n, "database", &c->clamav_database, f, d);
		opt_str(n, "clamd_socket", &c->clamd_socket, f, d);
		opt_int32(n, "max_signature_age_days", 0, 3650, &c->max_signature_age_days, f, d);
	}
	if ((n = ymap_get(root, "scan")) != NULL && yexpect(n, YNODE_MAP, f, "scan", d) == 0) {
		static const char *const k[] = { "max_file_size_mb", "max_scan_size_mb",
			"max_files", "max_recursion", "max_scan_time_s", "jobs", NULL };
		long long mb;

		ycheck_keys(n, k, NULL, f, "scan", d);
		mb = c->scan_max_filesize >> 20;
		opt_int(n, "max_file_size_mb", 1, 4095, &mb, f, d);
		c->scan_max_filesize = mb << 20;
		mb = c->scan_max_scansize >> 20;
		opt_int(n, "max_scan_size_mb", 1, 4095, &mb, f, d);
		c->scan_max_scansize = mb << 20;
		opt_int(n, "max_files", 1, 1000000, &c->scan_max_files, f, d);
		opt_int(n, "max_recursion", 1, 100, &c->scan_max_recursion, f, d);
		mb = c->scan_max_time_ms / 1000;
		opt_int(n, "max_scan_time_s", 1, 86400, &mb, f, d);
		c->scan_max_time_ms = mb * 1000;
		opt_int32(n, "jobs", 0, 256, &c->scan_jobs, f, d);
	}
	if ((n = ymap_get(root, "apt")) != NULL && yexpect(n, YNODE_MAP, f, "apt", d) == 0) {
		static const char *const k[] = { "max_list_age_days", NULL };

		ycheck_keys(n, k, NULL, f, "apt", d);
		opt_int32(n, "max_list_age_days", 1, 3650, &c->max_list_age_days, f, d);
	}
	if ((n = ymap_get(root, "kiosk")) != NULL && yexpect(n, YNODE_MAP, f, "kiosk", d) == 0) {
		static const char *const k[] = { "admin_passphrase_hash", "idle_timeout_s",
			"max_signature_age_days", "it_desk", "it_desk_ja", "staff_id",
			"staff_id_pattern", "ask_when_infected", "language", "printer", NULL };

		ycheck_keys(n, k, NULL, f, "kiosk", d);
		opt_str(n, "admin_passphrase_hash", &c->kiosk_passphrase_hash, f, d);
		opt_int32(n, "idle_timeout_s", 10, 86400, &c->kiosk_idle_timeout, f, d);
		opt_int32(n, "max_signature_age_days", 1, 3650, &c->kiosk_max_signature_age, f, d);
		opt_str(n, "it_desk", &c->kiosk_desk_en, f, d);
		opt_str(n, "it_desk_ja", &c->kiosk_desk_ja, f, d);
		opt_str(n, "staff_id", &c->kiosk_staff_id, f, d);
		opt_str(n, "staff_id_pattern", &c->kiosk_staff_id_pattern, f, d);
		opt_str(n, "language", &c->kiosk_lang, f, d);
		opt_str(n, "printer", &c->kiosk_printer, f, d);
		kiosk_checks(n, c, f, d);
	}
	if ((n = ymap_get(root, "fleet")) != NULL && yexpect(n, YNODE_MAP, f, "fleet", d) == 0) {
		static const char *const k[] = { "database", NULL };

		ycheck_keys(n, k, NULL, f, "fleet", d);
		opt_str(n, "database", &c->fleet_database, f, d);
	}
	if ((n = ymap_get(root, "device")) != NULL && yexpect(n, YNODE_MAP, f, "device", d) == 0)
		device_fields(n, c, f, d);
	if ((n = ymap_get(root, "checks")) != NULL && yexpect(n, YNODE_MAP, f, "checks", d) == 0) {
		for (i = 0; i < n->n; i++) {
			struct json *p;

			if (validate == NULL) {
				diag_add(d, f, n->keys[i]->line, n->keys[i]->col,
				    "checks.%s cannot be validated here", n->keys[i]->str);
				continue;
			}
			p = validate(n->keys[i]->str, n->keys[i], n->items[i], f, d);
			if (p != NULL)
				json_obj_set(c->check_params, n->keys[i]->str, p);
		}
	}
}

struct config *
config_load(const char *path, config_check_validator validate, struct diags *d)
{
	struct config *c = config_defaults();
	struct ydoc *doc;
	size_t before = d->n;

	if (path == NULL) {
		if (access(CONFIG_DEFAULT_PATH, F_OK) < 0 && errno == ENOENT)
			return c;
		path = CONFIG_DEFAULT_PATH;
	}
	c->file = xstrdup(path);
	if ((doc = ydoc_load_file(path, NULL, d)) == NULL) {
		config_free(c);
		return NULL;
	}
	if (doc->root != NULL)
		config_read(c, doc->root, validate, path, d);
	ydoc_free(doc);
	if (d->n > before) {
		config_free(c);
		return NULL;
	}
	return c;
}

const struct json *
config_check_params(const struct config *cfg, const char *id)
{
	return cfg != NULL ? json_get(cfg->check_params, id) : NULL;
}

/* $VAR/reentry/sub when VAR is set and absolute, else $HOME/fallback/reentry/sub. */
static char *
xdg_dir(const char *var, const char *fallback, const char *sub)
{
	const char *v = getenv(var), *home = getenv("HOME");

	if (v != NULL && v[0] == '/')
		return xasprintf("%s/reentry%s%s", v, sub[0] ? "/" : "", sub);
	if (home == NULL || home[0] != '/')
		home = "/tmp";
	return xasprintf("%s/%s/reentry%s%s", home, fallback, sub[0] ? "/" : "", sub);
}

char *
config_report_dir(const struct config *cfg)
{
	if (cfg != NULL && cfg->report_dir != NULL)
		return xstrdup(cfg->report_dir);
	if (geteuid() == 0)
		return xstrdup("/var/lib/reentry/reports");
	return xdg_dir("XDG_DATA_HOME", ".local/share", "reports");
}

char *
config_state_dir(const struct config *cfg, int kiosk)
{
	if (cfg != NULL && cfg->state_dir != NULL)
		return xstrdup(cfg->state_dir);
	if (kiosk || (geteuid() == 0 && getenv("XDG_STATE_HOME") == NULL))
		return xstrdup("/var/lib/reentry/state");
	return xdg_dir("XDG_STATE_HOME", ".local/state", "");
}
