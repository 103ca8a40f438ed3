#!/usr/bin/env python3
"""cputime.py: runs a command and appends the CPU time it used to a file.

    python3 bench/cputime.py OUT COMMAND [ARG...]

The figure is user + system time of the command's process and all its
threads (wait4's resource usage), in microseconds, one line per run. On a
machine shared with other work it changes far less than the wall time,
which also counts the time spent waiting for a core. The command inherits
the terminal, so it draws where it would without this wrapper.
"""
import os
import sys

out, argv = sys.argv[1], sys.argv[2:]
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
with open(out, "a") as f:
    f.write("%d\n" % round((ru.ru_utime + ru.ru_stime) * 1e6))
sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)
