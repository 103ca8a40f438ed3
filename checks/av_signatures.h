/*
 * av_signatures.h: the facts of the av-signatures check.
 *
 * The check decides whether the antivirus signatures of the inspected
 * system are current: the ClamAV database directory must exist (else fail),
 * hold a daily database (else fail) whose header can be read (else unknown),
 * built no longer ago than max_signature_age_days (else fail) and not in the
 * future (else warn), with a readable main database beside it (else warn).
 * It judges from the headers below, read from the database directory of the
 * inspected system (beneath its root), never from the desk's own.
 *
 * Ownership: the facts own their strings; av_signatures_facts_free() frees
 * them (not the struct itself).
 */
#ifndef REENTRY_AV_SIGNATURES_H
#define REENTRY_AV_SIGNATURES_H

#include <time.h>

#include "check.h"

/* One database (daily, main or bytecode): the newest of its .cld, .cvd and .cud files. */
struct av_signatures_db {
	int present;      /* one of the files exists */
	char *file;       /* that file, a path on the inspected system */
	int ok;           /* its header was read */
	char why[256];    /* when not: the reason */
	char why_ja[256]; /* the same in Japanese */
	unsigned version, sigs;
	time_t built;
	char *builder;
};

/*
 * Microsoft Defender on a Windows installation, from the SOFTWARE hive. The
 * judge applies the same age limit to its last signature update, and fails
 * when it is disabled (by setting or policy) or real-time protection is off,
 * unless another antivirus product is installed (then unknown: its state is
 * not read).
 */
struct av_defender {
	char *hive;               /* the hive file, for messages */
	int present;              /* Windows Defender\Signature Updates exists */
	char *av_version;         /* AVSignatureVersion */
	char *engine_version;     /* EngineVersion */
	time_t updated;           /* SignaturesLastUpdated; 0 when not read */
	char *disabled_by;        /* "policy DisableAntiSpyware=1", ...; NULL when not disabled */
	char *realtime_off_by;    /* "policy DisableRealtimeMonitoring=1", ...; NULL when on */
	struct json *exclusions;  /* array of "Paths: C:\\x", ... */
	struct json *third_party; /* array of installed antivirus products (DisplayName) */
};

struct av_signatures_facts {
	char *dir;       /* the database directory, a path on the inspected system */
	int dir_missing; /* it is not a directory there: nothing else was read */
	struct av_signatures_db daily, main, bytecode;
	struct av_defender *defender; /* Windows only; NULL for ClamAV */
};

void av_signatures_facts_free(void *facts);

/* Debian-like systems: ClamAV's database headers, read with libclamav (checks/linux/av_signatures.c). */
int av_signatures_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);
/* Windows: Microsoft Defender's registry keys (checks/windows/av_signatures.c). */
int av_signatures_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res);

#endif
