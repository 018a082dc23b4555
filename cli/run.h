/* cli/run.h: the `run` and `suite` subcommands (cli/run.c). */
#ifndef MAILPROBE_CLI_RUN_H
#define MAILPROBE_CLI_RUN_H

#include <stdbool.h>

#include "mailprobe/replay.h"

/* argv[0] is the subcommand; the result is the process exit code. */
int mp_cli_run(int argc, char **argv);
int mp_cli_suite(int argc, char **argv);

/* The end of a run against servers (run, suite, pcap replay): the table
 * on stdout (when table), results.json to json ("-": stdout) and JUnit
 * XML to junit when given; who starts the error messages. Returns 0 when
 * every check passed, 1 when a MUST or SHOULD check failed, 3 when a
 * check is in error or an output could not be written. */
int mp_cli_results_out(const mp_results *all, const mp_run_info *info, const char *json,
		       const char *junit, bool table, const char *who);

#endif
