/*
 * interrupt.c: ^C during a long command (cli.h). The first SIGINT or
 * SIGTERM only records itself: the command's progress callback answers it,
 * so a scan stops within a second and reports what it did not finish as not
 * scanned, never clean. The handler is reset by its first call, so a second
 * ^C ends the process at once as usual.
 */
#include <signal.h>
#include <string.h>

#include "cli.h"

static volatile sig_atomic_t cli_signal;

/* Records the signal; the work in progress sees it through cli_interrupted(). */
static void
cli_on_signal(int sig)
{
	cli_signal = sig;
}

void
cli_interrupt_catch(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = cli_on_signal;
	sa.sa_flags = SA_RESETHAND | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

int
cli_interrupted(void)
{
	return cli_signal;
}
