/*
 * remote_access.h: the remote-access check's facts.
 *
 * The check decides what on the device accepts connections from the
 * network and which remote-access setups it carries, from: the listening
 * sockets (with their programs where /proc says), the SSH server's
 * settings as sshd reads them and whether it runs, and the VPN and
 * remote-desktop configuration files found, in the order they were found.
 * Which ports and files are expected is the judge's business (the
 * allow_ports and allow_configs parameters), not the probe's.
 *
 * Ownership: the facts own every string, array and JSON value in them;
 * remote_access_facts_free() frees them (not the struct itself).
 */
#ifndef REENTRY_REMOTE_ACCESS_H
#define REENTRY_REMOTE_ACCESS_H

#include <arpa/inet.h>
#include <stddef.h>

#include "check.h"
#include "../util/json.h"

/* A listening socket from /proc/net/{tcp,tcp6,udp,udp6}. */
struct ra_listener {
	char proto[5];               /* "tcp", "tcp6", "udp", "udp6" */
	char addr[INET6_ADDRSTRLEN]; /* as inet_ntop writes it */
	unsigned port;
	unsigned long inode;
	int loopback;
	char *program; /* its program (comm, or "pid N"), or NULL */
};

/* The sshd keywords read, as indexes into the settings. */
enum { RA_SSH_ROOT, RA_SSH_PASSWORD, RA_SSH_KBD, RA_SSH_USEPAM, RA_SSH_AUTHMETHODS, RA_SSH_NKW };
#define RA_SSH_MAX_PORTS 16
#define RA_SSH_MAX_LISTEN 16

/* One VPN / remote-desktop finding, or a place that could not be read, in the order found. */
enum ra_config_what {
	RA_CONFIG_FOUND,           /* kind, file, name (may be NULL) */
	RA_CONFIG_DIR_UNREADABLE,  /* file: the directory */
	RA_CONFIG_FILE_UNREADABLE, /* file: a NetworkManager connection that could not be read */
};
struct ra_config {
	enum ra_config_what what;
	char *kind; /* "OpenVPN", "NetworkManager VPN org.freedesktop...", ... */
	char *file;
	char *name;
};

struct remote_access_facts {
	struct json *errors; /* array of "PATH[:LINE]: reason", in the order met */

	struct ra_listener *listeners; /* every listener, loopback ones included */
	size_t nlisteners;
	int tables_present; /* at least one socket table exists */
	int tables_bad;     /* a socket table could not be read or parsed */

	int sshd_config;  /* /etc/ssh/sshd_config exists */
	char *sshd_error; /* "FILE:LINE: reason" when it could not be read whole */
	/*
	 * As in sshd, the first value of a keyword wins among the global lines
	 * ([0]), and again among the "Match all" blocks ([1]), which then
	 * override the global value. NULL: not set. where: "FILE:LINE".
	 */
	char *sshd_val[2][RA_SSH_NKW];
	char *sshd_where[2][RA_SSH_NKW];
	unsigned sshd_order[2][RA_SSH_NKW];    /* which of the two values was read first */
	unsigned sshd_lines;                   /* directives read, for sshd_order */
	unsigned sshd_ports[RA_SSH_MAX_PORTS]; /* Port lines; none: sshd's 22 */
	size_t sshd_nports;
	/* ListenAddress arguments as written ("127.0.0.1", "[::1]:2222"); none: every address */
	char *sshd_listen[RA_SSH_MAX_LISTEN];
	size_t sshd_nlisten;
	struct json *sshd_conditional; /* "FILE:LINE: KEYWORD yes inside a Match block" */
	int live;         /* the target is the running system: sshd_running was looked at */
	int sshd_running; /* live only: a process named sshd runs (read if the config parsed) */
	int sshd_enabled; /* ssh.service, sshd.service or ssh.socket is enabled at boot */

	struct ra_config *configs;
	size_t nconfigs;

	int sockets_unseen; /* a system read from its disk (Windows): its sockets cannot be seen */
};

void remote_access_facts_free(void *facts);

/* The Debian-like probe (checks/linux/remote_access.c). */
int remote_access_probe_linux(const struct check_ctx *ctx, void *facts, struct check_result *res);
/* Windows: RDP, Remote Assistance and remote-access services from the registry (checks/windows/remote_access.c). */
int remote_access_probe_windows(const struct check_ctx *ctx, void *facts, struct check_result *res);

#endif
