"""Runs a command and reports its wall time and peak memory, the same way for every tool the bench compares.

Usage: python3 rusage.py RESULT_FILE STDOUT_FILE COMMAND [ARG...]
  Writes {"rc", "wallMs", "maxRssKiB", "cpuMs"} to RESULT_FILE; the command's stdout goes to STDOUT_FILE (/dev/null to drop
  it), its stderr passes through. The clock starts just before the fork and stops when the command has exited, so the
  wrapper's own start-up is not counted; maxRssKiB is the largest resident set of any process the command waited for
  (ru_maxrss of RUSAGE_CHILDREN), i.e. the peak of the tool itself; cpuMs the user and system CPU time of the
  command and every process it waited for (all the curls of a floor, say).
"""
import json
import resource
import subprocess
import sys
import time


def main():
    result_file, stdout_file, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(stdout_file, 'wb') as out:
        begin = time.perf_counter()
        rc = subprocess.call(cmd, stdout=out)
        wall = time.perf_counter() - begin
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(result_file, 'w') as f:
        json.dump({'rc': rc, 'wallMs': round(wall * 1000, 1), 'maxRssKiB': used.ru_maxrss,
                   'cpuMs': round((used.ru_utime + used.ru_stime) * 1000, 1)}, f)
    return 0


if __name__ == '__main__':
    sys.exit(main())
