/*
 * progress.h: what long work (a check, a scan) reports as it goes, and how
 * the caller asks it to stop.
 *
 * The worker calls the callback now and then (ncdu-style, throttled by the
 * worker); a non-zero return asks it to stop, and it then ends as unknown,
 * never as clean. Strings in the struct are valid only during the call.
 */
#ifndef REENTRY_PROGRESS_H
#define REENTRY_PROGRESS_H

#include <stdint.h>

struct progress {
	const char *phase;    /* "counting", "loading", "scanning", ... (English) */
	const char *phase_ja; /* the same in Japanese, or NULL */
	uint64_t items_done;  /* files, packages, ... */
	uint64_t items_total; /* 0 while unknown */
	uint64_t bytes_done;
	uint64_t bytes_total;
	double rate;         /* bytes per second, 0 when unknown */
	double eta;          /* seconds left, negative when unknown */
	const char *current; /* current file: untrusted bytes, sanitise before display */
};

/* Returns non-zero to ask the worker to stop. */
typedef int (*progress_fn)(void *arg, const struct progress *p);

#endif
