/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Running commands for the tool tests that feed standard input (shell, tutorial). */
#ifndef CXLSIM_TEST_RUN_CMD_H
#define CXLSIM_TEST_RUN_CMD_H

/* Write @text to a fresh temporary file; returns its malloc'd name. */
char *run_cmd_temp(const char *text);
/*
 * `sh -c CMD` with @input (NULL: none) on standard input, standard error
 * merged into standard output; returns the exit status (-1: killed) and the
 * output in a malloc'd *@out.
 */
int run_cmd(const char *cmd, const char *input, char **out);
/*
 * The tool ($CXLSIM_TOOL) with @args, standard error sent to @err ("" keeps
 * it, else a redirection such as "2>/dev/null"); as run_cmd().
 */
int run_tool(const char *args, const char *err, char **out);
/* Drop from @s, in place, every line that holds @mark or @mark2 (NULL: none). */
void run_cmd_drop_lines(char *s, const char *mark, const char *mark2);

#endif
