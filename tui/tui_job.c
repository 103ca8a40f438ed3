/*
 * tui_job.c: automatic checks run in a worker thread so the UI stays live.
 *
 * The worker runs each check with check_run() and a progress callback that
 * copies the progress under a mutex and returns the cancel flag (Esc in the
 * UI, or a kiosk medium removed). The UI thread polls with tui_job_peek()
 * about ten times a second and takes finished results with tui_job_take(),
 * storing them in the session itself: the session is only ever touched by
 * the UI thread.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui.h"
#include "../util/xalloc.h"

struct tui_job {
	pthread_t thread;
	pthread_mutex_t lock;
	struct tui_job_spec *specs;
	size_t n;
	char *root;
	const struct config *cfg;
	char **paths;
	struct tui_engine *engine;

	/* under lock */
	struct tui_job_view view;
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
job_progress(void *arg, const struct check_progress *p)
{
	struct tui_job *j = arg;
	int cancel;

	pthread_mutex_lock(&j->lock);
	j->view.have_progress = 1;
	j->view.p = *p;
	xsnprintf(j->view.phase, sizeof j->view.phase, "%s", p->phase != NULL ? p->phase : "");
	if (p->current != NULL)
		(void)xsnprintf(j->view.current, sizeof j->view.current, "%s", p->current);
	else
		j->view.current[0] = '\0';
	cancel = j->cancel;
	pthread_mutex_unlock(&j->lock);
	return cancel;
}

/* The worker: each check in turn. */
static void *
job_main(void *arg)
{
	struct tui_job *j = arg;
	size_t i;

	for (i = 0; i < j->n; i++) {
		struct check_ctx ctx;
		struct check_result r;
		int cancel, uses_engine;

		pthread_mutex_lock(&j->lock);
		cancel = j->cancel;
		j->view.index = i;
		j->view.check = j->specs[i].check;
		j->view.have_progress = 0;
		j->view.phase[0] = '\0';
		j->view.current[0] = '\0';
		j->view.started = job_now();
		pthread_mutex_unlock(&j->lock);
		if (cancel)
			break;
		memset(&ctx, 0, sizeof ctx);
		uses_engine = j->engine != NULL && (strcmp(j->specs[i].check->id, "media-scan") == 0 ||
		    strcmp(j->specs[i].check->id, "endpoint-scan") == 0);
		if (uses_engine) {
			pthread_mutex_lock(&j->lock);
			xsnprintf(j->view.phase, sizeof j->view.phase, "%s", "signatures");
			j->view.have_progress = 1;
			pthread_mutex_unlock(&j->lock);
			ctx.shared = tui_engine_acquire(j->engine);
		}
		ctx.root = j->root;
		ctx.cfg = j->cfg;
		ctx.params = j->specs[i].params;
		ctx.now = time(NULL);
		ctx.progress = job_progress;
		ctx.progress_arg = j;
		ctx.paths = (const char *const *)j->paths;
		memset(&r, 0, sizeof r); /* check_run() initialises it */
		check_run(j->specs[i].check, &ctx, &r);
		if (uses_engine)
			tui_engine_release(j->engine);
		pthread_mutex_lock(&j->lock);
		/* a cancelled check never counts as clean */
		if (j->cancel && (r.status == CHECK_PASS || r.status == CHECK_SKIP))
			check_result_set(&r, CHECK_UNKNOWN, "stopped before it finished",
			    "完了前に中止されました");
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

struct tui_job *
tui_job_start(const struct tui_job_spec *specs, size_t n, const char *root,
    const struct config *cfg, char *const *paths, struct tui_engine *engine)
{
	struct tui_job *j = xcalloc(1, sizeof *j);
	size_t i, np = 0;

	pthread_mutex_init(&j->lock, NULL);
	j->specs = xreallocarray(NULL, n > 0 ? n : 1, sizeof *specs);
	if (n > 0)
		memcpy(j->specs, specs, n * sizeof *specs);
	j->n = n;
	j->root = xstrdup(root != NULL ? root : "/");
	j->cfg = cfg;
	j->engine = engine;
	if (paths != NULL) {
		while (paths[np] != NULL)
			np++;
		j->paths = xcalloc(np + 1, sizeof *j->paths);
		for (i = 0; i < np; i++)
			j->paths[i] = xstrdup(paths[i]);
	}
	j->results = xcalloc(n > 0 ? n : 1, sizeof *j->results);
	j->ready = xcalloc(n > 0 ? n : 1, sizeof *j->ready);
	j->view.n = n;
	j->view.started = job_now();
	if (pthread_create(&j->thread, NULL, job_main, j) != 0)
		fatal("cannot start a thread for the checks");
	return j;
}

void
tui_job_peek(struct tui_job *j, struct tui_job_view *v)
{
	pthread_mutex_lock(&j->lock);
	*v = j->view;
	pthread_mutex_unlock(&j->lock);
	v->p.phase = v->phase;
	v->p.current = v->current[0] != '\0' ? v->current : NULL;
}

int
tui_job_take(struct tui_job *j, const struct check **c, struct check_result *r)
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

void
tui_job_cancel(struct tui_job *j)
{
	pthread_mutex_lock(&j->lock);
	j->cancel = 1;
	pthread_mutex_unlock(&j->lock);
}

void
tui_job_free(struct tui_job *j)
{
	size_t i;

	if (j == NULL)
		return;
	tui_job_cancel(j);
	pthread_join(j->thread, NULL);
	for (i = 0; i < j->n; i++)
		if (j->ready[i] == 1)
			check_result_free(&j->results[i]);
	if (j->paths != NULL)
		for (i = 0; j->paths[i] != NULL; i++)
			free(j->paths[i]);
	free(j->paths);
	free(j->results);
	free(j->ready);
	free(j->specs);
	free(j->root);
	pthread_mutex_destroy(&j->lock);
	free(j);
}
