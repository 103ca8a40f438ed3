/*
 * loader.c: the signature database, loaded in the background (scan.h).
 *
 * Loading a full ClamAV database takes seconds, so the UI never waits for
 * it: scan_loader_start() begins the load in a thread and returns at once;
 * the screens show its progress (scan_loader_status()). A scan check that
 * needs the engine calls scan_loader_acquire() from the checks' worker
 * thread, which waits for the load to end; the kiosk keeps the engine
 * resident and asks for a reload between scans (scan_loader_reload()),
 * which runs in the background as well and never while a scan holds it.
 *
 * Call order: start -> (status | acquire ... release | reload)* -> free.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"
#include "../util/xalloc.h"

enum eng_state {
	ENG_LOADING,
	ENG_READY,
	ENG_FAILED,
};

struct scan_loader {
	pthread_t thread;
	int have_thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	const struct config *cfg;
	struct scan_engine *engine;
	enum eng_state state;
	int reloading;
	int users;
	int stop;
	double frac; /* load progress, -1 unknown */
	char error[512];
	char error_ja[512]; /* the same in Japanese */
};

/* Load progress from libclamav's loader; non-zero abandons the load (on exit). */
static int
eng_progress(void *arg, const struct progress *p)
{
	struct scan_loader *e = arg;
	int stop;

	pthread_mutex_lock(&e->lock);
	if (p->items_total > 0)
		e->frac = (double)p->items_done / (double)p->items_total;
	stop = e->stop;
	pthread_mutex_unlock(&e->lock);
	return stop;
}

/* The loader thread: first load, or a reload of a resident engine. */
static void *
eng_main(void *arg)
{
	struct scan_loader *e = arg;
	struct scan_engine *se = NULL;
	char err[512], ja[512];
	int rc;

	ja[0] = '\0';
	if (e->reloading) {
		rc = scan_engine_reload_if_changed_l(e->engine, eng_progress, e, err, sizeof err,
		    ja, sizeof ja);
		pthread_mutex_lock(&e->lock);
		e->reloading = 0;
		if (rc < 0) {
			xsnprintf(e->error, sizeof e->error, "%s", err);
			xsnprintf(e->error_ja, sizeof e->error_ja, "%s", ja[0] != '\0' ? ja : err);
		}
		e->state = ENG_READY; /* the old engine stays in use after a failed reload */
		pthread_cond_broadcast(&e->cond);
		pthread_mutex_unlock(&e->lock);
		return NULL;
	}
	rc = scan_engine_new_l(e->cfg, NULL, eng_progress, e, &se, err, sizeof err, ja, sizeof ja);
	pthread_mutex_lock(&e->lock);
	if (rc == 0) {
		e->engine = se;
		e->state = ENG_READY;
	} else {
		(void)xsnprintf(e->error, sizeof e->error, "%s", err);
		(void)xsnprintf(e->error_ja, sizeof e->error_ja, "%s", ja[0] != '\0' ? ja : err);
		e->state = ENG_FAILED;
	}
	pthread_cond_broadcast(&e->cond);
	pthread_mutex_unlock(&e->lock);
	return NULL;
}

struct scan_loader *
scan_loader_start(const struct config *cfg)
{
	struct scan_loader *e = xcalloc(1, sizeof *e);

	pthread_mutex_init(&e->lock, NULL);
	pthread_cond_init(&e->cond, NULL);
	e->cfg = cfg;
	e->state = ENG_LOADING;
	e->frac = -1;
	if (pthread_create(&e->thread, NULL, eng_main, e) != 0)
		fatal("cannot start a thread to load the signature database");
	e->have_thread = 1;
	return e;
}

struct scan_engine *
scan_loader_acquire(struct scan_loader *e)
{
	struct scan_engine *r = NULL;

	if (e == NULL)
		return NULL;
	pthread_mutex_lock(&e->lock);
	while (e->state == ENG_LOADING || e->reloading)
		pthread_cond_wait(&e->cond, &e->lock);
	if (e->state == ENG_READY) {
		r = e->engine;
		e->users++;
	}
	pthread_mutex_unlock(&e->lock);
	return r;
}

void
scan_loader_release(struct scan_loader *e)
{
	if (e == NULL)
		return;
	pthread_mutex_lock(&e->lock);
	if (e->users > 0)
		e->users--;
	pthread_mutex_unlock(&e->lock);
}

void
scan_loader_reload(struct scan_loader *e)
{
	int go = 0;

	if (e == NULL)
		return;
	pthread_mutex_lock(&e->lock);
	if (e->state == ENG_READY && !e->reloading && e->users == 0) {
		e->reloading = 1;
		e->frac = -1;
		go = 1;
	}
	pthread_mutex_unlock(&e->lock);
	if (!go)
		return;
	pthread_join(e->thread, NULL);
	if (pthread_create(&e->thread, NULL, eng_main, e) != 0)
		fatal("cannot start a thread to reload the signature database");
}

void
scan_loader_status(struct scan_loader *e, int ja, char *buf, size_t len)
{
	if (e == NULL) {
		xsnprintf(buf, len, "%s", "");
		return;
	}
	pthread_mutex_lock(&e->lock);
	if (e->state == ENG_LOADING || e->reloading) {
		if (e->frac >= 0)
			(void)xsnprintf(buf, len,
			    (ja ? "シグネチャ: 読み込み中 %.0f%%" : "Signatures: loading %.0f%%"),
			    e->frac * 100);
		else
			(void)xsnprintf(buf, len, "%s",
			    (ja ? "シグネチャ: 読み込み中…" : "Signatures: loading…"));
	} else if (e->state == ENG_READY) {
		const struct scan_engine_info *in = scan_engine_info(e->engine);

		if (in->have_signatures)
			(void)xsnprintf(buf, len,
			    (ja ? "シグネチャ: %llu 件 (%s %s, db %u)" :
			          "Signatures: %llu loaded (%s %s, db %u)"),
			    (unsigned long long)in->signatures, in->backend, in->version, in->db_version);
		else
			(void)xsnprintf(buf, len, (ja ? "スキャナー: %s %s" : "Scanner: %s %s"),
			    in->backend, in->version);
	} else
		(void)xsnprintf(buf, len, "%s %s",
		    (ja ? "シグネチャなし:" : "Signatures unavailable:"), ja ? e->error_ja : e->error);
	pthread_mutex_unlock(&e->lock);
}

void
scan_loader_peek(struct scan_loader *e, struct scan_loader_view *v)
{
	memset(v, 0, sizeof *v);
	if (e == NULL) {
		v->state = SCAN_LOADER_FAILED;
		xsnprintf(v->error, sizeof v->error, "%s", "no scanner");
		return;
	}
	pthread_mutex_lock(&e->lock);
	if (e->state == ENG_LOADING || e->reloading)
		v->state = SCAN_LOADER_LOADING;
	else if (e->state == ENG_READY) {
		const struct scan_engine_info *in = scan_engine_info(e->engine);

		v->state = SCAN_LOADER_READY;
		v->signatures = in->signatures;
		v->have_signatures = in->have_signatures;
		v->db_time = in->db_time;
	} else {
		v->state = SCAN_LOADER_FAILED;
		xsnprintf(v->error, sizeof v->error, "%s", e->error);
	}
	pthread_mutex_unlock(&e->lock);
}

void
scan_loader_free(struct scan_loader *e)
{
	if (e == NULL)
		return;
	pthread_mutex_lock(&e->lock);
	e->stop = 1;
	pthread_mutex_unlock(&e->lock);
	if (e->have_thread)
		pthread_join(e->thread, NULL);
	scan_engine_free(e->engine);
	pthread_cond_destroy(&e->cond);
	pthread_mutex_destroy(&e->lock);
	free(e);
}
