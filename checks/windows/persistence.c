/*
 * windows/persistence.c: the persistence probe for a Windows installation
 * read from its disk: the Run and RunOnce values of the keys written in the
 * period, and the services and scheduled tasks written in it, as
 * autoruns.c reads them (the same reader as new-software's).
 */
#include "../persistence.h"

#include <stdlib.h>

#include "../new_software.h"
#include "../../util/xalloc.h"
#include "autoruns.h"
#include "winprobe.h"

int
persistence_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res)
{
	static const enum persist_kind kinds[] = {
		[AUTORUN_RUN] = PERSIST_RUN,
		[AUTORUN_SERVICE] = PERSIST_SERVICE,
		[AUTORUN_TASK] = PERSIST_TASK,
	};
	struct persistence_facts *f = facts;
	struct winprobe w;
	struct autoruns a;
	size_t i, nrun = 0;

	if (new_software_since(ctx, &f->since, res) < 0)
		return -1;
	if (winprobe_open(&w, ctx, res, WINPROBE_SOFTWARE | WINPROBE_SYSTEM) < 0)
		return -1;
	f->windows = 1;
	autoruns_read(&a, &w, ctx, res, f->since);
	for (i = 0; i < json_len(a.notes); i++)
		persistence_problem(f, xstrdup(json_get_str(json_at(a.notes, i))));
	for (i = 0; i < json_len(a.dirty); i++)
		persistence_note(f, xstrdup(json_get_str(json_at(a.dirty, i))));
	for (i = 0; i < a.n; i++) {
		struct autorun *r = &a.v[i];
		struct persist_entry *e;

		if (r->kind == AUTORUN_RUN)
			nrun++;
		if (r->written == 0) {
			persistence_problem(f,
			    xasprintf("%s: %s: its LastWrite time cannot be read", r->where, r->name));
			continue;
		}
		/* services and tasks come filtered by since; Run values do not */
		if (r->written < f->since)
			continue;
		e = persistence_add(f, kinds[r->kind]);
		e->name = r->name;
		e->command = r->command;
		e->where = r->where;
		e->user = r->user;
		e->detail = r->start != NULL ? xasprintf("Start: %s", r->start) : NULL;
		r->name = r->command = r->where = r->user = NULL;
		e->written = r->written;
		e->written_from = r->written_from;
		e->outside = r->outside;
	}
	f->examined = nrun + a.services + a.tasks;
	{
		const struct winreg_hive *hs[2] = { w.software, w.system };

		for (i = 0; i < 2; i++)
			if (winreg_dirty(hs[i]))
				persistence_note(f,
				    xasprintf("%s: not cleanly written back; changes in its .LOG1/.LOG2 "
				              "are not replayed",
				        winreg_file(hs[i])));
	}
	autoruns_free(&a);
	winprobe_close(&w);
	return 0;
}
