/*
 * cmd_keygen.c: `reentry keygen KEYFILE`: make an Ed25519 signing key for
 * reports (OpenSSH format, usable by ssh-keygen too), its .pub file, and
 * print the allowed-signers line auditors need.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "../report/report.h"
#include "../sign/allowed_signers.h"
#include "../sign/sshkey.h"
#include "../util/fileio.h"
#include "../util/text.h"
#include "../util/xalloc.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: reentry keygen [--identity ID] [--comment TEXT] KEYFILE\n\n"
	    "Makes an Ed25519 key for signing reports: KEYFILE (mode 0600, OpenSSH\n"
	    "format, no passphrase) and KEYFILE.pub. Prints the line to add to the\n"
	    "auditors' allowed-signers file and the key's fingerprint. Never\n"
	    "overwrites an existing file. ID (default: USER@HOST) names the signer\n"
	    "in that line.\n");
}

/*
 * Whether s can stand as one allowed-signers principal that names only
 * itself: no blanks, quotes or controls, and none of the list and pattern
 * characters ',', '*', '?' or a leading '!'.
 */
static int
principal_ok(const char *s)
{
	const unsigned char *p;

	if (s[0] == '\0' || s[0] == '#' || s[0] == '!')
		return 0;
	for (p = (const unsigned char *)s; *p; p++)
		if (*p <= ' ' || *p == '"' || *p == 0x7f || *p == ',' || *p == '*' || *p == '?')
			return 0;
	return 1;
}

/* Whether the allowed-signers line allows k for id in the report namespace, as verify will read it. */
static int
line_allows(const char *line, const struct sshkey *k, const char *id)
{
	struct signer_query q = { k, id, REPORT_SIG_NAMESPACE, time(NULL) };
	struct signer_match m;
	int r = allowed_signers_find_buf("keygen", line, strlen(line), &q, &m);

	allowed_signers_match_clear(&m);
	return r == 1;
}

int
cmd_keygen(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "identity", required_argument, NULL, 'i' },
		{ "comment", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *identity = NULL, *comment = NULL, *path;
	char err[1024], host[256], *id = NULL, *priv = NULL, *publine = NULL, *pubfile = NULL;
	char *pubtext = NULL, *fp = NULL, *safe;
	struct sshkey *k = NULL;
	int ch, rc = EXIT_USAGE;

	while ((ch = getopt_long(argc, argv, "i:C:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'i': identity = optarg; break;
		case 'C': comment = optarg; break;
		case 'h': usage(stdout); return EXIT_GOOD;
		case 'V': return cli_version();
		default: return cli_usage_error("keygen ", "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("keygen ", "name one KEYFILE");
	path = argv[optind];
	if (identity == NULL) {
		const char *user = getenv("USER");

		if (gethostname(host, sizeof host) < 0)
			strcpy(host, "localhost");
		host[sizeof host - 1] = '\0';
		id = xasprintf("%s@%s", user != NULL && user[0] != '\0' ? user : "reentry", host);
	} else
		id = xstrdup(identity);
	if (!principal_ok(id)) {
		safe = text_sanitize(id);
		rc = cli_usage_error("keygen ",
		    "identity '%s' must not be empty or hold blanks, quotes, ',', '*', '?' or a "
		    "leading '!' (an allowed-signers line reads those as lists and patterns)",
		    safe);
		free(safe);
		goto out;
	}
	if (comment == NULL)
		comment = id;
	if (access(path, F_OK) == 0) {
		safe = text_sanitize(path);
		cli_warnx("%s: already exists; not overwriting a key", safe);
		free(safe);
		goto out;
	}
	pubfile = xasprintf("%s.pub", path);
	if (access(pubfile, F_OK) == 0) {
		safe = text_sanitize(pubfile);
		cli_warnx("%s: already exists; not overwriting a key", safe);
		free(safe);
		goto out;
	}
	if ((k = sshkey_generate(err, sizeof err)) == NULL) {
		cli_warnx("%s", err);
		goto out;
	}
	priv = sshkey_private_file(k, comment);
	if (file_write_new(path, priv, strlen(priv), 0600, err, sizeof err) < 0) {
		safe = text_sanitize(err);
		cli_warnx("%s", safe);
		free(safe);
		goto out;
	}
	publine = sshkey_public_line(k);
	pubtext = xasprintf("%s %s\n", publine, comment);
	if (file_write_new(pubfile, pubtext, strlen(pubtext), 0644, err, sizeof err) < 0) {
		safe = text_sanitize(err);
		cli_warnx("%s", safe);
		free(safe);
		goto out;
	}
	fp = sshkey_fingerprint(k);
	safe = text_sanitize(path);
	printf("Wrote %s (private, mode 0600) and %s.pub\n", safe, safe);
	free(safe);
	safe = text_sanitize(comment);
	printf("Fingerprint: 256 %s %s (ED25519)\n", fp, safe);
	free(safe);
	free(pubtext);
	pubtext = xasprintf("%s namespaces=\"%s\" %s\n", id, REPORT_SIG_NAMESPACE, publine);
	if (!line_allows(pubtext, k, id))
		fatal("keygen: the allowed-signers line made for %s does not allow its key", id);
	printf("Allowed-signers line for auditors (ssh-keygen -Y verify, reentry verify):\n");
	fputs(pubtext, stdout);
	rc = fflush(stdout) == 0 ? EXIT_GOOD : EXIT_USAGE;
out:
	if (priv != NULL) {
		xwipe(priv, strlen(priv));
		free(priv);
	}
	sshkey_free(k);
	free(id);
	free(pubfile);
	free(publine);
	free(pubtext);
	free(fp);
	return rc;
}
