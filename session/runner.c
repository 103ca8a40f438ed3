/*
 * runner.c: running planned checks, one at a time or in a worker thread
 * (see runner.h).
 */
#include "runner.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/xalloc.h"

struct runner {
	pthread_t thread;
	pthread_mutex_t lock;
	struct plan_entry *specs;
	size_t n;
	struct runner_opts opts;
	char **paths;
	char *sidedir;

	/* under lock */
	struct runner_view view;
	int cancel;
	struct check_result *results; /* one per spec */
	int *ready;                   /* 1 finished, 2 taken */
};

/* Monotonic seconds. */
static double
job_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The progress callback: copy what the check reports, answer the cancel flag. */
static int
job_progress(void *arg, const struct progress *p)
{
	struct runner *j = arg;
	int cancel;

	pthread_mutex_lock(&j->lock);
	j->view.have_progress = 1;
	j->view.p = *p;
	xsnprintf(j->view.phase, sizeof j->view.phase, "%s", p->phase != NULL ? p->phase : "");
	xsnprintf(j->view.phase_ja, sizeof j->view.phase_ja, "%s", p->phase_ja != NULL ? p->phase_ja : "");
	if (p->current != NULL)
		(void)xsnprintf(j->view.current, sizeof j->view.current, "%s", p->current);
	else
		j->view.current[0] = '\0';
	cancel = j->cancel;
	pthread_mutex_unlock(&j->lock);
	return cancel;
}

/* What runner_run_one() passes on to the caller's progress callback, remembering a stop. */
struct relay {
	progress_fn fn;
	void *arg;
	int stopped;
};

static int
relay_progress(void *arg, const struct progress *p)
{
	struct relay *r = arg;

	if (r->fn != NULL && r->fn(r->arg, p) != 0)
		r->stopped = 1;
	return r->stopped;
}

void
runner_run_one(const struct plan_entry *e, const struct runner_opts *o, progress_fn progress,
    void *progress_arg, struct check_result *res)
{
	struct relay relay = { progress, progress_arg, 0 };
	struct check_ctx ctx;
	int lend = o->engine != NULL && (e->check->flags & CHECK_USES_ENGINE);

	memset(&ctx, 0, sizeof ctx);
	ctx.target = o->target;
	ctx.cfg = o->cfg;
	ctx.params = e->params;
	ctx.now = o->now != 0 ? o->now : time(NULL);
	ctx.progress = relay_progress;
	ctx.progress_arg = &relay;
	if (e->check->flags & CHECK_SCANS_PATHS)
		ctx.paths = o->paths;
	ctx.sidedir = o->sidedir;
	if (lend) {
		struct progress p = { .phase = "signatures",
			.phase_ja = "シグネチャを読み込んでいます",
			.eta = -1 };

		relay_progress(&relay, &p);
		ctx.engine = scan_loader_acquire(o->engine);
	}
	check_run(e->check, &ctx, res);
	if (lend)
		scan_loader_release(o->engine);
	/* a stopped check never counts as clean */
	if (relay.stopped && (res->status == CHECK_PASS || res->status == CHECK_SKIP))
		check_result_set(res, CHECK_UNKNOWN, "stopped before it finished",
		    "完了前に中止されました");
}

/* The worker: each check in turn. */
static void *
job_main(void *arg)
{
	struct runner *j = arg;
	size_t i;

	for (i = 0; i < j->n; i++) {
		struct check_result r;
		int cancel;

		pthread_mutex_lock(&j->lock);
		cancel = j->cancel;
		j->view.index = i;
		j->view.check = j->specs[i].check;
		j->view.have_progress = 0;
		j->view.phase[0] = '\0';
		j->view.phase_ja[0] = '\0';
		j->view.current[0] = '\0';
		j->view.started = job_now();
		pthread_mutex_unlock(&j->lock);
		if (cancel)
			break;
		runner_run_one(&j->specs[i], &j->opts, job_progress, j, &r);
		pthread_mutex_lock(&j->lock);
		j->results[i] = r;
		j->ready[i] = 1;
		pthread_mutex_unlock(&j->lock);
	}
	pthread_mutex_lock(&j->lock);
	j->view.done = 1;
	j->view.cancelled = j->cancel;
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

struct runner *
runner_start(const struct plan *p, const struct runner_opts *o)
{
	struct runner *j = xcalloc(1, sizeof *j);
	size_t i, n = p->n, np = 0;

	pthread_mutex_init(&j->lock, NULL);
	j->specs = xreallocarray(NULL, n > 0 ? n : 1, sizeof *j->specs);
	if (n > 0)
		memcpy(j->specs, p->v, n * sizeof *j->specs);
	j->n = n;
	j->opts = *o;
	if (o->paths != NULL) {
		while (o->paths[np] != NULL)
			np++;
		j->paths = xcalloc(np + 1, sizeof *j->paths);
		for (i = 0; i < np; i++)
			j->paths[i] = xstrdup(o->paths[i]);
		j->opts.paths = (const char *const *)j->paths;
	}
	if (o->sidedir != NULL)
		j->opts.sidedir = j->sidedir = xstrdup(o->sidedir);
	j->results = xcalloc(n > 0 ? n : 1, sizeof *j->results);
	j->ready = xcalloc(n > 0 ? n : 1, sizeof *j->ready);
	j->view.n = n;
	j->view.started = job_now();
	if (pthread_create(&j->thread, NULL, job_main, j) != 0)
		fatal("cannot start a thread for the checks");
	return j;
}

void
runner_peek(struct runner *j, struct runner_view *v)
{
	pthread_mutex_lock(&j->lock);
	*v = j->view;
	pthread_mutex_unlock(&j->lock);
	v->p.phase = v->phase;
	v->p.phase_ja = v->phase_ja[0] != '\0' ? v->phase_ja : NULL;
	v->p.current = v->current[0] != '\0' ? v->current : NULL;
}

int
runner_take(struct runner *j, const struct check **c, struct check_result *r)
{
	size_t i;
	int got = 0;

	pthread_mutex_lock(&j->lock);
	for (i = 0; i < j->n; i++)
		if (j->ready[i] == 1) {
			*c = j->specs[i].check;
			*r = j->results[i];
			memset(&j->results[i], 0, sizeof j->results[i]);
			j->ready[i] = 2;
			got = 1;
			break;
		}
	pthread_mutex_unlock(&j->lock);
	return got;
}

int
runner_pending(struct runner *j, const struct check *c)
{
	size_t i;
	int st = 0;

	pthread_mutex_lock(&j->lock);
	for (i = 0; i < j->n && st == 0; i++)
		if (j->specs[i].check == c && j->ready[i] == 0)
			st = j->view.done ? 0 : i == j->view.index && j->view.check == c ? 2 : 1;
	pthread_mutex_unlock(&j->lock);
	return st;
}

void
runner_cancel(struct runner *j)
{
	pthread_mutex_lock(&j->lock);
	j->cancel = 1;
	pthread_mutex_unlock(&j->lock);
}

void
runner_free(struct runner *j)
{
	size_t i;

	if (j == NULL)
		return;
	runner_cancel(j);
	pthread_join(j->thread, NULL);
	for (i = 0; i < j->n; i++)
		if (j->ready[i] == 1)
			check_result_free(&j->results[i]);
	if (j->paths != NULL)
		for (i = 0; j->paths[i] != NULL; i++)
			free(j->paths[i]);
	free(j->paths);
	free(j->sidedir);
	free(j->results);
	free(j->ready);
	free(j->specs);
	pthread_mutex_destroy(&j->lock);
	free(j);
}
