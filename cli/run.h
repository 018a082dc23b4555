/* cli/run.h: the `run` and `suite` subcommands (cli/run.c). */
#ifndef MAILPROBE_CLI_RUN_H
#define MAILPROBE_CLI_RUN_H

/* argv[0] is the subcommand; the result is the process exit code. */
int mp_cli_run(int argc, char **argv);
int mp_cli_suite(int argc, char **argv);

#endif
