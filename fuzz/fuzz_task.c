/*
 * fuzz_task.c: libFuzzer target for the reader of Windows scheduled-task
 * files (checks/windows/autoruns.c): UTF-16 or UTF-8 XML in, the Exec
 * command and whether its program is outside the system folders out.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../checks/windows/autoruns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *cmd;
	int outside;

	(void)autoruns_task_command((const char *)data, size, &cmd, &outside);
	free(cmd);
	return 0;
}
