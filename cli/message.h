/* cli/message.h: `parse message` and `lint` (cli/message.c). */
#ifndef MP_CLI_MESSAGE_H
#define MP_CLI_MESSAGE_H

#include <stdbool.h>

/* `mailprobe parse message FILE|-`: JSON lines; returns the exit code. */
int mp_cli_parse_message(const char *file, bool lenient);
/* `mailprobe lint ...` (argv[0] is "lint"); returns the exit code. */
int mp_cli_lint(int argc, char **argv);

#endif
