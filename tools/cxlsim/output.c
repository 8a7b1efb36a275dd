// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Output that fails is reported, never lost: standard output is checked once
 * at the start (closed?) and once at the end (every write and the final
 * flush), and each file the tool writes when it is closed.  One message,
 * `cxlsim: write error: ...`, and exit status 2, whatever the command.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cxlsim.h"

/*
 * Why @f failed, or 0.  stdio drops a buffer whose write failed and keeps
 * only the error flag, so when the final flush has nothing left to write the
 * reason is the errno the failed write left (@saved), or EIO if none did.
 */
static int stream_error(FILE *f, int saved)
{
	errno = 0;
	if (fflush(f))
		return errno ? errno : EIO;
	if (ferror(f))
		return saved ? saved : EIO;
	return 0;
}

int tool_stream_close(FILE *f)
{
	int saved = errno, err = stream_error(f, saved);

	errno = 0;
	if (fclose(f) && !err)
		err = errno ? errno : EIO;
	return err;
}

int tool_fclose(FILE *f, const char *path)
{
	int err = tool_stream_close(f);

	if (!err)
		return 0;
	fprintf(stderr, "cxlsim: write error: %s: %s\n", path, strerror(err));
	return EXIT_USAGE;
}

int tool_stdout_check_open(void)
{
	/* Closed (`>&-`): the next fopen() would get descriptor 1 and print into that file. */
	if (fcntl(STDOUT_FILENO, F_GETFD) == -1) {
		fprintf(stderr, "cxlsim: write error: %s\n", strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

int tool_stdout_close(int ret)
{
	int err = tool_stream_close(stdout);

	/* A command that failed has said why; its exit status already says so. */
	if (!err || ret == EXIT_USAGE)
		return ret;
	fprintf(stderr, "cxlsim: write error: %s\n", strerror(err));
	return EXIT_USAGE;
}
