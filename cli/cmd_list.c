/*
 * cmd_list.c: `reentry list`: the checklist's categories and items, as a
 * table in one language or as JSON with both.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "../util/text.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: reentry list [--checklist FILE] [--lang ja|en] [--role ROLE] [--json]\n\n"
	    "Lists the checklist's categories and items. --role shows only the items\n"
	    "for staff, it or management. --json prints both languages.\n");
}

/* Prints one table row: id, kind, roles, title cut to the terminal's width. */
static void
print_item(const struct item *it, enum lang lang)
{
	char roles[32] = "", *title;
	unsigned r;
	int n = 0;

	for (r = ROLE_STAFF; r <= ROLE_MANAGEMENT; r <<= 1)
		if (it->roles & r)
			n += snprintf(roles + n, sizeof roles - (size_t)n, "%s%s", n ? "," : "",
			    role_name((enum role)r));
	title = text_fit(ltext_get(&it->title, lang), 50, 0);
	printf("  %-5s %-16s %-17s %s\n", it->id, item_kind_name(it->kind), roles, title);
	free(title);
}

int
cmd_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "checklist", required_argument, NULL, 'f' },
		{ "lang", required_argument, NULL, 'l' },
		{ "role", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL, *langopt = NULL;
	unsigned roles = ROLE_ALL;
	int ch, json = 0, rc = EXIT_GOOD;
	enum lang lang;
	enum role role;
	struct checklist *cl;
	size_t i, j;

	while ((ch = getopt_long(argc, argv, "f:l:r:jh", opts, NULL)) != -1) {
		switch (ch) {
		case 'f': file = optarg; break;
		case 'l': langopt = optarg; break;
		case 'r':
			if (role_parse(optarg, &role) < 0)
				return cli_usage_error("list ", "unknown role (staff, it, management)");
			roles = role;
			break;
		case 'j': json = 1; break;
		case 'h': usage(stdout); return EXIT_GOOD;
		case 'V': return cli_version();
		default: return cli_usage_error("list ", "bad option");
		}
	}
	if (optind < argc)
		return cli_usage_error("list ", "unexpected argument");
	if (cli_lang(langopt, &lang) < 0)
		return cli_usage_error("list ", "--lang takes ja or en");
	if ((cl = cli_load_checklist(file)) == NULL)
		return EXIT_USAGE;
	if (json) {
		struct json *o = json_object(), *cats, *t;

		json_obj_set(o, "id", json_str(cl->id));
		json_obj_set(o, "version", json_str(cl->version));
		t = json_obj_set(o, "title", json_object());
		json_obj_set(t, "ja", json_str(ltext_get(&cl->title, LANG_JA)));
		json_obj_set(t, "en", json_str(ltext_get(&cl->title, LANG_EN)));
		cats = json_obj_set(o, "categories", json_array());
		for (i = 0; i < cl->ncategories; i++) {
			struct json *c = category_to_json(&cl->categories[i]);
			struct json *items = json_get(c, "items"), *keep = json_array();

			for (j = 0; j < cl->categories[i].nitems; j++)
				if (cl->categories[i].items[j]->roles & roles)
					json_arr_push(keep, json_copy(json_at(items, j)));
			json_obj_set(c, "items", keep);
			json_arr_push(cats, c);
		}
		if (cli_print_json(o) < 0)
			rc = EXIT_USAGE;
		json_free(o);
	} else {
		char *t = text_sanitize(ltext_get(&cl->title, lang));
		char *v = text_sanitize(cl->version);

		printf("%s (%s)\n", t, v);
		free(t);
		free(v);
		for (i = 0; i < cl->ncategories; i++) {
			const struct category *c = &cl->categories[i];
			char *ct = text_sanitize(ltext_get(&c->title, lang));

			printf("\n%s. %s\n", c->id, ct);
			free(ct);
			for (j = 0; j < c->nitems; j++)
				if (c->items[j]->roles & roles)
					print_item(c->items[j], lang);
		}
		if (fflush(stdout) != 0)
			rc = EXIT_USAGE;
	}
	checklist_free(cl);
	return rc;
}
